"""`panopticon report DIR`: the page of each kind of output directory, and bad input.

    PANOPTICON_BIN=build/panopticon /usr/bin/python3 -m pytest tests/report/report_test.py

The directories are made by the real program (PANOPTICON_BIN) from small
runs and plans, once per session: a run with the compliance layer, a run of
Model I, a compare, a factorial sweep with per-tick series, a two-level
design, and Sobol and Morris sensitivity analyses; and, by `panopticon
world`, two worlds of five countries of 300 agents over four years (one
simulated with 3 replicates and its baseline, one historical without). Each
report must be one file with no network reference, every <img> a data URI
holding a PNG, and the figure headings of its kind; bad input gives exit
status 2 and a message naming the file or directory; undefined (NaN) values
never crash.
"""

import base64
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

SOURCE = Path(os.environ.get("PANOPTICON_SOURCE", Path(__file__).resolve().parents[2]))
BIN = os.environ.get("PANOPTICON_BIN", str(SOURCE / "build" / "panopticon"))
SCRIPT = SOURCE / "scripts" / "report.py"
PYTHON = "/usr/bin/python3"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
FULL = SOURCE / "scenarios" / "compliance" / "full.toml"
RUN2 = SOURCE / "scenarios" / "epstein-2002" / "run2.toml"
SMALL = ['"lattice.width" = 30', '"lattice.height" = 30', '"model.steps" = 400']

RUN_HEADINGS = ["Time series of the run", "Short term against long term: stability",
                "Short term against long term: liberty", "Short term against long term: cost"]
COMPARE_HEADINGS = [f"Trade-off, short term against long term: {g}"
                    for g in ("stability", "liberty", "cost")]
SERIES_SWEEP_HEADINGS = ["Time series across replicates", "Stability against liberty: the frontier",
                         "Short term against long term, per point", "Metrics across the points"]
TWO_LEVEL_HEADINGS = ["Main effects of the two-level design",
                      "Two-way interactions of the two-level design",
                      "Stability against liberty: the frontier"]


def panopticon(*arguments, env=None):
    """Run the program; returns the completed process (output captured as text)."""
    return subprocess.run([BIN, *map(str, arguments)], capture_output=True, text=True,
                          env=env, timeout=120)


def checked(*arguments):
    """Run the program and insist that it succeeds."""
    result = panopticon(*arguments)
    assert result.returncode == 0, f"{arguments}: exit {result.returncode}\n{result.stderr}"
    return result


def reports_side_by_side(directories):
    """`panopticon report DIR` for each of {name: DIR} at once (drawing is most of the time).

    Returns {name: stdout}, after checking that each succeeded.
    """
    running = {name: subprocess.Popen([BIN, "report", str(d)], stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True)
               for name, d in directories.items()}
    outputs = {}
    for name, process in running.items():
        stdout, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, f"report {name}: exit {process.returncode}\n{stderr}"
        outputs[name] = stdout
    return outputs


def write_plan(path, sweep, body=""):
    """A sweep plan: [sweep] keys, then the small lattice and BODY."""
    lines = ["[sweep]", *sweep, "", "[set]", *SMALL, "", body]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def sweep_dir(factory, name, command, sweep, body=""):
    """Run `panopticon sweep|sensitivity` on a plan and return its output directory."""
    work = factory.mktemp(name)
    plan = write_plan(work / "plan.toml", sweep, body)
    checked(command, plan, "--out", work / "out", "--workers", "2")
    return work / "out"


