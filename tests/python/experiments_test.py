"""compare(), sweep(), sensitivity() and world() from Python."""
import numpy as np
import pandas as pd
import pytest

import panopticon
from panopticon_test_helpers import small


def test_compare_without_all_on_common_random_numbers():
    scenario = small(steps=120, cameras={"enabled": True, "start_tick": 40, "coverage": 0.6},
                     outputs={"short_window": 30, "long_window": 30})
    table = panopticon.compare(scenario, without="all", replicates=3)
    assert {"window", "metric", "with_mean", "baseline_mean", "difference", "p_holm"} <= set(table.columns)
    assert table.attrs["replicates"] == 3
    pairs = panopticon.compare(scenario, without=["cameras"], replicates=3, pairs=True)
    assert len(pairs) == 3 * len(table)
    # The comparison is the mean of the pairs' differences.
    row = table[(table.window == "long_term") & (table.metric == "mean_active")].iloc[0]
    mine = pairs[(pairs.window == "long_term") & (pairs.metric == "mean_active")]
    assert row.difference == pytest.approx(mine.difference.mean())
    with pytest.raises(ValueError, match="exactly one baseline"):
        panopticon.compare(scenario)
    with pytest.raises(panopticon.ScenarioError, match="camras"):
        panopticon.compare(scenario, without="camras")


def test_sweep_returns_its_runs_and_resumes(source, tmp_path):
    plan = source / "experiments" / "smoke" / "run2-legitimacy.toml"
    out = tmp_path / "sweep"
    runs = panopticon.sweep(plan, out=out, workers=2)
    assert isinstance(runs, pd.DataFrame) and len(runs) > 0
    assert (runs["status"] == "ok").all()
    assert runs.attrs["directory"] == str(out)
    # Again: a finished sweep runs nothing and keeps its tables.
    points = panopticon.sweep(plan, out=out, table="points")
    assert len(points) == runs["point"].nunique()
    assert pd.read_csv(out / "runs.csv").equals(runs)
    with pytest.raises(ValueError, match="runs"):
        panopticon.sweep(plan, out=out, table="nope")


def test_sensitivity_has_salibs_columns(source, tmp_path):
    plan = source / "experiments" / "smoke" / "run2-sobol.toml"
    table = panopticon.sensitivity(plan, out=tmp_path / "sobol")
    assert {"S1", "S1_conf", "ST", "ST_conf"} <= set(table.columns)


def test_world_returns_country_years(source, tmp_path):
    world = source / "scenarios" / "world" / "synthetic.toml"
    years = panopticon.world(world, out=tmp_path / "w", baseline=False,
                             overrides={"world.end_year": 2014, "synthetic.count": 8, "synthetic.regions": 2})
    assert {"country", "year"} <= set(years.columns)
    adoptions = pd.read_csv(tmp_path / "w" / "adoptions.csv")
    assert isinstance(adoptions, pd.DataFrame)


def test_errors_carry_the_command_lines_messages(source, tmp_path):
    bad = tmp_path / "plan.toml"
    bad.write_text("[sweep]\nscenario = \"nowhere.toml\"\n")
    with pytest.raises(panopticon.PanopticonError):
        panopticon.sweep(bad, out=tmp_path / "s")
    with pytest.raises(panopticon.PanopticonError):
        panopticon.world(tmp_path / "missing.toml", out=tmp_path / "w")
