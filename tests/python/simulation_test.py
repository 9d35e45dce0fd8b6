"""panopticon.Simulation: stepping, queries, views, changes, state."""
import gc
import threading

import numpy as np
import pandas as pd
import pytest

import panopticon
from panopticon_test_helpers import small


def test_run_steps_to_the_scenarios_end_and_results_has_a_row_per_tick(run2):
    sim = panopticon.Simulation(run2, seed=1, overrides={"model.steps": 40})
    assert sim.tick == 0 and sim.steps == 40
    sim.run()
    assert sim.tick == 40
    results = sim.results()
    assert isinstance(results, pd.DataFrame)
    assert len(results) == 41 and results.index.name == "tick"
    counts = sim.counts()
    last = results.iloc[-1]
    assert counts["tick"] == 40
    for key in ("quiet", "active", "jailed"):
        assert last[key] == counts[key]
    assert counts["quiet"] + counts["active"] + counts["jailed"] == sim.citizens


def test_same_seed_same_run_and_another_seed_another(run2):
    def actives(seed):
        sim = panopticon.Simulation(run2, seed=seed, overrides={"model.steps": 30})
        sim.run()
        return sim.results()["active"].to_numpy()

    assert np.array_equal(actives(5), actives(5))
    assert not np.array_equal(actives(5), actives(6))


@pytest.mark.parametrize("activation", ["synchronous", "random_sequential"])
@pytest.mark.parametrize("scenario", ["run2", "full"])
def test_results_equal_the_command_lines_ticks_csv(request, scenario, activation, tmp_path):
    import os
    import subprocess

    binary = os.environ.get("PANOPTICON_BIN")
    if not binary:
        pytest.skip("PANOPTICON_BIN not set")
    path = request.getfixturevalue(scenario)
    sets = ["model.seed=9", f"model.activation={activation}", "lattice.width=30", "lattice.height=30"]
    out = tmp_path / "run"
    command = [binary, "run", path, "--steps", "60", "--out", str(out)]
    for s in sets:
        command += ["--set", s]
    subprocess.run(command, check=True, capture_output=True)
    ticks = pd.read_csv(out / "ticks.csv")
    typed = {"model.seed": 9, "model.activation": activation, "lattice.width": 30,
             "lattice.height": 30, "model.steps": 60}
    sim = panopticon.Simulation(path, overrides=typed)
    sim.run()
    mine = sim.results().reset_index()
    assert list(ticks.columns) == list(mine.columns)
    for key in ticks.columns:
        assert np.allclose(ticks[key].to_numpy(float), mine[key].to_numpy(float),
                           rtol=1e-12, atol=1e-12, equal_nan=True), key


def test_a_bad_scenario_file_raises_with_its_file_and_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[lattice]\nwidth = 40\nheight = -2\n")
    with pytest.raises(panopticon.ScenarioError) as error:
        panopticon.Simulation(bad)
    assert str(error.value).startswith(f"{bad}:3:")
    assert error.value.place == (str(bad), 3, 1) or error.value.place[:2] == (str(bad), 3)


def test_a_dict_scenario_gets_the_files_checks_and_messages():
    sim = panopticon.Simulation(small(), overrides={"legitimacy.initial": 0.7})
    assert sim.width == 24
    assert "0.7" in sim.scenario_toml()
    with pytest.raises(panopticon.ScenarioError) as error:
        panopticon.Simulation({"lattice": {"width": -3}})
    assert error.value.key == "lattice.width"
    assert "from 1" in error.value.allowed
    assert isinstance(error.value, ValueError)
    with pytest.raises(panopticon.ScenarioError, match="did you mean"):
        panopticon.Simulation({"lattice": {"widht": 30}})
    with pytest.raises(TypeError, match="lattice.width"):
        panopticon.Simulation({"lattice": {"width": object()}})
    with pytest.raises(TypeError, match="a path"):
        panopticon.Simulation(42)


def test_a_bad_path_names_the_file(tmp_path):
    with pytest.raises(panopticon.ScenarioError, match="does not exist"):
        panopticon.Simulation(str(tmp_path / "missing.toml"))
    with pytest.raises(panopticon.ScenarioError, match="directory"):
        panopticon.Simulation(tmp_path)
    empty = tmp_path / "empty.toml"
    empty.write_text("# nothing\n")
    with pytest.raises(panopticon.ScenarioError):
        panopticon.Simulation(empty)


def test_a_lattice_too_big_is_refused_before_allocating():
    with pytest.raises(panopticon.ScenarioError, match="memory|estimate"):
        panopticon.Simulation({"lattice": {"width": 60000, "height": 60000}})


def test_columns_are_read_only_views_that_follow_the_model(run2):
    sim = panopticon.Simulation(run2, seed=2, overrides={"model.activation": "random_sequential"})
    names = [c["name"] for c in sim.columns()]
    assert names[:5] == ["state", "cell", "hardship", "risk_aversion", "legitimacy"]
    state = sim.column("state")
    assert state.dtype == np.uint8 and len(state) == sim.citizens
    assert sim.column_is_view("state")
    with pytest.raises(ValueError):
        state[0] = 1
    before = state.copy()
    sim.step(20)
    assert not np.array_equal(before, state), "a view shows the model as it steps"
    assert np.array_equal(state, sim.column("state"))
    counts = np.bincount(state, minlength=6)
    assert counts[2] == sim.counts()["active"]
    with pytest.raises(KeyError, match="its columns"):
        sim.column("nope")