@pytest.fixture(scope="session")
def directories(tmp_path_factory):
    """Every kind of output directory, made once for the whole session."""
    made = {}
    run = tmp_path_factory.mktemp("run") / "out"
    checked("run", FULL, "--steps", 400, "--set", "lattice.width=30", "--set",
            "lattice.height=30", "--out", run)
    made["run"] = run
    model1 = tmp_path_factory.mktemp("model1") / "out"
    checked("run", RUN2, "--steps", 150, "--out", model1)
    made["model1"] = model1
    compare = tmp_path_factory.mktemp("compare") / "out"
    checked("compare", FULL, "--without", "cameras,ijop", "--replicates", 3, "--steps", 400,
            "--set", "lattice.width=30", "--set", "lattice.height=30", "--out", compare)
    made["compare"] = compare
    made["series"] = sweep_dir(
        tmp_path_factory, "series", "sweep",
        [f'scenario = "{FULL}"', 'design = "factorial"', "replicates = 3", "seed = 1",
         "series = true",
         'metrics = ["long_term.mean_active", "short_term.mean_active", '
         '"long_term.falsification_gap", "short_term.falsification_gap", '
         '"long_term.cost_per_1000_per_year", "long_term.outburst_waiting_time"]'],
        '[[vary]]\nkey = "cameras.coverage"\nvalues = [0.1, 0.6]\n')
    made["two_level"] = sweep_dir(
        tmp_path_factory, "two_level", "sweep",
        [f'scenario = "{FULL}"', 'design = "two_level"',
         'mechanisms = ["cameras", "ijop", "telecom"]', "replicates = 2", "seed = 1",
         'metrics = ["long_term.mean_active", "long_term.expressed_dissent", '
         '"long_term.wrongful_detentions_per_1000", "long_term.cost_per_1000_per_year", '
         '"long_term.flag_precision"]'])
    sampled = [f'scenario = "{RUN2}"', "replicates = 1", "seed = 1",
               'metrics = ["outbursts", "total_arrests", "peak_active"]']
    factors = ('[[vary]]\nkey = "legitimacy.initial"\nmin = 0.75\nmax = 0.9\n\n'
               '[[vary]]\nkey = "cops.density"\nmin = 0.02\nmax = 0.06\n')
    made["sobol"] = sweep_dir(tmp_path_factory, "sobol", "sensitivity",
                              sampled + ['design = "sobol"', "samples = 8"],
                              "[sensitivity]\nresamples = 100\n\n" + factors)
    made["morris"] = sweep_dir(tmp_path_factory, "morris", "sensitivity",
                               sampled + ['design = "morris"', "samples = 4", "levels = 4"],
                               factors)
    return made


@pytest.fixture(scope="session")
def reports(directories):
    """Each directory's report, written by `panopticon report DIR` (kind -> (path, stdout))."""
    before = {kind: sorted(p.name for p in d.iterdir()) for kind, d in directories.items()}
    outputs = reports_side_by_side(directories)
    written = {}
    for kind, directory in directories.items():
        after = sorted(p.name for p in directory.iterdir())
        assert after == sorted(before[kind] + ["report.html"]), f"{kind}: wrote more than one file"
        written[kind] = (directory / "report.html", outputs[kind])
    return written


def check_page(path):
    """One self-contained page: no network reference, every <img> a PNG data URI."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "http://" not in text and "https://" not in text, f"{path}: a network reference"
    assert not re.search(r"<(link|script)\b", text), f"{path}: an external resource"
    images = re.findall(r"<img\b[^>]*>", text)
    assert images, f"{path}: no figure"
    for image in images:
        match = re.search(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', image)
        assert match, f"{path}: an <img> that is not a PNG data URI: {image[:80]}"
        data = base64.b64decode(match.group(1), validate=True)
        assert data.startswith(PNG_SIGNATURE) and len(data) > 1000, f"{path}: an empty PNG"
    return text


def headings(text):
    """The <h2> headings of a page."""
    return re.findall(r"<h2>([^<]*)</h2>", text)


@pytest.mark.parametrize("kind, expected", [
    ("run", RUN_HEADINGS),
    ("model1", ["Time series of the run"]),
    ("compare", COMPARE_HEADINGS),
    ("series", SERIES_SWEEP_HEADINGS),
    ("two_level", TWO_LEVEL_HEADINGS),
    ("sobol", ["Sobol sensitivity indices", "Metrics across the points"]),
    ("morris", ["Morris elementary effects", "Metrics across the points"]),
])
def test_report_of_each_kind(reports, kind, expected):
    path, stdout = reports[kind]
    text = check_page(path)
    found = headings(text)
    for heading in expected:
        assert heading in found, f"{kind}: no figure headed {heading!r} in {found}"
        # a drawn figure: its section holds an image, not only a note
        section = text.split(f"<h2>{heading}</h2>", 1)[1].split("</section>", 1)[0]
        assert "<img " in section, f"{kind}: {heading!r} not drawn"
    assert f"report: {path}" in stdout
    assert "Sources:" in text and "Conventions" in text


def test_undefined_metrics_are_named_not_drawn(reports):
    text = reports["series"][0].read_text(encoding="utf-8")
    assert "long_term.outburst_waiting_time: undefined at every point" in text
    assert 'class="note"' in text


def test_model1_sweep_without_groups_says_why_no_frontier(reports):
    text = reports["morris"][0].read_text(encoding="utf-8")
    assert "no stability metric and liberty metric" in text


def test_out_file_with_spaces_quotes_and_dash(tmp_path, directories):
    target = tmp_path / "a dir with 'quotes' and \"double\""
    target.mkdir()
    out = target / "-report file.html"
    source = directories["model1"]
    before = sorted(p.name for p in source.iterdir())
    checked("report", source, "--out", out)
    check_page(out)
    assert sorted(p.name for p in target.iterdir()) == ["-report file.html"]
    assert sorted(p.name for p in source.iterdir()) == before


def test_script_runs_alone(tmp_path, directories):
    out = tmp_path / "alone.html"
    result = subprocess.run([PYTHON, SCRIPT, directories["model1"], "--out", out],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    check_page(out)


def test_directory_with_nothing_known(tmp_path):
    (tmp_path / "notes.txt").write_text("nothing a report can use\n")
    result = panopticon("report", tmp_path)
    assert result.returncode == 2
    assert str(tmp_path) in result.stderr and "looked for" in result.stderr
    for name in ("ticks.csv", "tradeoff.csv", "sweep.json", "world.json"):
        assert name in result.stderr
    assert not (tmp_path / "report.html").exists()


def test_missing_directory(tmp_path):
    result = panopticon("report", tmp_path / "absent")
    assert result.returncode == 2 and "absent: no such directory" in result.stderr


def test_missing_file_is_named(tmp_path, directories):
    copy = tmp_path / "sweep"
    shutil.copytree(directories["two_level"], copy)
    (copy / "points.csv").unlink()
    result = panopticon("report", copy)
    assert result.returncode == 2
    assert f"{copy / 'points.csv'}: missing" in result.stderr


def test_unreadable_file_is_named(tmp_path, directories):
    copy = tmp_path / "run"
    shutil.copytree(directories["run"], copy)
    (copy / "summary.json").write_text('{"ticks": 400, "outbursts": ')
    result = panopticon("report", copy)
    assert result.returncode == 2
    assert f"{copy / 'summary.json'}: not valid JSON" in result.stderr


def test_nan_cells_do_not_crash(tmp_path, directories):
    # A run whose every exposure cell and every liberty metric is undefined.
    run = tmp_path / "run"
    shutil.copytree(directories["run"], run)
    ticks = (run / "ticks.csv").read_text().splitlines()
    column = ticks[0].split(",").index("exposure")
    blanked = [ticks[0]] + [",".join("" if i == column else c
                                     for i, c in enumerate(line.split(",")))
                            for line in ticks[1:]]
    (run / "ticks.csv").write_text("\n".join(blanked) + "\n")
    summary = (run / "summary.json").read_text()
    summary = re.sub(r'("(?:falsification_gap|expressed_dissent)": )[-0-9.e]+', r"\1null",
                     summary)
    (run / "summary.json").write_text(summary)

    # A sweep whose liberty metric is empty at every point, with empty
    # standard errors and an undefined index.
    sweep = tmp_path / "sweep"
    shutil.copytree(directories["two_level"], sweep)
    points = (sweep / "points.csv").read_text().splitlines()
    header = points[0].split(",")
    empty = {i for i, c in enumerate(header) if c.startswith("long_term.expressed_dissent_")}
    points = [points[0]] + [",".join("" if i in empty else c for i, c in enumerate(line.split(",")))
                            for line in points[1:]]
    (sweep / "points.csv").write_text("\n".join(points) + "\n")
    effects = (sweep / "effects.csv").read_text().splitlines()
    effects = [effects[0]] + [re.sub(r"^([^,]*,[^,]*,[^,]*,[^,]*),[^,]*,", r"\1,,", line)
                              for line in effects[1:]]
    (sweep / "effects.csv").write_text("\n".join(effects) + "\n")

    sobol = tmp_path / "sobol"
    shutil.copytree(directories["sobol"], sobol)
    rows = (sobol / "sensitivity.csv").read_text().splitlines()
    rows = [rows[0]] + [re.sub(r"^(outbursts,[^,]*),.*$", r"\1,,,,", line) for line in rows[1:]]
    (sobol / "sensitivity.csv").write_text("\n".join(rows) + "\n")

    reports_side_by_side({"run": run, "sweep": sweep, "sobol": sobol})
    assert "exposure: no defined value at any tick" in check_page(run / "report.html")
    assert ("long_term.expressed_dissent: undefined at every point"
            in check_page(sweep / "report.html"))
    assert "outbursts: every index undefined" in check_page(sobol / "report.html")


def test_no_python(tmp_path, directories):
    env = dict(os.environ, PANOPTICON_PYTHON=str(tmp_path / "no-python3"))
    result = panopticon("report", directories["model1"], "--out", tmp_path / "r.html", env=env)
    assert result.returncode == 2
    assert "no-python3: cannot run it" in result.stderr
    assert "python3-matplotlib" in result.stderr


def test_no_matplotlib(tmp_path, directories):
    # A package named matplotlib first on the path that fails to import, as
    # where python3-matplotlib is not installed.
    fake = tmp_path / "site" / "matplotlib"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('No module named matplotlib')\n")
    env = dict(os.environ, PYTHONPATH=str(tmp_path / "site"))
    result = panopticon("report", directories["model1"], "--out", tmp_path / "r.html", env=env)
    assert result.returncode == 2
    assert "python3-matplotlib python3-pandas python3-numpy" in result.stderr
    assert not (tmp_path / "r.html").exists()


def test_no_script(tmp_path, directories):
    env = dict(os.environ, PANOPTICON_REPORT_SCRIPT=str(tmp_path / "gone.py"))
    result = panopticon("report", directories["model1"], env=env)
    assert result.returncode == 2 and "gone.py: the report script is not there" in result.stderr


# --------------------------------------------------------------------------
# A world (`panopticon world WORLD.toml --out DIR`)

WORLD_HEADINGS = ["Adoption timeline", "Stability against liberty, country by country",
                  "Stability and liberty over the years: the main countries",
                  "Regions: population share under each package",
                  "Regions: stability and liberty with and without exports",
                  "With exports against without: stability",
                  "With exports against without: liberty",
                  "With exports against without: money", "Calibration"]
WORLD_TABLES = ("world.json", "adoptions.csv", "country_years.csv", "regions.csv")
# Five countries of 300 agents (3e6 persons, 1e4 a agent), a burn-in year and three years.
WORLD_FILE = """
[world]
mode = "simulated"
start_year = 2010
end_year = 2012
burn_in_years = 1
ticks_per_year = 26
exporter = "Exporter"
short_years = 2
long_years = 2
[pull]
base = 0.4
[push]
offer_at = 0.0
"""
WORLD_COUNTRIES = [
    # name, scenario, region, openness, extra keys
    ("Exporter", "exporter.toml", "East", 0.05, ""),
    ("Alpha", "importer.toml", "East", 0.1,
     'belt_and_road = true\nstrategic_value = 0.6\ndebt_exposure = 0.5\n'
     'holds = [{ package = "id_card", year = 2008 }]\n'
     'events = [{ package = "cameras", year = 2011, terms = "free" }]\n'),
    ("Beta", "importer.toml", "East", 0.3,
     'belt_and_road = true\nstrategic_value = 0.6\ndebt_exposure = 0.5\n'
     'events = [{ package = "policing", year = 2010 }]\n'),
    ("Gamma", "importer.toml", "West", 0.5,
     "belt_and_road = true\nstrategic_value = 0.6\ndebt_exposure = 0.5\n"),
    ("Delta", "importer.toml", "West", 0.9, "strategic_value = 0.2\n"),
]
CALIBRATION = ("target,observed,simulated,simulated_se\n"
               "adopter_share_2019,0.358,0.31,0.02\n"
               "belt_and_road_share,0.571,0.6,0.05\n"
               "acceptance_slope_openness,,-0.12,0.03\n")


def write_world(directory):
    """A tiny world file and its two scenarios in DIRECTORY; returns the world file."""
    (directory / "importer.toml").write_text("[dissent]\nenabled = true\n"
                                             "[cameras]\ncoverage = 0.2\n")
    (directory / "exporter.toml").write_text("[dissent]\nenabled = true\n"
                                             "[cameras]\nenabled = true\n")
    text = WORLD_FILE
    for name, scenario, region, openness, extra in WORLD_COUNTRIES:
        text += (f'\n[[country]]\nname = "{name}"\nscenario = "{scenario}"\n'
                 f'region = "{region}"\npopulation = 3e6\npersons_per_agent = 1e4\n'
                 f"openness = {openness}\n{extra}")
    path = directory / "world.toml"
    path.write_text(text)
    return path


@pytest.fixture(scope="session")
def worlds(tmp_path_factory):
    """A simulated world with a baseline and a calibration.csv, and a historical one without."""
    work = tmp_path_factory.mktemp("world")
    world_file = write_world(work)
    simulated, historical = work / "simulated", work / "historical"
    checked("world", world_file, "--out", simulated, "--replicates", 3)
    checked("world", world_file, "--out", historical, "--no-baseline", "--set",
            "world.mode=historical")
    # calibration.csv is not written by the world command: put there as its maker will.
    (simulated / "calibration.csv").write_text(CALIBRATION)
    return {"simulated": simulated, "historical": historical}


@pytest.fixture(scope="session")
def world_reports(worlds):
    """Each world's report (name -> (path, stdout)), checking it wrote only report.html."""
    before = {name: sorted(p.name for p in d.iterdir()) for name, d in worlds.items()}
    outputs = reports_side_by_side(worlds)
    for name, directory in worlds.items():
        after = sorted(p.name for p in directory.iterdir())
        assert after == sorted(before[name] + ["report.html"]), f"{name}: wrote more than one file"
    return {name: (d / "report.html", outputs[name]) for name, d in worlds.items()}