def test_a_view_outlives_its_mechanism_and_the_simulation():
    sim = panopticon.Simulation(small(), seed=1)
    sim.step(2)
    sim.adopt("cameras", coverage=0.5)
    sim.step(3)
    assert sim.mechanisms == ["cameras"]
    seen = sim.column("cameras_last_seen")
    kept = seen.copy()
    sim.retire("cameras")
    sim.step(2)
    assert "cameras_last_seen" not in [c["name"] for c in sim.columns()]
    # Still readable: the storage is shared with the view, not freed.
    assert np.array_equal(seen, kept)
    del sim
    gc.collect()
    assert np.array_equal(seen, kept)


def test_lattice_codes_count_the_agents(run2):
    sim = panopticon.Simulation(run2, seed=4)
    sim.step(5)
    lattice = sim.lattice()
    assert lattice.shape == (sim.height, sim.width) and lattice.dtype == np.uint8
    codes = {v: k for k, v in panopticon.CELL_CODES.items()}
    assert (lattice == codes["cop"]).sum() == sim.counts()["cops"]
    assert (lattice == codes["active"]).sum() == sim.counts()["active"]


def test_adopt_between_steps_and_clones_diverge_only_by_it():
    base = panopticon.Simulation(small(steps=80), seed=3)
    base.step(20)
    treated = base.clone()
    assert treated.state_hash() == base.state_hash()
    treated.adopt("cameras", coverage=0.8)
    base.run()
    treated.run()
    assert treated.results()["cameras_count"].iloc[-1] > 0
    assert "cameras_count" not in base.results() or base.results()["cameras_count"].iloc[-1] == 0
    assert base.results().iloc[:21].equals(treated.results().iloc[:21])
    assert treated.events() == [(21, "adopt cameras(coverage=0.8)")]
    with pytest.raises(panopticon.ScenarioError, match="did you mean cameras"):
        base.adopt("camras")
    with pytest.raises(panopticon.ScenarioError, match="coverage"):
        base.adopt("cameras", coverage=2.0)


def test_clones_have_identical_futures(full):
    sim = panopticon.Simulation(full, seed=5, overrides={"lattice.width": 24, "lattice.height": 24})
    sim.step(40)
    twin = sim.clone()
    sim.step(60)
    twin.step(60)
    assert twin.state_hash() == sim.state_hash()
    assert twin.results().equals(sim.results())
    assert np.array_equal(twin.lattice(), sim.lattice())


def test_set_changes_a_live_parameter_from_the_next_tick():
    sim = panopticon.Simulation(small(), seed=1)
    sim.step(5)
    sim.set("legitimacy.initial", 0.3)
    sim.step(1)
    assert sim.results()["legitimacy"].iloc[-1] == pytest.approx(0.3)
    assert sim.results()["legitimacy"].iloc[5] == pytest.approx(0.82)
    with pytest.raises(panopticon.ScenarioError, match="from 0 to 1"):
        sim.set("legitimacy.initial", 3)
    with pytest.raises(panopticon.ScenarioError):
        sim.set("lattice.width", 10)


def test_snapshot_and_restore_continue_exactly(full):
    sim = panopticon.Simulation(full, seed=7, overrides={"lattice.width": 24, "lattice.height": 24})
    sim.step(30)
    snap = sim.snapshot()
    assert snap.tick == 30 and snap.nbytes > 0
    again = panopticon.Simulation.restore(snap)
    sim.step(20)
    again.step(20)
    assert again.state_hash() == sim.state_hash()
    assert again.results().equals(sim.results())


def test_threads_step_simulations_at_once_with_the_same_results(run2):
    def run(seed):
        sim = panopticon.Simulation(run2, seed=seed, overrides={"model.steps": 60})
        sim.run()
        return sim.results()

    alone = [run(s) for s in (1, 2)]
    together = [None, None]

    def work(i):
        together[i] = run(i + 1)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert alone[0].equals(together[0]) and alone[1].equals(together[1])


def test_a_simulation_used_while_another_thread_steps_it_raises(run2):
    sim = panopticon.Simulation(run2, seed=1, overrides={"lattice.width": 300, "lattice.height": 300,
                                                          "model.steps": 100000})
    started = threading.Event()
    errors = []

    def stepper():
        started.set()
        sim.step(400)

    t = threading.Thread(target=stepper)
    t.start()
    started.wait()
    # The stepping thread holds the simulation for 400 ticks of 300x300;
    # some call below meets it busy (none waits or races).
    for _ in range(2000):
        try:
            sim.counts()
        except RuntimeError as e:
            errors.append(str(e))
            break
    t.join()
    assert errors and "another thread" in errors[0]
    assert sim.tick == 400


def test_step_rejects_a_negative_count(run2):
    sim = panopticon.Simulation(run2)
    with pytest.raises(ValueError, match="0 or more"):
        sim.step(-1)