def section_of(text, heading):
    """The HTML of the section headed HEADING."""
    return text.split(f"<h2>{heading}</h2>", 1)[1].split("</section>", 1)[0]


def test_world_tables_are_there(worlds):
    for name in WORLD_TABLES + ("compare.csv", "compare_summary.csv"):
        assert (worlds["simulated"] / name).is_file(), name
    assert not (worlds["historical"] / "compare_summary.csv").exists()
    adoptions = (worlds["simulated"] / "adoptions.csv").read_text().splitlines()
    assert len(adoptions) > 2 and ",accepted," in "\n".join(adoptions), "the test needs adoptions"
    assert ",event," in (worlds["historical"] / "adoptions.csv").read_text()


def test_world_report(world_reports):
    path, stdout = world_reports["simulated"]
    text = check_page(path)
    # told apart from a compare, though it holds a compare.csv
    assert "report of the world in" in stdout and f"report: {path}" in stdout
    assert "report of a world output directory" in text
    found = headings(text)
    for heading in WORLD_HEADINGS:
        assert heading in found, f"no figure headed {heading!r} in {found}"
        assert "<img " in section_of(text, heading), f"{heading!r} not drawn"
    assert len(re.findall(r"<img\b", text)) == len(WORLD_HEADINGS)
    assert "Sources:" in text and "Conventions" in text and "burn-in" in text
    assert "<code>calibration.csv</code>" in section_of(text, "Calibration")
    assert "acceptance_slope_openness: observed or simulated undefined" in text
    assert "Exporter, holds every package" in section_of(text, "Adoption timeline")
    assert "World of world.toml (simulated)" in text


def test_world_report_without_baseline_or_calibration(world_reports):
    path, _ = world_reports["historical"]
    text = check_page(path)
    found = headings(text)
    for heading in WORLD_HEADINGS[:5]:
        assert heading in found and "<img " in section_of(text, heading), heading
    comparison = section_of(text, "With exports against without")
    assert "<img " not in comparison
    assert "no world without exports to compare with" in comparison
    calibration = section_of(text, "Calibration")
    assert "<img " not in calibration and "docs/mechanisms/export.md" in calibration
    assert "only the world with exports is drawn" in text
    assert "(historical)" in text


@pytest.mark.parametrize("table", ["country_years.csv", "world.json"])
def test_world_missing_table_is_named(tmp_path, worlds, table):
    copy = tmp_path / "world"
    shutil.copytree(worlds["simulated"], copy, ignore=shutil.ignore_patterns("report.html"))
    (copy / table).unlink()
    result = panopticon("report", copy)
    assert result.returncode == 2, result.stderr
    assert f"{copy / table}: missing" in result.stderr
    assert "the output of `panopticon world` needs" in result.stderr
    assert "panopticon world WORLD.toml --out DIR" in result.stderr
    assert not (copy / "report.html").exists()


def test_world_still_running(tmp_path):
    (tmp_path / "world.checkpoint").write_bytes(b"")
    result = panopticon("report", tmp_path)
    assert result.returncode == 2
    assert f"{tmp_path / 'world.json'}: missing" in result.stderr
    assert "--resume" in result.stderr


def test_world_bad_calibration_is_named(tmp_path, worlds):
    copy = tmp_path / "world"
    shutil.copytree(worlds["historical"], copy, ignore=shutil.ignore_patterns("report.html"))
    (copy / "calibration.csv").write_text("target,observed\nshare,0.358\n")
    result = panopticon("report", copy)
    assert result.returncode == 2
    assert f"{copy / 'calibration.csv'}: lacks the column(s) simulated, simulated_se" \
        in result.stderr


def test_world_nan_cells_do_not_crash(tmp_path, worlds):
    # Every liberty cell and some activations undefined, no adoption at all,
    # undefined standard errors, and a country called NA (not a missing value).
    copy = tmp_path / "world"
    shutil.copytree(worlds["simulated"], copy, ignore=shutil.ignore_patterns("report.html"))
    for name in ("country_years.csv", "regions.csv", "compare_summary.csv"):
        lines = (copy / name).read_text().splitlines()
        header = lines[0].split(",")
        blank = {i for i, c in enumerate(header)
                 if c in ("expressed_dissent", "falsification_gap", "standard_error")}
        rows = [header] + [line.split(",") for line in lines[1:]]
        for row in rows[1:]:
            for i in blank:
                row[i] = ""
        if "activations_per_1000_per_year" in header:
            activations = header.index("activations_per_1000_per_year")
            rows[1][activations] = ""
        text = "\n".join(",".join(row) for row in rows) + "\n"
        (copy / name).write_text(text.replace(",Delta,", ",NA,"))
    (copy / "adoptions.csv").write_text(
        "replicate,year,country,region,package,terms,price_usd,how,probability\n")
    result = panopticon("report", copy)
    assert result.returncode == 0, result.stderr
    text = check_page(copy / "report.html")
    assert "adoptions.csv holds no adoption by an importer: not drawn" in text
    assert "expressed_dissent and falsification_gap: undefined or 0 everywhere" in text
    assert "falsification_gap: undefined everywhere, not drawn" in text
    assert "<img " in section_of(text, "With exports against without: stability")
