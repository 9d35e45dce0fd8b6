#!/usr/bin/python3
"""Draw an offline HTML report of a Panopticon output directory.

    /usr/bin/python3 scripts/report.py DIR [--out FILE]

DIR is the output directory of `panopticon run` (ticks.csv, summary.json,
metadata.json), `panopticon compare` (compare.csv, tradeoff.csv,
compare.json), `panopticon sweep` / `panopticon sensitivity` (sweep.json,
points.csv, runs.csv, and effects.csv, sensitivity.csv and series/ where the
design and the plan make them), or `panopticon world` (world.json,
adoptions.csv, country_years.csv, regions.csv, and compare_summary.csv with
a baseline; a calibration.csv put there is drawn too). FILE (default
DIR/report.html) is one self-contained HTML page: every figure is a PNG in
a data URI, the style sheet is inline, and nothing is fetched from a
network.

Exit status: 0 written; 2 bad input (DIR holds none of the known files, a
file it needs is missing or unreadable, FILE cannot be written, or this
python lacks matplotlib, pandas or numpy).

The script is written for Debian's /usr/bin/python3 with the Debian packages
python3-matplotlib, python3-pandas and python3-numpy
(`panopticon report DIR` runs it; docs/experiments.md, "Reports").
"""

import argparse
import base64
import html
import io
import json
import math
import os
import re
import sys
import tempfile
import warnings
from pathlib import Path

BAD_INPUT = 2
DEBIAN_PACKAGES = "python3-matplotlib python3-pandas python3-numpy"

try:
    import matplotlib

    matplotlib.use("Agg")
    import numpy as np
    import pandas as pd
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.text import Text
    from matplotlib.ticker import EngFormatter, MaxNLocator
except ImportError as missing:  # reported by main(), which knows the exit status
    IMPORT_ERROR = missing
else:
    IMPORT_ERROR = None

# What each kind of directory is recognised by, and what it must then hold.
RUN_FILES = ("ticks.csv", "summary.json", "metadata.json")
COMPARE_FILES = ("compare.csv", "tradeoff.csv", "compare.json")
SWEEP_FILES = ("sweep.json", "points.csv", "runs.csv", "sweep.sqlite")
# A world's directory also holds a compare.csv: it is told apart first.
WORLD_FILES = ("world.json", "country_years.csv", "regions.csv", "adoptions.csv",
               "compare_summary.csv", "world.checkpoint")
REQUIRED = {
    "run": ("ticks.csv", "summary.json"),
    "compare": ("tradeoff.csv", "compare.json"),
    "sweep": ("sweep.json", "points.csv"),
    "world": ("world.json", "adoptions.csv", "country_years.csv", "regions.csv"),
}
# Where the columns of each kind's tables are described.
OUTPUT_DOCS = "docs/outputs.md"
WORLD_DOCS = "docs/mechanisms/export.md"

# Per-tick columns drawn as time series, in this order, where a table has them.
SERIES_COLUMNS = (
    "active",
    "jailed",
    "dissent",
    "detained",
    "expressed_dissent",
    "falsification_gap",
    "exposure",
    "cost_total",
)
# Model I's tables have fewer columns: these follow the actives and jailed.
MODEL1_EXTRA_COLUMNS = ("quiet", "arrests")

# Liberty metrics where more is more liberty (every other liberty metric,
# and every stability metric, is better lower).
HIGHER_IS_BETTER = frozenset({"expressed_dissent", "mean_liberty_spell"})

WINDOW_ORDER = ("long_term", "short_term", "whole_run", "burn_in")
WINDOW_LABELS = {
    "burn_in": "burn-in",
    "short_term": "short term",
    "long_term": "long term",
    "whole_run": "whole run",
}
WINDOW_COLOURS = {
    "burn_in": "#bbbbbb",
    "short_term": "#e69f00",
    "long_term": "#0072b2",
    "whole_run": "#009e73",
}
GROUPS = ("stability", "liberty", "cost")

DPI = 90
FIGURE_WIDTH = 12.0  # inches: 1080 pixels at DPI
PANEL_HEIGHT = 2.9
MAX_SERIES_POINTS = 8  # points drawn in one time-series panel
MAX_LABELLED_POINTS = 12  # points labelled by their factor values
MAX_BAR_POINTS = 24  # points drawn as bars, one per point
Z_95 = 1.96


class ReportError(Exception):
    """Bad input: the message names the file or directory and what is wrong."""


class Section:
    """One figure of the page (or the note that says why it is not drawn)."""

    def __init__(self, anchor, title, caption, image=None, sources=(), notes=()):
        self.anchor = anchor
        self.title = title
        self.caption = caption
        self.image = image  # a data URI, or None for a figure not drawn
        self.sources = list(sources)
        self.notes = list(notes)


# --------------------------------------------------------------------------
# Reading the inputs


def read_json(path):
    """Parse a JSON file; a missing or malformed one is a ReportError naming it."""
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        raise ReportError(f"{path}: missing") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ReportError(f"{path}: cannot be read ({error})") from None
    except json.JSONDecodeError as error:
        raise ReportError(f"{path}: not valid JSON ({error})") from None


def read_csv(path, **options):
    """Read a CSV table with pandas; errors are ReportErrors naming the file."""
    try:
        return pd.read_csv(path, **options)
    except FileNotFoundError:
        raise ReportError(f"{path}: missing") from None
    except pd.errors.EmptyDataError:
        raise ReportError(f"{path}: empty (no header row)") from None
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, ValueError) as error:
        raise ReportError(f"{path}: cannot be read as CSV ({error})") from None


def require_columns(table, path, columns, docs=OUTPUT_DOCS):
    """Refuse a table that lacks any of the named columns."""
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ReportError(
            f"{path}: lacks the column(s) {', '.join(missing)} "
            f"({docs} lists the columns)"
        )


def numeric(series):
    """A column as floats; cells that are not numbers become NaN."""
    return pd.to_numeric(series, errors="coerce").astype(float)


def load_output_docs(docs_path):
    """Units and groups of every column and metric, from docs/outputs.md.

    Returns {"ticks": {column: unit}, "metrics": {metric: (unit, group)},
    "summary": {metric: unit}}; empty tables when the file is not there (the
    figures are then drawn without units).
    """
    docs = {"ticks": {}, "metrics": {}, "summary": {}}
    try:
        text = Path(docs_path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return docs
    section = None
    header = None
    for line in text.splitlines():
        if line.startswith("## "):
            heading = line[3:]
            if heading.startswith("ticks.csv"):
                section = "ticks"
            elif heading.startswith("summary.json"):
                section = "metrics"
            elif heading.startswith("A sweep"):
                section = "summary"
            else:
                section = None
            header = None
            continue
        if not line.startswith("|"):
            header = None  # a table ends at the first line that is not a row
            continue
        if section is None:
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = cells
            continue
        if set(cells[0]) <= set("-: "):
            continue
        row = dict(zip(header, cells))
        name = cells[0]
        unit = row.get("unit", "")
        if section == "metrics":
            docs["metrics"][name] = (unit, row.get("group", ""))
        else:
            docs[section][name] = unit
    return docs


def detect_kind(directory):
    """Which command wrote DIR: "sweep", "world", "compare" or "run"."""
    if not directory.exists():
        raise ReportError(f"{directory}: no such directory")
    if not directory.is_dir():
        raise ReportError(f"{directory}: not a directory (an output directory of run, compare, "
                          f"sweep, sensitivity or world is)")
    for kind, files in (("sweep", SWEEP_FILES), ("world", WORLD_FILES),
                        ("compare", COMPARE_FILES), ("run", RUN_FILES)):
        if any((directory / name).exists() for name in files):
            return kind
    looked_for = ", ".join(RUN_FILES + COMPARE_FILES + SWEEP_FILES + WORLD_FILES[:4])
    raise ReportError(
        f"{directory}: holds none of the files of a run, a compare, a sweep or a world "
        f"(looked for {looked_for})"
    )


def check_required(directory, kind):
    """Refuse a directory of a kind that lacks a file that kind must have."""
    for name in REQUIRED[kind]:
        path = directory / name
        if not path.is_file():
            what = "missing" if not path.exists() else "not a regular file"
            raise ReportError(
                f"{path}: {what}; the output of `panopticon {kind}` needs "
                f"{', '.join(REQUIRED[kind])}"
                + (" (is the sweep still running?)" if kind == "sweep" else "")
                + (world_hint(directory) if kind == "world" else "")
            )
        if not os.access(path, os.R_OK):
            raise ReportError(f"{path}: cannot be read (permission denied)")


def world_hint(directory):
    """What a world directory lacking a table is told: what writes the tables."""
    hint = (", which `panopticon world WORLD.toml --out DIR` writes when the run ends "
            f"(with compare.csv and compare_summary.csv unless --no-baseline; {WORLD_DOCS}, "
            "\"Outputs\")")
    if (directory / "world.checkpoint").exists():
        hint += (f"; {directory / 'world.checkpoint'} is there: is the world still running, "
                 "or was it stopped? `panopticon world WORLD.toml --out DIR --resume` "
                 "continues it")
    return hint


# --------------------------------------------------------------------------
# Drawing helpers


def new_figure(panels, columns, panel_height=PANEL_HEIGHT, width=FIGURE_WIDTH):
    """A figure with a grid of panels, the unused ones hidden; returns (fig, axes)."""
    columns = max(1, min(columns, panels))
    rows = max(1, math.ceil(panels / columns))
    figure = Figure(figsize=(width, panel_height * rows + 0.4), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)  # measured text (label_points) needs a renderer
    grid = figure.subplots(rows, columns, squeeze=False)
    axes = list(grid.flat)
    for axis in axes[panels:]:
        axis.set_visible(False)
    return figure, axes[:panels]


def top_legend(figure, handles, labels, columns, fontsize=9):
    """A legend across the top of the figure, with room kept for it above the panels."""
    columns = max(1, min(columns, len(handles)))
    rows = math.ceil(len(handles) / columns)
    share = (0.24 * rows + 0.12) / figure.get_figheight()
    figure.get_layout_engine().set(rect=(0, 0, 1, 1 - share))
    figure.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 1.0), ncol=columns,
                  frameon=False, fontsize=fontsize)


def readable_numbers(axis):
    """Large tick values as 1.5M, 250k instead of an offset ("1e6") above the axis."""
    for limits, target in ((axis.get_xlim(), axis.xaxis), (axis.get_ylim(), axis.yaxis)):
        if max(abs(limits[0]), abs(limits[1])) >= 1e5:
            target.set_major_formatter(EngFormatter(sep=""))


def png_data_uri(figure):
    """The figure as a base64 PNG data URI (without the PNG's Software text)."""
    for axis in figure.axes:
        if axis.get_visible() and axis.get_label() != "<colorbar>":
            readable_numbers(axis)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def with_unit(label, unit):
    """An axis label with its unit in brackets where there is one."""
    return f"{label} ({unit})" if unit else label


def compact_number(value):
    """A number in at most about five characters: 0.123, 45.6, 1.2k, 3.4M."""
    magnitude = abs(value)
    if magnitude >= 1e6:
        return f"{value / 1e6:.3g}M"
    if magnitude >= 1e4:
        return f"{value / 1e3:.3g}k"
    return f"{value:.3g}"


def finite(values):
    """The finite values of a sequence, as a numpy array."""
    array = np.asarray(values, dtype=float)
    return array[np.isfinite(array)]


def shorten(text, limit=28):
    """Cut a label to LIMIT characters, marking the cut."""
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def format_value(value):
    """A factor value as a short label."""
    if isinstance(value, (bool, np.bool_)):
        return "on" if value else "off"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def is_true(value):
    """Whether a factor cell reads as true (a bool, or 'true' as written)."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    return str(value).strip().lower() == "true"


def point_labels(points, factors):
    """A short label per point from its factor values ("cameras+ijop", "coverage=0.3")."""
    keys = [f["key"] for f in factors if f["key"] in points.columns]
    switches = [k for k in keys if k.endswith(".enabled")]
    others = [k for k in keys if not k.endswith(".enabled")]
    tails = [k.rsplit(".", 1)[-1] for k in others]
    names = tails if len(set(tails)) == len(tails) else others
    labels = []
    for _, row in points.iterrows():
        parts = []
        if switches:
            on = [k[: -len(".enabled")] for k in switches if is_true(row[k])]
            parts.append("+".join(on) if on else "none")
        parts += [f"{n}={format_value(row[k])}" for n, k in zip(names, others)]
        labels.append(", ".join(parts) if parts else f"point {row.get('point', '')}")
    return labels


def colour_cycle(count):
    """COUNT distinguishable colours."""
    palette = matplotlib.colormaps["tab10"].colors
    return [palette[i % len(palette)] for i in range(count)]


def join_names(names, limit=12):
    """A readable list of names, cut after LIMIT."""
    names = list(names)
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


# --------------------------------------------------------------------------
# A run


def run_sections(directory, docs):
    """The figures of a run: its time series and, with the layer, its windows."""
    ticks_path = directory / "ticks.csv"
    summary_path = directory / "summary.json"
    ticks = read_csv(ticks_path)
    require_columns(ticks, ticks_path, ["tick"])
    summary = read_json(summary_path)
    if not isinstance(summary, dict):
        raise ReportError(f"{summary_path}: not a JSON object")
    windows = summary.get("compliance") if isinstance(summary.get("compliance"), dict) else {}
    sections = [run_series_section(ticks, summary, windows, docs)]
    if windows:
        for group in GROUPS:
            sections.append(run_windows_section(windows, group, docs))
    return sections


def series_columns(table):
    """The per-tick columns a table has that the time series draw."""
    columns = [c for c in SERIES_COLUMNS if c in table.columns]
    if "dissent" not in table.columns:
        columns += [c for c in MODEL1_EXTRA_COLUMNS if c in table.columns]
    return columns


def shade_windows(axis, windows):
    """Shade the burn-in, short-term and long-term windows of a run."""
    for name in ("burn_in", "short_term", "long_term"):
        window = windows.get(name)
        if not isinstance(window, dict):
            continue
        first, last = window.get("first_tick"), window.get("last_tick")
        if isinstance(first, (int, float)) and isinstance(last, (int, float)) and last >= first:
            axis.axvspan(first - 0.5, last + 0.5, color=WINDOW_COLOURS[name], alpha=0.12,
                         lw=0, label=WINDOW_LABELS[name])


def run_series_section(ticks, summary, windows, docs):
    """Time series of one run: one line per panel, windows shaded."""
    columns = series_columns(ticks)
    sources = ["ticks.csv", "summary.json"]
    if not columns:
        return Section("series", "Time series", "", sources=sources,
                       notes=["ticks.csv has none of the columns drawn "
                              f"({', '.join(SERIES_COLUMNS)}): not drawn"])
    tick = numeric(ticks["tick"])
    figure, axes = new_figure(len(columns), 2)
    notes = []
    for axis, column in zip(axes, columns):
        values = numeric(ticks[column])
        axis.set_title(column)
        axis.set_xlabel("tick")
        axis.set_ylabel(with_unit(column, docs["ticks"].get(column, "")))
        shade_windows(axis, windows)
        if finite(values).size == 0:
            axis.text(0.5, 0.5, "no values (undefined)", ha="center", va="center",
                      transform=axis.transAxes, color="#a00")
            notes.append(f"{column}: no defined value at any tick")
            continue
        axis.plot(tick, values, color="#333333", lw=1.0)
        threshold = summary.get("outburst_threshold")
        if column == "active" and isinstance(threshold, (int, float)):
            axis.axhline(threshold, color="#d55e00", ls="--", lw=0.8,
                         label=f"outburst threshold ({threshold:g})")
        axis.grid(alpha=0.3)
    handles, labels = axes[0].get_legend_handles_labels()
    if handles:
        top_legend(figure, handles, labels, len(handles))
    caption = ("Each panel is one column of ticks.csv over the run"
               + ("; the shaded bands are the summary's windows (burn-in, short term from "
                  "adoption, long term at the end)" if windows else "")
               + "; the dashed line on the actives is the outburst threshold.")
    return Section("series", "Time series of the run", caption, png_data_uri(figure),
                   sources, notes)


def run_windows_section(windows, group, docs):
    """One run's metrics of a group in each window: burn-in, short term, long term."""
    names = [m for m, (_, g) in docs["metrics"].items() if g == group]
    present = [w for w in ("burn_in", "short_term", "long_term")
               if isinstance(windows.get(w), dict)]
    title = f"Short term against long term: {group}"
    anchor = f"windows-{group}"
    if not names or not present:
        return Section(anchor, title, "", sources=["summary.json"],
                       notes=["no metric of this group is known (docs/outputs.md not found) "
                              "or the summary has no windows: not drawn"])
    drawn, undefined, zero = [], [], []
    for name in names:
        values = [windows[w].get(name) for w in present]
        numbers = [v for v in values if isinstance(v, (int, float)) and math.isfinite(v)]
        if not numbers:
            undefined.append(name)
        elif all(v == 0 for v in numbers):
            zero.append(name)
        else:
            drawn.append(name)
    notes = []
    if undefined:
        notes.append(f"undefined (null) in every window, not drawn: {join_names(undefined)}")
    if zero:
        notes.append(f"0 in every window, not drawn: {join_names(zero)}")
    if not drawn:
        return Section(anchor, title, "", sources=["summary.json"], notes=notes)
    figure, axes = new_figure(len(drawn), 4, panel_height=2.4)
    for axis, name in zip(axes, drawn):
        values = [windows[w].get(name) for w in present]
        heights = [v if isinstance(v, (int, float)) and math.isfinite(v) else 0.0 for v in values]
        bars = axis.bar(range(len(present)), heights,
                        color=[WINDOW_COLOURS[w] for w in present])
        for bar, value in zip(bars, values):
            defined = isinstance(value, (int, float)) and math.isfinite(value)
            axis.text(bar.get_x() + bar.get_width() / 2, bar.get_height() if defined else 0,
                      compact_number(value) if defined else "n/a", ha="center",
                      va="bottom" if not defined or value >= 0 else "top", fontsize=7,
                      color="#333" if defined else "#a00")
        axis.margins(y=0.15)
        axis.set_xticks(range(len(present)), [WINDOW_LABELS[w] for w in present], fontsize=8)
        axis.set_title(shorten(name, 36), fontsize=9)
        axis.set_ylabel(docs["metrics"][name][0] or "value", fontsize=8)
        axis.tick_params(axis="y", labelsize=8)
        axis.grid(axis="y", alpha=0.3)
    caption = (f"Each panel is one {group} metric of the run's summary, per window: burn-in "
               "(before adoption, grey), the short term from adoption and the long term at "
               "the end.")
    return Section(anchor, title, caption, png_data_uri(figure), ["summary.json"], notes)


# --------------------------------------------------------------------------
# A compare


def compare_sections(directory, docs):
    """The trade-off of a compare, group by group, short term against long term."""
    tradeoff_path = directory / "tradeoff.csv"
    compare_json = read_json(directory / "compare.json")
    tradeoff = read_csv(tradeoff_path)
    require_columns(tradeoff, tradeoff_path,
                    ["window", "group", "metric", "difference_scenario_minus_baseline",
                     "standard_error"])
    replicates = None
    sources = ["tradeoff.csv", "compare.json"]
    compare_csv = directory / "compare.csv"
    if compare_csv.exists():
        replicates = read_csv(compare_csv)
        require_columns(replicates, compare_csv, ["window", "metric", "difference"])
        sources.append("compare.csv")
    baseline = compare_json.get("baseline", {}) if isinstance(compare_json, dict) else {}
    label = baseline.get("label", "the baseline") if isinstance(baseline, dict) else "the baseline"
    return [compare_group_section(tradeoff, replicates, group, label, docs, sources)
            for group in GROUPS]


def compare_group_section(tradeoff, replicates, group, label, docs, sources):
    """Differences of one group's metrics, short and long term, with 1.96 s.e. bars."""
    rows = tradeoff[tradeoff["group"] == group]
    title = f"Trade-off, short term against long term: {group}"
    anchor = f"tradeoff-{group}"
    if rows.empty:
        return Section(anchor, title, "", sources=sources,
                       notes=[f"tradeoff.csv has no {group} metric: not drawn"])
    windows = [w for w in ("short_term", "long_term") if w in set(rows["window"])]
    drawn, undefined, zero = [], [], []
    for metric in dict.fromkeys(rows["metric"]):
        mine = rows[rows["metric"] == metric]
        difference = numeric(mine["difference_scenario_minus_baseline"])
        error = numeric(mine["standard_error"])
        if finite(difference).size == 0:
            undefined.append(metric)
        elif (finite(difference) == 0).all() and (finite(error) == 0).all():
            zero.append(metric)
        else:
            drawn.append(metric)
    notes = []
    if undefined:
        notes.append(f"undefined in every window (no pair where both sides are defined), not "
                     f"drawn: {join_names(undefined)}")
    if zero:
        notes.append(f"difference 0 in every window and every pair, not drawn: "
                     f"{join_names(zero)}")
    if not drawn:
        return Section(anchor, title, "", sources=sources, notes=notes)
    figure, axes = new_figure(len(drawn), 4, panel_height=2.5)
    for axis, metric in zip(axes, drawn):
        for index, window in enumerate(windows):
            row = rows[(rows["metric"] == metric) & (rows["window"] == window)]
            if row.empty:
                continue
            difference = float(numeric(row["difference_scenario_minus_baseline"]).iloc[0])
            error = float(numeric(row["standard_error"]).iloc[0])
            if not math.isfinite(difference):
                axis.text(index, 0, "n/a", ha="center", va="bottom", fontsize=8, color="#a00")
                continue
            axis.bar(index, difference, color=WINDOW_COLOURS[window], alpha=0.85,
                     yerr=Z_95 * error if math.isfinite(error) else None, capsize=4,
                     error_kw={"lw": 1})
            if replicates is not None:
                mine = replicates[(replicates["metric"] == metric)
                                  & (replicates["window"] == window)]
                values = finite(numeric(mine["difference"]))
                if values.size:
                    spread = np.linspace(-0.18, 0.18, values.size) if values.size > 1 else [0.0]
                    axis.scatter(index + np.asarray(spread), values, s=9, color="black",
                                 zorder=3, alpha=0.6)
            significant = ("significant_holm_0.05" in row.columns
                           and str(row["significant_holm_0.05"].iloc[0]).lower() == "true")
            if significant:  # beyond the whisker's end, on the bar's side of 0
                reach = Z_95 * error if math.isfinite(error) else 0.0
                end = difference + math.copysign(reach, difference)
                axis.annotate("*", (index, end), ha="center",
                              va="bottom" if difference >= 0 else "top", fontsize=14)
        axis.axhline(0, color="black", lw=0.7)
        axis.set_xticks(range(len(windows)), [WINDOW_LABELS[w] for w in windows], fontsize=8)
        axis.set_xlim(-0.6, len(windows) - 0.4)
        axis.set_title(shorten(metric, 36), fontsize=9)
        unit = docs["metrics"].get(metric, ("", ""))[0]
        axis.set_ylabel(with_unit("difference", unit), fontsize=8)
        axis.tick_params(axis="y", labelsize=8)
        axis.grid(axis="y", alpha=0.3)
    caption = (f"Per {group} metric, the difference scenario - baseline ({label}) in the short "
               "term (from adoption) and the long term (at the end): bars are the mean over the "
               "paired "
               "replicates, whiskers \u00b11.96 standard errors, dots each replicate's pair "
               "(compare.csv); * marks Holm-adjusted p \u2264 0.05.")
    return Section(anchor, title, caption, png_data_uri(figure), sources, notes)


# --------------------------------------------------------------------------
# A sweep


def load_sweep(directory):
    """sweep.json and points.csv, checked; returns (sweep, points, metrics, factors)."""
    sweep_path = directory / "sweep.json"
    sweep = read_json(sweep_path)
    if not isinstance(sweep, dict):
        raise ReportError(f"{sweep_path}: not a JSON object")
    metrics = [m for m in sweep.get("metrics", []) if isinstance(m, dict) and "name" in m]
    factors = [f for f in sweep.get("factors", []) if isinstance(f, dict) and "key" in f]
    points_path = directory / "points.csv"
    points = read_csv(points_path)
    require_columns(points, points_path, ["point"] + [f["key"] for f in factors])
    return sweep, points, metrics, factors


def sweep_sections(directory, docs):
    """Every figure a sweep's files allow."""
    sweep, points, metrics, factors = load_sweep(directory)
    labels = point_labels(points, factors)
    sections = []
    if (directory / "series").is_dir():
        sections.append(sweep_series_section(directory, points, labels, docs))
    else:
        why = ("the plan sets series = true but DIR/series/ is missing" if sweep.get("series")
               else "the plan does not set series = true, so no run kept its per-tick table")
        sections.append(Section("series", "Time series across replicates", "",
                                sources=["sweep.json"], notes=[f"{why}: not drawn"]))
    sections += sweep_frontier_sections(points, metrics, labels)
    sections.append(sweep_windows_section(points, metrics, labels))
    if (directory / "sensitivity.csv").exists():
        sections.append(sensitivity_section(directory / "sensitivity.csv", metrics))
    if (directory / "effects.csv").exists():
        effects = read_csv(directory / "effects.csv")
        require_columns(effects, directory / "effects.csv", ["metric", "term", "order", "effect"])
        for order in (1, 2):
            sections.append(effects_section(effects, metrics, order))
    sections.append(sweep_metrics_section(sweep, points, metrics, factors, labels))
    return sections


def metric_unit(metrics, name):
    """The unit sweep.json gives a metric ('' where none)."""
    for metric in metrics:
        if metric["name"] == name:
            return metric.get("unit", "") or ""
    return ""


def point_column(points, name, statistic):
    """A metric's statistic per point (points.csv's METRIC_STATISTIC), as floats."""
    column = f"{name}_{statistic}"
    if column not in points.columns:
        return pd.Series(np.nan, index=points.index)
    return numeric(points[column])


def choose_series_points(points):
    """The rows of points drawn as time series: all, or MAX_SERIES_POINTS spread evenly."""
    if len(points) <= MAX_SERIES_POINTS:
        return list(range(len(points)))
    return sorted(set(np.linspace(0, len(points) - 1, MAX_SERIES_POINTS).round().astype(int)))


def read_point_series(directory, run_ids):
    """Per-tick tables of a point's runs, each a DataFrame indexed by tick."""
    tables = []
    files = {}
    for path in (directory / "series").glob("run-*.csv"):
        match = re.fullmatch(r"run-(\d+)\.csv", path.name)
        if match:
            files[int(match.group(1))] = path
    for run_id in run_ids:
        path = files.get(int(run_id))
        if path is None:
            continue
        table = read_csv(path)
        require_columns(table, path, ["tick"])
        tables.append(table.set_index("tick"))
    return tables


def replicate_percentiles(values):
    """10th, 50th and 90th percentiles of each row (tick) over its columns (replicates).

    NaN cells are left out; a tick where no replicate is defined gives NaN.
    """
    if np.isfinite(values).all():  # the usual case, and far faster than nanpercentile
        return np.percentile(values, [10, 50, 90], axis=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN ticks
        return np.nanpercentile(values, [10, 50, 90], axis=1)


def sweep_series_section(directory, points, labels, docs):
    """Median and 10th-90th percentile band over each point's replicates, per tick."""
    title = "Time series across replicates"
    sources = ["series/run-N.csv", "runs.csv", "points.csv"]
    runs_path = directory / "runs.csv"
    if not runs_path.is_file():
        raise ReportError(f"{runs_path}: missing; it maps series/run-N.csv to the points")
    runs = read_csv(runs_path)
    require_columns(runs, runs_path, ["run_id", "point"])
    if "status" in runs.columns:
        runs = runs[runs["status"] == "ok"]
    chosen = choose_series_points(points)
    notes = []
    if len(chosen) < len(points):
        notes.append(f"{len(points)} points: {len(chosen)} of them, spread evenly, are drawn")
    by_point = {}
    for row in chosen:
        point = points["point"].iloc[row]
        tables = read_point_series(directory, runs.loc[runs["point"] == point, "run_id"])
        if tables:
            by_point[row] = tables
    if not by_point:
        return Section("series", title, "", sources=sources,
                       notes=["series/ holds no table of the points' runs: not drawn"])
    first = next(iter(by_point.values()))[0]
    columns = series_columns(first)
    if not columns:
        return Section("series", title, "", sources=sources,
                       notes=["the series tables have none of the columns drawn: not drawn"])
    replicate_counts = sorted({len(t) for t in by_point.values()})
    figure, axes = new_figure(len(columns), 2)
    colours = colour_cycle(len(chosen))
    for axis, column in zip(axes, columns):
        for colour, row in zip(colours, chosen):
            tables = by_point.get(row)
            if not tables:
                continue
            stack = pd.concat([numeric(t[column]) if column in t.columns else
                               pd.Series(np.nan, index=t.index) for t in tables], axis=1)
            values = stack.to_numpy(dtype=float)
            if not np.isfinite(values).any():
                continue
            low, median, high = replicate_percentiles(values)
            ticks = stack.index.to_numpy(dtype=float)
            axis.plot(ticks, median, color=colour, lw=1.1, label=shorten(labels[row], 40))
            if values.shape[1] > 1:
                axis.fill_between(ticks, low, high, color=colour, alpha=0.18, lw=0)
        axis.set_title(column)
        axis.set_xlabel("tick")
        axis.set_ylabel(with_unit(column, docs["ticks"].get(column, "")))
        axis.grid(alpha=0.3)
    handles, legend_labels = axes[0].get_legend_handles_labels()
    if handles:
        top_legend(figure, handles, legend_labels, 4)
    counts = ", ".join(str(c) for c in replicate_counts)
    caption = (f"Each panel is one per-tick column; per point (colour), the line is the median "
               f"over its replicates ({counts} per point) and the band the 10th to 90th "
               f"percentile across them.")
    if replicate_counts == [1]:
        caption = "Each panel is one per-tick column; one replicate per point, so no band."
    return Section("series", title, caption, png_data_uri(figure), sources, notes)


def pick_metric(points, metrics, group, window):
    """The first metric of the plan in GROUP and WINDOW with at least two defined points."""
    for metric in metrics:
        if metric.get("group") == group and metric.get("window") == window:
            if finite(point_column(points, metric["name"], "mean")).size >= 2:
                return metric
    return None


def pareto_mask(x_values, y_values):
    """Points no other point beats on both axes (lower is better on both)."""
    count = len(x_values)
    mask = np.zeros(count, dtype=bool)
    for i in range(count):
        if not (math.isfinite(x_values[i]) and math.isfinite(y_values[i])):
            continue
        dominated = False
        for j in range(count):
            if i == j or not (math.isfinite(x_values[j]) and math.isfinite(y_values[j])):
                continue
            if (x_values[j] <= x_values[i] and y_values[j] <= y_values[i]
                    and (x_values[j] < x_values[i] or y_values[j] < y_values[i])):
                dominated = True
                break
        mask[i] = not dominated
    return mask


def label_points(axis, x, y, indices, labels):
    """Label the points INDICES, raising a label (with a leader line) that would cover another.

    The labels are measured as drawn, so this works whatever their length.
    """
    annotations = []
    for index in sorted(indices, key=lambda i: (y[i], x[i])):
        annotations.append(axis.annotate(
            shorten(labels[index], 30), (x[index], y[index]), textcoords="offset points",
            xytext=(6, 3), fontsize=7.5, color="#222222",
            arrowprops={"arrowstyle": "-", "color": "#aaaaaa", "lw": 0.5}))
    if len(annotations) < 2:
        return
    figure = axis.get_figure()
    figure.canvas.draw()  # lays the figure out, so that the extents are final
    renderer = figure.canvas.get_renderer()


    def text_box(annotation):
        """Where the label's text is, without its leader line."""
        annotation.update_positions(renderer)
        return Text.get_window_extent(annotation, renderer)

    placed = []
    for annotation in annotations:
        for _ in range(12):
            box = text_box(annotation).expanded(1.02, 1.2)
            if not any(box.overlaps(other) for other in placed):
                break
            annotation.xyann = (annotation.xyann[0], annotation.xyann[1] + 8)
        placed.append(text_box(annotation))


def sweep_frontier_sections(points, metrics, labels):
    """Stability against liberty across the points, coloured by cost, Pareto set marked."""
    pairs = []
    for window in WINDOW_ORDER:
        stability = pick_metric(points, metrics, "stability", window)
        liberty = pick_metric(points, metrics, "liberty", window)
        if stability and liberty:
            pairs.append((window, stability, liberty))
    title = "Stability against liberty: the frontier"
    if not pairs:
        groups = {m.get("group") for m in metrics}
        why = ("the plan collects no stability metric and liberty metric of the same window"
               if not ({"stability", "liberty"} <= groups)
               else "no window has a stability and a liberty metric defined at two points or more")
        return [Section("frontier", title, "", sources=["sweep.json", "points.csv"],
                        notes=[f"{why} (groups in docs/outputs.md): not drawn"])]
    pairs = pairs[:2]
    costs = [m for m in metrics if m.get("group") == "cost"]
    figure, axes = new_figure(len(pairs), len(pairs), panel_height=5.2,
                              width=FIGURE_WIDTH if len(pairs) > 1 else 8.0)
    notes = []
    for axis, (window, stability, liberty) in zip(axes, pairs):
        x = point_column(points, liberty["name"], "mean").to_numpy()
        y = point_column(points, stability["name"], "mean").to_numpy()
        x_error = Z_95 * point_column(points, liberty["name"], "se").to_numpy()
        y_error = Z_95 * point_column(points, stability["name"], "se").to_numpy()
        flip = liberty["metric"] in HIGHER_IS_BETTER
        front = pareto_mask(-x if flip else x, y)
        defined = np.isfinite(x) & np.isfinite(y)
        if (~defined).any():
            notes.append(f"{window}: {int((~defined).sum())} point(s) without both metrics "
                         "defined are left out")
        axis.errorbar(x[defined], y[defined],
                      xerr=np.nan_to_num(x_error[defined]), yerr=np.nan_to_num(y_error[defined]),
                      fmt="none", ecolor="#999999", elinewidth=0.8, zorder=1)
        cost = next((m for m in costs if m.get("window") == window), costs[0] if costs else None)
        colour_values = point_column(points, cost["name"], "mean").to_numpy() if cost else None
        if cost is not None and np.isfinite(colour_values[defined]).any():
            coloured = defined & np.isfinite(colour_values)
            scatter = axis.scatter(x[coloured], y[coloured], c=colour_values[coloured],
                                   cmap="viridis", s=46, zorder=2, edgecolors="none")
            bar = figure.colorbar(scatter, ax=axis, shrink=0.9)
            if np.nanmax(np.abs(colour_values[coloured])) >= 1e4:
                bar.formatter = EngFormatter(sep="")
                bar.update_ticks()
            bar.set_label(with_unit(cost["name"], cost.get("unit", "")))
            if (defined & ~coloured).any():
                axis.scatter(x[defined & ~coloured], y[defined & ~coloured], s=46,
                             facecolors="none", edgecolors="#777777", zorder=2,
                             label="cost undefined")
                notes.append(f"{window}: {cost['name']} undefined at some points (hollow)")
        else:
            axis.scatter(x[defined], y[defined], s=46, color="#0072b2", zorder=2)
            if cost is not None:
                notes.append(f"{cost['name']} undefined at every point: not coloured")
        order = np.argsort(x[front])
        axis.plot(x[front][order], y[front][order], color="#d55e00", lw=1.0, ls="--", zorder=3,
                  drawstyle="steps-post" if not flip else "steps-pre")
        axis.scatter(x[front], y[front], s=130, facecolors="none", edgecolors="#d55e00",
                     linewidths=1.6, zorder=4, label="Pareto set")
        labelled = np.flatnonzero(defined)
        if labelled.size > MAX_LABELLED_POINTS:
            labelled = np.flatnonzero(front & defined)[:MAX_LABELLED_POINTS]
        label_points(axis, x, y, labelled, labels)
        direction = "higher is better" if flip else "lower is better"
        axis.set_xlabel(with_unit(liberty["name"], liberty.get("unit", ""))
                        + f"  [{direction}]")
        axis.set_ylabel(with_unit(stability["name"], stability.get("unit", ""))
                        + "  [lower is better]")
        axis.set_title(f"{WINDOW_LABELS[window]}: {stability['metric']} against "
                       f"{liberty['metric']}", fontsize=10)
        axis.grid(alpha=0.3)
        axis.legend(loc="best", fontsize=8)
    caption = ("Each dot is a point of the sweep (mean over its replicates, whiskers \u00b11.96 "
               "standard errors), colour its cost; the ringed points joined by the line are the "
               "Pareto set: no other point is at least as good on both axes and better on one, "
               "better meaning lower, except on a liberty axis where more is more liberty "
               "(the axis label says which).")
    return [Section("frontier", title, caption, png_data_uri(figure),
                    ["sweep.json", "points.csv"], notes)]


def sweep_windows_section(points, metrics, labels):
    """Each metric collected in both the short and the long term, per point."""
    names = {m["name"] for m in metrics}
    bases = [m["metric"] for m in metrics if m.get("window") == "short_term"
             and f"long_term.{m['metric']}" in names]
    title = "Short term against long term, per point"
    sources = ["sweep.json", "points.csv"]
    if not bases:
        return Section("windows", title, "", sources=sources,
                       notes=["the plan collects no metric in both the short_term and the "
                              "long_term window: not drawn"])
    drawn, notes = [], []
    for base in bases:
        short = point_column(points, f"short_term.{base}", "mean")
        long = point_column(points, f"long_term.{base}", "mean")
        if finite(short).size == 0 and finite(long).size == 0:
            notes.append(f"{base}: undefined at every point in both windows, not drawn")
        else:
            drawn.append(base)
    if not drawn:
        return Section("windows", title, "", sources=sources, notes=notes)
    as_bars = len(points) <= MAX_BAR_POINTS
    columns = 2 if as_bars else 3
    figure, axes = new_figure(len(drawn), columns, panel_height=3.4 if as_bars else 3.2)
    positions = np.arange(len(points))
    for axis, base in zip(axes, drawn):
        unit = metric_unit(metrics, f"long_term.{base}")
        short = point_column(points, f"short_term.{base}", "mean").to_numpy()
        long = point_column(points, f"long_term.{base}", "mean").to_numpy()
        short_error = Z_95 * point_column(points, f"short_term.{base}", "se").to_numpy()
        long_error = Z_95 * point_column(points, f"long_term.{base}", "se").to_numpy()
        if as_bars:
            for offset, values, errors, window in ((-0.2, short, short_error, "short_term"),
                                                   (0.2, long, long_error, "long_term")):
                axis.bar(positions + offset, np.nan_to_num(values), width=0.4,
                         yerr=np.where(np.isfinite(errors), errors, 0), capsize=2,
                         color=WINDOW_COLOURS[window], label=WINDOW_LABELS[window],
                         error_kw={"lw": 0.8})
                for position in positions[~np.isfinite(values)]:
                    axis.text(position + offset, 0, "n/a", ha="center", va="bottom",
                              fontsize=7, color="#a00", rotation=90)
            axis.set_xticks(positions, [shorten(l, 22) for l in labels], rotation=30,
                            ha="right", fontsize=8)
            axis.set_ylabel(unit or "value")
        else:
            axis.errorbar(short, long, xerr=np.nan_to_num(short_error),
                          yerr=np.nan_to_num(long_error), fmt="o", ms=3, color="#0072b2",
                          ecolor="#aaaaaa", elinewidth=0.6)
            both = finite(np.concatenate([short, long]))
            if both.size:
                axis.plot([both.min(), both.max()], [both.min(), both.max()], color="#777777",
                          ls="--", lw=0.8, label="long term = short term")
            axis.set_xlabel(with_unit("short term", unit))
            axis.set_ylabel(with_unit("long term", unit))
        axis.set_title(base, fontsize=10)
        axis.grid(axis="y", alpha=0.3)
        axis.legend(fontsize=8)
    caption = ("Each panel is one metric collected in both windows: per point, the mean over "
               "its replicates in the short term (from adoption) and in the long term (at the "
               "end), whiskers \u00b11.96 standard errors."
               + ("" if as_bars else " The dashed line is where the two are equal."))
    return Section("windows", title, caption, png_data_uri(figure), sources, notes)


def sweep_metrics_section(sweep, points, metrics, factors, labels):
    """Each metric's mean across the points, against the factors."""
    title = "Metrics across the points"
    sources = ["sweep.json", "points.csv"]
    notes, drawn = [], []
    for metric in metrics:
        defined = finite(point_column(points, metric["name"], "mean")).size
        if defined == 0:
            notes.append(f"{metric['name']}: undefined at every point, not drawn")
            continue
        if defined < len(points):
            notes.append(f"{metric['name']}: undefined at {len(points) - defined} of "
                         f"{len(points)} points, which are left out")
        drawn.append(metric)
    if not drawn or len(points) == 0:
        return Section("metrics", title, "", sources=sources,
                       notes=notes or ["points.csv has no point: not drawn"])
    design = sweep.get("design", "")
    numeric_factors = [f for f in factors if f["key"] in points.columns
                       and pd.api.types.is_numeric_dtype(points[f["key"]])
                       and not pd.api.types.is_bool_dtype(points[f["key"]])]
    if design in ("latin_hypercube", "sobol", "morris") and numeric_factors:
        return sampled_metrics_section(points, drawn, numeric_factors, notes, sources)
    if design == "factorial" and numeric_factors:
        return factorial_metrics_section(points, drawn, factors, numeric_factors, notes, sources)
    if len(points) > MAX_BAR_POINTS * 2:
        notes.append(f"{len(points)} points are too many for one bar each: not drawn")
        return Section("metrics", title, "", sources=sources, notes=notes)
    figure, axes = new_figure(len(drawn), 2, panel_height=max(2.6, 0.22 * len(points) + 0.9))
    positions = np.arange(len(points))
    for axis, metric in zip(axes, drawn):
        mean = point_column(points, metric["name"], "mean").to_numpy()
        error = Z_95 * point_column(points, metric["name"], "se").to_numpy()
        axis.barh(positions, np.nan_to_num(mean), xerr=np.where(np.isfinite(error), error, 0),
                  color="#56b4e9", capsize=2, error_kw={"lw": 0.8})
        for position in positions[~np.isfinite(mean)]:
            axis.text(0, position, " n/a", va="center", fontsize=7, color="#a00")
        axis.set_yticks(positions, [shorten(l, 30) for l in labels], fontsize=8)
        axis.invert_yaxis()
        axis.set_xlabel(with_unit(metric["name"], metric.get("unit", "")), fontsize=9)
        axis.set_title(metric["name"], fontsize=10)
        axis.grid(axis="x", alpha=0.3)
    caption = ("Each panel is one metric of the plan: per point, the mean over its replicates, "
               "whiskers \u00b11.96 standard errors.")
    return Section("metrics", title, caption, png_data_uri(figure), sources, notes)


def factorial_metrics_section(points, drawn, factors, numeric_factors, notes, sources):
    """A factorial's metrics against its factor with the most values, one line per other."""
    x_factor = max(numeric_factors, key=lambda f: points[f["key"]].nunique())["key"]
    others = [f["key"] for f in factors if f["key"] in points.columns and f["key"] != x_factor]
    if not others:
        groups = [((), points)]
    else:  # by one key, pandas gives scalar keys; by several, tuples
        groups = list(points.groupby(others[0] if len(others) == 1 else others, sort=False))
    if len(groups) > MAX_SERIES_POINTS:
        notes.append(f"{len(groups)} combinations of {', '.join(others)}: the first "
                     f"{MAX_SERIES_POINTS} are drawn")
        groups = groups[:MAX_SERIES_POINTS]
    figure, axes = new_figure(len(drawn), 3, panel_height=2.9)
    colours = colour_cycle(len(groups))
    for axis, metric in zip(axes, drawn):
        for colour, (key, rows) in zip(colours, groups):
            rows = rows.sort_values(x_factor)
            x = numeric(rows[x_factor]).to_numpy()
            mean = point_column(rows, metric["name"], "mean").to_numpy()
            error = Z_95 * point_column(rows, metric["name"], "se").to_numpy()
            low = point_column(rows, metric["name"], "p10").to_numpy()
            high = point_column(rows, metric["name"], "p90").to_numpy()
            key = key if isinstance(key, tuple) else (key,)
            label = ", ".join(f"{o.rsplit('.', 1)[-1]}={format_value(v)}"
                              for o, v in zip(others, key)) or None
            defined = np.isfinite(mean)
            axis.errorbar(x[defined], mean[defined], yerr=np.nan_to_num(error[defined]),
                          color=colour, marker="o", ms=3, lw=1.1, capsize=2, label=label)
            axis.fill_between(x, low, high, color=colour, alpha=0.12, lw=0)
        axis.set_xlabel(x_factor)
        axis.set_ylabel(metric.get("unit", "") or "value", fontsize=9)
        axis.set_title(metric["name"], fontsize=10)
        axis.grid(alpha=0.3)
    handles, labels = axes[0].get_legend_handles_labels()
    if handles:
        top_legend(figure, handles, labels, 4)
    caption = (f"Each panel is one metric of the plan against {x_factor}: the mean over each "
               "point's replicates (whiskers \u00b11.96 standard errors) and the band from its "
               "10th to its 90th percentile"
               + (f"; one line per value of {', '.join(others)}." if others else "."))
    return Section("metrics", "Metrics across the points", caption, png_data_uri(figure),
                   sources, notes)


def sampled_metrics_section(points, drawn, numeric_factors, notes, sources):
    """A sampled design's metrics (point means) against each factor, a grid of scatters."""
    drawn = drawn[:6]
    numeric_factors = numeric_factors[:4]
    figure, axes = new_figure(len(drawn) * len(numeric_factors), len(numeric_factors),
                              panel_height=2.4)
    for row, metric in enumerate(drawn):
        mean = point_column(points, metric["name"], "mean").to_numpy()
        for column, factor in enumerate(numeric_factors):
            axis = axes[row * len(numeric_factors) + column]
            axis.scatter(numeric(points[factor["key"]]), mean, s=8, color="#0072b2", alpha=0.7)
            axis.set_xlabel(factor["key"], fontsize=8)
            if column == 0:
                axis.set_ylabel(with_unit(shorten(metric["name"], 24), metric.get("unit", "")),
                                fontsize=8)
            axis.tick_params(labelsize=7)
            axis.grid(alpha=0.3)
    caption = ("Rows are metrics, columns factors: each dot is a point of the design, the mean "
               "over its replicates.")
    return Section("metrics", "Metrics across the points", caption, png_data_uri(figure),
                   sources, notes)


def effects_section(effects, metrics, order):
    """Main effects (ORDER 1) or two-way interactions (ORDER 2) of a two-level design."""
    kind = "Main effects" if order == 1 else "Two-way interactions"
    anchor = "main-effects" if order == 1 else "interactions"
    title = f"{kind} of the two-level design"
    rows = effects[numeric(effects["order"]) == order]
    if rows.empty:
        return Section(anchor, title, "", sources=["effects.csv"],
                       notes=[f"effects.csv has no term of order {order}: not drawn"])
    names = list(dict.fromkeys(rows["metric"]))
    drawn, notes = [], []
    for name in names:
        if finite(numeric(rows.loc[rows["metric"] == name, "effect"])).size == 0:
            notes.append(f"{name}: every effect undefined, not drawn")
        else:
            drawn.append(name)
    if not drawn:
        return Section(anchor, title, "", sources=["effects.csv"], notes=notes)
    terms = list(dict.fromkeys(rows["term"]))
    figure, axes = new_figure(len(drawn), 3, panel_height=max(2.4, 0.3 * len(terms) + 1.0))
    has_errors = "standard_error" in rows.columns
    for axis, name in zip(axes, drawn):
        mine = rows[rows["metric"] == name]
        effect = numeric(mine["effect"]).to_numpy()
        error = (Z_95 * numeric(mine["standard_error"]).to_numpy() if has_errors
                 else np.full(len(mine), np.nan))
        clear = np.isfinite(error) & (np.abs(effect) > error)
        colours = np.where(clear, "#0072b2", "#a6cee3")
        positions = np.arange(len(mine))
        axis.barh(positions, np.nan_to_num(effect), xerr=np.where(np.isfinite(error), error, 0),
                  color=colours, capsize=2, error_kw={"lw": 0.8})
        labels = []
        for term, alias in zip(mine["term"], mine.get("aliases", pd.Series([""] * len(mine)))):
            label = str(term).replace(".enabled", "")
            if isinstance(alias, str) and alias.strip():
                label += f"\n= {shorten(alias.replace('.enabled', ''), 30)}"
            labels.append(label)
        axis.set_yticks(positions, labels, fontsize=8)
        axis.invert_yaxis()
        axis.axvline(0, color="black", lw=0.7)
        axis.set_xlabel(with_unit("effect", metric_unit(metrics, name)), fontsize=9)
        axis.set_title(name, fontsize=10)
        axis.grid(axis="x", alpha=0.3)
    what = ("the mean over the points where the factor is high minus where it is low"
            if order == 1 else
            "the mean over the points where the two factors' signs agree (product +) minus "
            "where they differ")
    caption = (f"Each panel is one metric; a bar is {what}, whiskers \u00b11.96 standard errors "
               "(pooled replicate variance), dark where the effect is clear of them; '= ...' "
               "names the terms it is aliased with.")
    return Section(anchor, title, caption, png_data_uri(figure), ["effects.csv", "sweep.json"],
                   notes)


def sensitivity_section(path, metrics):
    """Sobol (S1, ST) or Morris (mu_star, sigma) indices with their confidence intervals."""
    table = read_csv(path)
    require_columns(table, path, ["metric", "parameter"])
    if {"S1", "ST"} <= set(table.columns):
        pairs = (("S1", "S1_conf", "first order S1"), ("ST", "ST_conf", "total ST"))
        title = "Sobol sensitivity indices"
        caption = ("Each panel is one metric; per parameter, its first-order index S1 and its "
                   "total index ST (shares of the variance of the point means), whiskers the "
                   "bootstrap confidence half-widths (S1_conf, ST_conf). ST within ST_conf of 0: "
                   "no effect the design can tell from noise.")
    elif {"mu_star", "sigma"} <= set(table.columns):
        pairs = (("mu_star", "mu_star_conf", "mu*"), ("sigma", None, "sigma"))
        title = "Morris elementary effects"
        caption = ("Each panel is one metric; per parameter, mu* (the mean absolute elementary "
                   "effect, whiskers its confidence half-width mu_star_conf) and sigma (their "
                   "standard deviation: non-linearity or interactions), per unit of the "
                   "parameter's range scaled to [0, 1].")
    else:
        raise ReportError(f"{path}: has neither Sobol's columns (S1, S1_conf, ST, ST_conf) nor "
                          f"Morris's (mu, mu_star, sigma, mu_star_conf)")
    names = list(dict.fromkeys(table["metric"]))
    drawn, notes = [], []
    for name in names:
        mine = table[table["metric"] == name]
        if finite(np.concatenate([numeric(mine[c]).to_numpy() for c, _, _ in pairs])).size == 0:
            notes.append(f"{name}: every index undefined (no variance across the points?), "
                         "not drawn")
        else:
            drawn.append(name)
    if not drawn:
        return Section("sensitivity", title, "", sources=[path.name], notes=notes)
    figure, axes = new_figure(len(drawn), 3, panel_height=2.9)
    colours = ("#0072b2", "#e69f00")
    for axis, name in zip(axes, drawn):
        mine = table[table["metric"] == name]
        positions = np.arange(len(mine))
        for offset, colour, (value, conf, label) in zip((-0.2, 0.2), colours, pairs):
            heights = numeric(mine[value]).to_numpy()
            errors = (numeric(mine[conf]).to_numpy() if conf and conf in mine.columns
                      else np.full(len(mine), np.nan))
            axis.bar(positions + offset, np.nan_to_num(heights), width=0.4, color=colour,
                     yerr=(np.where(np.isfinite(errors), errors, 0)
                           if np.isfinite(errors).any() else None),
                     capsize=3, label=label, error_kw={"lw": 0.8})
            for position in positions[~np.isfinite(heights)]:
                axis.text(position + offset, 0, "n/a", ha="center", va="bottom", fontsize=7,
                          color="#a00")
        axis.axhline(0, color="black", lw=0.7)
        axis.set_xticks(positions, [shorten(str(p), 22) for p in mine["parameter"]],
                        rotation=20, ha="right", fontsize=8)
        if pairs[0][0] == "S1":
            axis.set_ylabel("index (share of variance)", fontsize=9)
        else:
            unit = metric_unit(metrics, name)
            axis.set_ylabel(with_unit("effect", f"{unit} per range" if unit else ""), fontsize=9)
        axis.set_title(name, fontsize=10)
        axis.grid(axis="y", alpha=0.3)
        axis.legend(fontsize=8)
    return Section("sensitivity", title, caption, png_data_uri(figure),
                   [path.name, "sweep.json"], notes)


# --------------------------------------------------------------------------
# A world

# The packages, in the order of regions.csv's share_ columns, and their colours.
PACKAGES = ("cameras", "telecom", "id_card", "policing", "social_credit", "platform", "training")
PACKAGE_COLOURS = {
    "cameras": "#0072b2",
    "telecom": "#e69f00",
    "id_card": "#009e73",
    "policing": "#d55e00",
    "social_credit": "#cc79a7",
    "platform": "#56b4e9",
    "training": "#6a3d9a",
}
HOW_MARKERS = {"held": "s", "event": "D", "accepted": "o"}
HOW_LABELS = {"held": "held (from start_year)", "event": "event (historical)",
              "accepted": "accepted offer"}
WITH_COLOUR = "#0072b2"
WITHOUT_COLOUR = "#d55e00"
BURN_IN_COLOUR = "#bbbbbb"
# The world's own measures of a country's year (the layer's come from docs/outputs.md).
WORLD_UNITS = {
    "activations_per_1000_per_year": "per 1,000 citizens per year",
    "offences_per_1000_per_year": "per 1,000 citizens per year",
    "confined_per_1000": "per 1,000 citizens",
    "unrest_index": "share of ticks",
    "crime_index": "0 to 1",
    "openness": "0 to 1",
    "hardship_shift": "",
    "spent_usd": "US$",
    "debt_usd": "US$",
}
WORLD_STABILITY = "activations_per_1000_per_year"
WORLD_LIBERTY = ("expressed_dissent", "falsification_gap")
# Regional series: the first REGION_METRIC_COUNT of these with values worth drawing.
REGION_METRICS = ("activations_per_1000_per_year", "outburst_ticks", "expressed_dissent",
                  "falsification_gap", "confined_per_1000", "wrongful_detentions_per_1000",
                  "blacklisted_share", "offences_per_1000_per_year")
REGION_METRIC_COUNT = 4
WORLD_COMPARE_GROUPS = (
    ("stability", ("activations_per_1000_per_year", "outbursts", "outburst_ticks",
                   "offences_per_1000_per_year")),
    ("liberty", ("expressed_dissent", "falsification_gap", "wrongful_detentions_per_1000",
                 "blacklisted_share", "confined_per_1000")),
    ("money", ("spent_usd", "debt_usd")),
)
WORLD_TEXT_COLUMNS = ("country", "region", "name", "package", "terms", "how", "level", "window",
                      "metric", "packages", "target", "key", "why")
MAX_TIMELINE_COUNTRIES = 40  # rows of the adoption timeline
MAX_TRAJECTORY_COUNTRIES = 16  # panels of stability against liberty
MAX_SERIES_COUNTRIES = 6  # rows of the countries' time series
MAX_WORLD_REGIONS = 12  # regions drawn, "world" besides
MAX_COMPARE_COUNTRIES = 20  # countries in the comparison's bars


class World:
    """A world directory's tables, checked, with what the figures need of them."""

    def __init__(self, directory):
        self.directory = directory
        json_path = directory / "world.json"
        self.json = read_json(json_path)
        if not isinstance(self.json, dict):
            raise ReportError(f"{json_path}: not a JSON object")
        self.years = self.read(
            "country_years.csv",
            ["replicate", "exports", "year", "country", "region", "population"])
        self.regions_table = self.read(
            "regions.csv", ["replicate", "exports", "year", "region", "population"])
        self.adoptions = self.read("adoptions.csv", ["replicate", "year", "country", "package",
                                                     "how"])
        summary = directory / "compare_summary.csv"
        self.summary = (self.read("compare_summary.csv",
                                  ["level", "name", "window", "metric", "difference",
                                   "standard_error"])
                        if summary.exists() else None)

        countries = self.json.get("countries")
        specs = [c for c in countries if isinstance(c, dict) and "name" in c] \
            if isinstance(countries, list) else []
        self.specs = {str(c["name"]): c for c in specs}
        seen = list(dict.fromkeys(self.years["country"]))
        self.countries = [str(c["name"]) for c in specs] or seen
        self.countries += [c for c in seen if c not in self.countries]
        exporter = self.json.get("exporter")
        if not isinstance(exporter, str):
            exporter = next((n for n, c in self.specs.items() if c.get("exporter") is True), "")
        self.exporter = exporter
        self.importers = [c for c in self.countries if c != self.exporter]
        self.region_names = list(dict.fromkeys(self.regions_table["region"]))

        year_values = finite(self.years["year"])
        if year_values.size == 0:
            raise ReportError(f"{directory / 'country_years.csv'}: holds no year (no rows)")
        self.first_year = int(year_values.min())
        self.last_year = int(year_values.max())
        start = self.json.get("start_year")
        self.start_year = int(start) if isinstance(start, (int, float)) else self.first_year
        end = self.json.get("end_year")
        self.end_year = int(end) if isinstance(end, (int, float)) else self.last_year
        with_rows = self.years[self.years["exports"] == 1]
        self.replicates = sorted({int(r) for r in finite(with_rows["replicate"])}) or \
            sorted({int(r) for r in finite(self.years["replicate"])})
        self.baseline = bool((self.years["exports"] == 0).any())
        self._stats = {}

    def read(self, name, columns):
        """One of the world's tables; names stay text (a country called NA is no NaN)."""
        path = self.directory / name
        table = read_csv(path, keep_default_na=False, na_values=[""],
                         dtype={c: str for c in WORLD_TEXT_COLUMNS})
        require_columns(table, path, columns, WORLD_DOCS)
        for column in table.columns:
            if column in WORLD_TEXT_COLUMNS:
                table[column] = table[column].fillna("")
            elif not pd.api.types.is_numeric_dtype(table[column]):
                table[column] = numeric(table[column])
        return table

    def unit(self, metric, docs):
        """A metric's unit: the world's own, else the layer's (docs/outputs.md)."""
        if metric in WORLD_UNITS:
            return WORLD_UNITS[metric]
        return docs["metrics"].get(metric, ("", ""))[0]

    def stats(self, level, metric):
        """Mean and standard error over replicates of METRIC, per (exports, name, year).

        LEVEL is "country" (country_years.csv) or "region" (regions.csv). Returns
        None where the table has no such column.
        """
        key = (level, metric)
        if key not in self._stats:
            table = self.years if level == "country" else self.regions_table
            if metric not in table.columns:
                self._stats[key] = None
            else:
                grouped = table.groupby(["exports", level, "year"], sort=False)[metric]
                stats = pd.DataFrame({"mean": grouped.mean(), "count": grouped.count(),
                                      "std": grouped.std(ddof=1)})
                stats["se"] = stats["std"] / np.sqrt(stats["count"].where(stats["count"] > 1))
                self._stats[key] = stats.sort_index()
        return self._stats[key]

    def series(self, level, name, metric, exports):
        """(years, mean, standard error) of NAME's METRIC over the years; None if absent."""
        stats = self.stats(level, metric)
        if stats is None:
            return None
        try:
            rows = stats.loc[(exports, name)]
        except KeyError:
            return None
        rows = rows.sort_index()
        return (rows.index.to_numpy(dtype=float), rows["mean"].to_numpy(dtype=float),
                rows["se"].to_numpy(dtype=float))

    def drawable(self, level, metric):
        """Why METRIC is not worth drawing at LEVEL ('' when it is)."""
        table = self.years if level == "country" else self.regions_table
        if metric not in table.columns:
            return "not in the table"
        values = finite(table[metric])
        if values.size == 0:
            return "undefined everywhere"
        if (values == 0).all():
            return "0 everywhere"
        return ""

    def adoption_counts(self):
        """{country: adoptions over all replicates} (holds included)."""
        return self.adoptions.groupby("country").size().to_dict()

    def main_countries(self, limit, drop_exporter=False):
        """Up to LIMIT countries in the world's order: all, or those that took most.

        Returns (chosen, left_out).
        """
        pool = self.importers if drop_exporter else self.countries
        if len(pool) <= limit:
            return list(pool), []
        counts = self.adoption_counts()

        def population(name):
            value = self.specs.get(name, {}).get("population", 0)
            return value if isinstance(value, (int, float)) else 0

        ranked = sorted(pool, key=lambda c: (c == self.exporter, -counts.get(c, 0),
                                             -population(c)))
        chosen = set(ranked[:limit])
        return [c for c in pool if c in chosen], [c for c in pool if c not in chosen]

    def regions(self):
        """The regions drawn (the world last) and those left out."""
        regions = [r for r in self.region_names if r != "world"]
        left_out = regions[MAX_WORLD_REGIONS:]
        regions = regions[:MAX_WORLD_REGIONS]
        if "world" in self.region_names:
            regions.append("world")
        return regions, left_out


def shade_burn_in(axis, world, label=True):
    """Shade the burn-in years (before start_year) of a year axis."""
    if world.first_year < world.start_year:
        axis.axvspan(world.first_year - 0.5, world.start_year - 0.5, color=BURN_IN_COLOUR,
                     alpha=0.25, lw=0, label="burn-in" if label else None)


def year_axis(axis, world):
    """Whole years on the x axis, from the burn-in's first to the last."""
    axis.set_xlim(world.first_year - 0.6, world.last_year + 0.6)
    axis.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=8))


def legend_rows(rows):
    """Handles and labels of a legend whose rows are ROWS (lists of (handle, label)).

    A legend fills its columns first: the rows are padded with blank entries and read
    column by column. Returns (handles, labels, columns).
    """
    columns = max(len(row) for row in rows)
    blank = (Line2D([], [], ls="", marker=""), "")
    padded = [row + [blank] * (columns - len(row)) for row in rows]
    order = [padded[r][c] for c in range(columns) for r in range(len(padded))]
    return [h for h, _ in order], [l for _, l in order], columns


def package_colour(package):
    """The colour of a package (packages the script does not know get the spare ones)."""
    if package in PACKAGE_COLOURS:
        return PACKAGE_COLOURS[package]
    spare = matplotlib.colormaps["tab10"].colors
    return spare[sum(map(ord, package)) % len(spare)]


def world_label(world, name):
    """A country's name, marked where it is the exporter."""
    return f"{name} (exporter)" if name == world.exporter else name


def liberty_label(metric, unit):
    """A liberty axis label saying which way is more liberty."""
    way = "higher" if metric in HIGHER_IS_BETTER else "lower"
    return with_unit(metric, unit) + f"  [{way}: more liberty]"


def world_sections(directory, docs):
    """Every figure a world's tables allow."""
    world = World(directory)
    calibration = read_calibration(directory)  # refused before anything is drawn
    sections = [world_timeline_section(world),
                world_trajectory_section(world, docs),
                world_country_series_section(world, docs),
                world_region_shares_section(world),
                world_region_metrics_section(world, docs)]
    sections += world_compare_sections(world, docs)
    sections.append(world_calibration_section(calibration))
    return sections


def world_timeline_section(world):
    """Per country, the years it took each package (colour) and how (marker)."""
    title = "Adoption timeline"
    sources = ["adoptions.csv", "world.json"]
    adoptions = world.adoptions[world.adoptions["country"] != world.exporter]
    adoptions = adoptions[np.isfinite(adoptions["year"].to_numpy(dtype=float))]
    notes = []
    if world.exporter:
        notes.append(f"the exporter, {world.exporter}, holds every package (regions.csv counts "
                     "it so) and is not drawn")
    taking = set(adoptions["country"])
    never = [c for c in world.importers if c not in taking]
    if never:
        notes.append(f"took no package in any replicate: {join_names(never)}")
    rows = [c for c in world.importers if c in taking]
    rows += [c for c in dict.fromkeys(adoptions["country"]) if c not in rows]  # not in world.json
    if not rows:
        return Section("timeline", title, "", sources=sources,
                       notes=notes + ["adoptions.csv holds no adoption by an importer: not "
                                      "drawn"])
    if len(rows) > MAX_TIMELINE_COUNTRIES:
        counts = adoptions.groupby("country").size()
        kept = set(counts.sort_values(ascending=False, kind="stable")
                   .index[:MAX_TIMELINE_COUNTRIES])
        notes.append(f"{len(rows)} countries took a package: the {MAX_TIMELINE_COUNTRIES} "
                     f"that took most are drawn; left out: "
                     f"{join_names([c for c in rows if c not in kept])}")
        rows = [c for c in rows if c in kept]
    packages = [p for p in PACKAGES] + sorted(set(adoptions["package"]) - set(PACKAGES))
    replicates = max(1, len(world.replicates))
    lane = 0.84 / len(packages)
    offsets = {p: -0.42 + (j + 0.5) * lane for j, p in enumerate(packages)}
    row_of = {c: i for i, c in enumerate(rows)}
    years = np.arange(world.first_year, world.last_year + 1)
    # A hold is in force from start_year whatever year it is dated (the burn-in runs
    # without holds); it is drawn there.
    held = adoptions["how"] == "held"
    drawn_year = adoptions["year"].where(~held, adoptions["year"].clip(lower=world.start_year))
    early = drawn_year < world.first_year
    if early.any():
        notes.append(f"{int(early.sum())} adoption(s) dated before {world.first_year} are "
                     f"drawn at {world.first_year}")
    adoptions = adoptions.assign(drawn_year=drawn_year.clip(lower=world.first_year))

    figure = Figure(figsize=(FIGURE_WIDTH, 0.5 * len(rows) + 1.6), dpi=DPI,
                    layout="constrained")
    FigureCanvasAgg(figure)
    axis = figure.subplots()
    shade_burn_in(axis, world)
    first = adoptions.groupby(["country", "package", "replicate"])["drawn_year"].min()
    for (country, package), by_replicate in first.groupby(level=[0, 1]):
        if country not in row_of:
            continue
        taken = by_replicate.to_numpy(dtype=float)
        shares = np.array([(taken <= y).sum() / replicates for y in years])
        # one bar per run of years with the same share (no seams between years)
        starts = [i for i in range(len(years)) if shares[i] > 0
                  and (i == 0 or shares[i] != shares[i - 1])]
        if not starts:
            continue
        ends = [next((j for j in range(i + 1, len(years)) if shares[j] != shares[i]),
                     len(years)) for i in starts]
        colour = matplotlib.colors.to_rgb(package_colour(package))
        axis.barh(np.full(len(starts), row_of[country] + offsets[package]),
                  [years[e - 1] - years[b] + 1.0 for b, e in zip(starts, ends)],
                  left=[years[b] - 0.5 for b in starts], height=lane * 0.8, lw=0,
                  color=[(*colour, 0.12 + 0.4 * shares[b]) for b in starts])
    marks = adoptions.groupby(["country", "package", "how", "drawn_year"]).size()
    for (country, package, how, year), count in marks.items():
        if country not in row_of:
            continue
        share = min(1.0, count / replicates)
        axis.scatter([year], [row_of[country] + offsets[package]], s=10 + 40 * share,
                     marker=HOW_MARKERS.get(how, "^"), color=package_colour(package),
                     edgecolors="black", linewidths=0.4, zorder=3)
    for i in range(1, len(rows)):
        axis.axhline(i - 0.5, color="#dddddd", lw=0.6)
    axis.set_yticks(range(len(rows)), [shorten(c, 24) for c in rows], fontsize=8)
    axis.set_ylim(len(rows) - 0.5, -0.5)
    year_axis(axis, world)
    axis.set_xlabel("year")
    axis.grid(axis="x", alpha=0.3)
    colours = [(Line2D([], [], ls="", marker="s", ms=7, color=package_colour(p)), p)
               for p in packages]
    hows = [h for h in HOW_MARKERS if h in set(adoptions["how"])]
    hows += sorted(set(adoptions["how"]) - set(HOW_MARKERS))
    shapes = [(Line2D([], [], ls="", marker=HOW_MARKERS.get(h, "^"), ms=7, color="white",
                      markeredgecolor="black"), HOW_LABELS.get(h, h)) for h in hows]
    if world.first_year < world.start_year:
        shapes.append((Patch(color=BURN_IN_COLOUR, alpha=0.25), "burn-in"))
    handles, labels, columns = legend_rows([colours, shapes])
    top_legend(figure, handles, labels, columns, fontsize=8)
    if replicates > 1:
        how_much = (f"its size the share of the {replicates} replicates in which it took the "
                    "package that year and so; the shaded lane behind it is the share of "
                    "replicates holding the package by each year (darker: more)")
    else:
        how_much = "the shaded lane behind it the years the country held the package"
    caption = ("Each row is a country, each thin lane in it a package (colour, in the "
               "legend's order from the top). A marker is a year in which the country took a "
               "package, its shape how (a hold, drawn at start_year when it comes into force; "
               f"a historical event; an accepted offer), {how_much}. The grey band is the "
               f"burn-in (before {world.start_year}: every country alone, no exports).")
    return Section("timeline", title, caption, png_data_uri(figure), sources, notes)


def pick_world_liberty(world):
    """The liberty metric drawn against stability: expressed dissent, else the gap."""
    for metric in WORLD_LIBERTY:
        if not world.drawable("country", metric):
            return metric
    return None


def world_trajectory_section(world, docs):
    """Per country, stability against liberty over the years, with and without exports."""
    title = "Stability against liberty, country by country"
    sources = ["country_years.csv"]
    liberty = pick_world_liberty(world)
    why = world.drawable("country", WORLD_STABILITY)
    if why or liberty is None:
        what = (f"{WORLD_STABILITY}: {why}" if why else
                f"{' and '.join(WORLD_LIBERTY)}: undefined or 0 everywhere")
        return Section("trajectories", title, "", sources=sources, notes=[f"{what}, not drawn"])
    countries, left_out = world.main_countries(MAX_TRAJECTORY_COUNTRIES)
    notes = []
    if left_out:
        notes.append(f"{len(world.countries)} countries: the {len(countries)} that took most "
                     f"are drawn; left out: {join_names(left_out)}")
    if not world.baseline:
        notes.append("no world without exports (run with --no-baseline): only the world with "
                     "exports is drawn")
    figure, axes = new_figure(len(countries), 4, panel_height=2.7)
    worlds = ((1, "-", WITH_COLOUR), (0, "--", WITHOUT_COLOUR)) if world.baseline \
        else ((1, "-", WITH_COLOUR),)
    empty = []
    for axis, country in zip(axes, countries):
        drawn = False
        paths = []
        for exports, style, colour in worlds:
            x_series = world.series("country", country, WORLD_STABILITY, exports)
            y_series = world.series("country", country, liberty, exports)
            if x_series is None or y_series is None:
                continue
            years, x, _ = x_series
            _, y, _ = y_series
            keep = np.isfinite(x) & np.isfinite(y)
            if not keep.any():
                continue
            drawn = True
            years, x, y = years[keep], x[keep], y[keep]
            paths.append((years, x, y))
            axis.plot(x, y, ls=style, color=colour, lw=1.1, zorder=2)
            burn = years < world.start_year
            axis.scatter(x[~burn], y[~burn], s=14, color=colour, zorder=3)
            axis.scatter(x[burn], y[burn], s=14, facecolors="white", edgecolors=colour,
                         zorder=3)
            if exports == 1:
                for index in {0, len(years) - 1}:
                    axis.annotate(str(int(years[index])), (x[index], y[index]),
                                  textcoords="offset points", xytext=(3, 3), fontsize=7,
                                  color="#333333")
        if not drawn:
            axis.text(0.5, 0.5, "no values (undefined)", ha="center", va="center",
                      transform=axis.transAxes, color="#a00")
            empty.append(country)
        same = len(paths) == 2 and all(np.array_equal(a, b) for a, b in zip(*paths))
        axis.set_title(shorten(world_label(world, country), 30)
                       + ("  (the same without exports)" if same else ""), fontsize=9)
        axis.set_xlabel("activations per 1,000 per year", fontsize=8)
        axis.set_ylabel(shorten(liberty, 24), fontsize=8)
        axis.tick_params(labelsize=7)
        axis.grid(alpha=0.3)
    if empty:
        notes.append(f"no year with both values defined: {join_names(empty)}")
    handles = [Line2D([], [], color=WITH_COLOUR, lw=1.1, marker="o", ms=4)]
    labels = ["with exports"]
    if world.baseline:
        handles.append(Line2D([], [], color=WITHOUT_COLOUR, lw=1.1, ls="--", marker="o", ms=4))
        labels.append("without exports")
    handles.append(Line2D([], [], ls="", marker="o", ms=4, markerfacecolor="white",
                          markeredgecolor="#333333"))
    labels.append("burn-in year")
    top_legend(figure, handles, labels, len(handles))
    way = "higher" if liberty in HIGHER_IS_BETTER else "lower"
    caption = (f"Each panel is one country: its year-by-year path of activations per 1,000 "
               f"citizens per year (stability, lower is calmer) against {liberty} "
               f"({world.unit(liberty, docs) or 'share'}; {way} is more liberty), each point "
               f"the mean of a year over the {len(world.replicates)} replicate(s); solid with "
               "exports, dashed the same world without"
               + (" (common random numbers)" if world.baseline else "")
               + "; hollow points are burn-in years; the first and last years are labelled.")
    return Section("trajectories", title, caption, png_data_uri(figure), sources, notes)


def band(axis, years, mean, error, colour, style, label):
    """A mean line with a band of +-1.96 standard errors where they are defined."""
    keep = np.isfinite(mean)
    axis.plot(years[keep], mean[keep], color=colour, ls=style, lw=1.1, label=label,
              marker="o", ms=2.5)
    spread = Z_95 * error
    ok = keep & np.isfinite(spread)
    if ok.sum() > 1:
        axis.fill_between(years[ok], (mean - spread)[ok], (mean + spread)[ok], color=colour,
                          alpha=0.15, lw=0)
    return keep.any()


def draw_both_worlds(axis, world, level, name, metric):
    """A panel of METRIC for NAME, with exports solid and without dashed; False if empty."""
    drawn = False
    worlds = ((1, "-", WITH_COLOUR, "with exports"), (0, "--", WITHOUT_COLOUR,
                                                      "without exports"))
    for exports, style, colour, label in worlds:
        if exports == 0 and not world.baseline:
            continue
        series = world.series(level, name, metric, exports)
        if series is not None:
            drawn |= band(axis, *series, colour, style, label)
    shade_burn_in(axis, world)
    year_axis(axis, world)
    axis.grid(alpha=0.3)
    axis.tick_params(labelsize=7)
    if not drawn:
        axis.text(0.5, 0.5, "no values (undefined)", ha="center", va="center",
                  transform=axis.transAxes, color="#a00")
    return drawn


def world_country_series_section(world, docs):
    """Stability and liberty over the years of the main countries."""
    title = "Stability and liberty over the years: the main countries"
    sources = ["country_years.csv"]
    metrics = [m for m in (WORLD_STABILITY,) + WORLD_LIBERTY if m in world.years.columns]
    notes = [f"{m}: {world.drawable('country', m)}, not drawn"
             for m in (WORLD_STABILITY,) + WORLD_LIBERTY if world.drawable("country", m)]
    metrics = [m for m in metrics if not world.drawable("country", m)]
    if not metrics:
        return Section("country-series", title, "", sources=sources, notes=notes)
    countries, left_out = world.main_countries(MAX_SERIES_COUNTRIES, drop_exporter=True)
    if not countries:
        countries = world.countries[:MAX_SERIES_COUNTRIES]
    if left_out:
        notes.append(f"the {len(countries)} importers that took most are drawn; the others "
                     f"are in the panels above")
    figure, axes = new_figure(len(countries) * len(metrics), len(metrics), panel_height=2.2)
    for row, country in enumerate(countries):
        for column, metric in enumerate(metrics):
            axis = axes[row * len(metrics) + column]
            draw_both_worlds(axis, world, "country", country, metric)
            axis.set_title(f"{shorten(world_label(world, country), 24)}: {metric}", fontsize=9)
            unit = world.unit(metric, docs)
            axis.set_ylabel(shorten(unit, 30) if unit else "value", fontsize=8)
    handles, labels = axes[0].get_legend_handles_labels()
    if handles:
        top_legend(figure, handles, labels, len(handles))
    caption = ("Rows are countries (the importers that took most), columns activations per "
               "1,000 citizens per year and the liberty metrics: the mean over replicates of "
               "each year, solid with exports, dashed without, bands \u00b11.96 standard "
               "errors over replicates; the grey band is the burn-in.")
    return Section("country-series", title, caption, png_data_uri(figure), sources, notes)


def world_region_shares_section(world):
    """Per region, the share of its population in countries holding each package."""
    title = "Regions: population share under each package"
    sources = ["regions.csv"]
    shares = [c for c in world.regions_table.columns if c.startswith("share_")]
    if not shares:
        return Section("region-shares", title, "", sources=sources,
                       notes=["regions.csv has no share_<package> column: not drawn"])
    regions, left_out = world.regions()
    if not regions:
        return Section("region-shares", title, "", sources=sources,
                       notes=["regions.csv has no region: not drawn"])
    count = len([r for r in world.region_names if r != "world"])
    notes = [f"{count} regions: the first {MAX_WORLD_REGIONS} are drawn; left out: "
             f"{join_names(left_out)}"] if left_out else []
    figure, axes = new_figure(len(regions), 3, panel_height=2.5)
    for axis, region in zip(axes, regions):
        for column in shares:
            package = column[len("share_"):]
            series = world.series("region", region, column, 1)
            if series is None:
                continue
            years, mean, _ = series
            axis.plot(years, mean, color=package_colour(package), lw=1.3, label=package,
                      marker="o", ms=2.5)
        shade_burn_in(axis, world, label=False)
        year_axis(axis, world)
        axis.set_ylim(-0.03, 1.05)
        axis.set_title("all countries" if region == "world" else f"region {region}",
                       fontsize=9)
        axis.set_ylabel("population share", fontsize=8)
        axis.tick_params(labelsize=7)
        axis.grid(alpha=0.3)
    handles, labels = axes[0].get_legend_handles_labels()
    if handles:
        top_legend(figure, handles, labels, len(handles))
    caption = ("Per region (and all countries), the share of its population living in a "
               "country that holds each package as the year runs, in the world with exports, "
               "mean over replicates; the exporter counts as holding every package, so a "
               "region holding it starts above 0. The grey band is the burn-in.")
    return Section("region-shares", title, caption, png_data_uri(figure), sources, notes)


def world_region_metrics_section(world, docs):
    """Per region, stability and liberty over the years, with and without exports."""
    title = "Regions: stability and liberty with and without exports"
    sources = ["regions.csv"]
    notes, metrics = [], []
    for metric in REGION_METRICS:
        why = world.drawable("region", metric)
        if why:
            notes.append(f"{metric}: {why}, not drawn")
        elif len(metrics) < REGION_METRIC_COUNT:
            metrics.append(metric)
    regions, left_out = world.regions()
    if left_out:
        notes.append(f"the first {MAX_WORLD_REGIONS} regions are drawn; left out: "
                     f"{join_names(left_out)}")
    if not metrics or not regions:
        return Section("region-metrics", title, "", sources=sources, notes=notes)
    if not world.baseline:
        notes.append("no world without exports (run with --no-baseline): only the world with "
                     "exports is drawn")
    figure, axes = new_figure(len(regions) * len(metrics), len(metrics), panel_height=2.2)
    for row, region in enumerate(regions):
        for column, metric in enumerate(metrics):
            axis = axes[row * len(metrics) + column]
            draw_both_worlds(axis, world, "region", region, metric)
            name = "all countries" if region == "world" else region
            axis.set_title(f"{shorten(name, 20)}: {shorten(metric, 30)}", fontsize=9)
            unit = world.unit(metric, docs)
            axis.set_ylabel(shorten(unit, 30) if unit else "value", fontsize=8)
    handles, labels = axes[0].get_legend_handles_labels()
    if handles:
        top_legend(figure, handles, labels, len(handles))
    caption = ("Rows are regions (the last all countries), columns stability and liberty "
               "metrics: population-weighted means over the region's countries, then the "
               "mean over replicates of each year, solid with exports, dashed without, bands "
               "\u00b11.96 standard errors over replicates; the grey band is the burn-in.")
    return Section("region-metrics", title, caption, png_data_uri(figure), sources, notes)


def world_compare_sections(world, docs):
    """With exports against without: the differences, short and long term."""
    if world.summary is None:
        if world.json.get("baseline") is True:
            why = ("world.json says the world ran with a baseline, but compare_summary.csv "
                   "is missing")
        else:
            why = ("the world ran without a baseline (--no-baseline): there is no world "
                   "without exports to compare with")
        return [Section("comparison", "With exports against without", "",
                        sources=["compare_summary.csv"], notes=[f"{why}: not drawn"])]
    summary = world.summary
    regions, left_out_regions = world.regions()
    countries, left_out = world.main_countries(MAX_COMPARE_COUNTRIES, drop_exporter=True)
    notes = []
    exporter = summary[(summary["level"] == "country") & (summary["name"] == world.exporter)]
    if world.exporter and not exporter.empty:
        still = finite(exporter["difference"])
        if still.size and (still == 0).all():
            notes.append(f"the exporter, {world.exporter}, takes nothing and runs the same in "
                         "both worlds: left out")
        else:
            countries.append(world.exporter)
    if left_out:
        notes.append(f"the {len(countries)} importers that took most are drawn; left out: "
                     f"{join_names(left_out)}")
    if left_out_regions:
        notes.append(f"regions left out: {join_names(left_out_regions)}")
    names = [("region", r) for r in regions] + [("country", c) for c in countries]
    labels = [("all countries" if n == "world" else f"{n} (region)") if level == "region"
              else n for level, n in names]
    return [world_compare_group(world, summary, group, metrics, names, labels,
                                len(regions), notes if index == 0 else [], docs)
            for index, (group, metrics) in enumerate(WORLD_COMPARE_GROUPS)]


def world_compare_group(world, summary, group, metrics, names, labels, region_count, notes,
                        docs):
    """One group's differences with - without, per region and country, with whiskers."""
    title = f"With exports against without: {group}"
    anchor = f"comparison-{group}"
    sources = ["compare_summary.csv"]
    notes = list(notes)
    drawn, undefined, zero = [], [], []
    for metric in metrics:
        rows = summary[summary["metric"] == metric]
        difference, error = finite(rows["difference"]), finite(rows["standard_error"])
        if difference.size == 0:
            undefined.append(metric)
        elif (difference == 0).all() and (error == 0).all():
            zero.append(metric)
        else:
            drawn.append(metric)
    if undefined:
        notes.append(f"undefined everywhere (or not in compare_summary.csv), not drawn: "
                     f"{join_names(undefined)}")
    if zero:
        notes.append(f"difference 0 everywhere, not drawn: {join_names(zero)}")
    if not drawn:
        return Section(anchor, title, "", sources=sources, notes=notes)
    indexed = summary.set_index(["level", "name", "window", "metric"]).sort_index()
    columns = min(4, len(drawn))
    figure, axes = new_figure(len(drawn), columns,
                              panel_height=max(2.4, 0.26 * len(names) + 1.1))
    positions = np.arange(len(names))
    windows = ("short_term", "long_term")
    for index, (axis, metric) in enumerate(zip(axes, drawn)):
        for offset, window in zip((-0.2, 0.2), windows):
            values, errors = [], []
            for level, name in names:
                try:
                    row = indexed.loc[(level, name, window, metric)]
                except KeyError:
                    values.append(np.nan)
                    errors.append(np.nan)
                    continue
                row = row.iloc[0] if isinstance(row, pd.DataFrame) else row
                values.append(float(row["difference"]))
                errors.append(float(row["standard_error"]))
            values, errors = np.array(values), Z_95 * np.array(errors)
            axis.barh(positions + offset, np.nan_to_num(values), height=0.4,
                      xerr=np.where(np.isfinite(errors), errors, 0), capsize=2,
                      color=WINDOW_COLOURS[window], label=WINDOW_LABELS[window],
                      error_kw={"lw": 0.8})
            for position in positions[~np.isfinite(values)]:
                axis.text(0, position + offset, " n/a", va="center", fontsize=6,
                          color="#a00")
        axis.axvline(0, color="black", lw=0.7)
        if 0 < region_count < len(names):
            axis.axhline(region_count - 0.5, color="#999999", lw=0.8, ls=":")
        axis.set_yticks(positions, [shorten(l, 24) for l in labels], fontsize=8)
        if index % columns:
            axis.tick_params(labelleft=False)
        axis.set_ylim(len(names) - 0.5, -0.5)
        axis.set_xlabel(with_unit("with - without", world.unit(metric, docs)), fontsize=8)
        axis.set_title(shorten(metric, 36), fontsize=9)
        axis.tick_params(axis="x", labelsize=7)
        axis.grid(axis="x", alpha=0.3)
    handles, legend_labels = axes[0].get_legend_handles_labels()
    top_legend(figure, handles, legend_labels, len(handles))
    pairs = finite(summary["replicates"]) if "replicates" in summary.columns else np.array([])
    count = f"{int(pairs.max())} " if pairs.size else ""
    caption = (f"Per {group} metric, the difference with exports - without, the mean over the "
               f"{count}paired replicates (common random numbers), for each region (above the "
               "dotted line) and country: the short term (a country's first short_years from "
               "its first import, a region's from start_year) and the long term (the last "
               "long_years); whiskers \u00b11.96 standard errors of the paired differences.")
    return Section(anchor, title, caption, png_data_uri(figure), sources, notes)


def read_calibration(directory):
    """DIR/calibration.csv, checked, or None where there is none."""
    path = directory / "calibration.csv"
    if not path.exists():
        return None
    table = read_csv(path, keep_default_na=False, na_values=[""], dtype={"target": str})
    columns = ["target", "observed", "simulated", "simulated_se"]
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ReportError(f"{path}: lacks the column(s) {', '.join(missing)} (a calibration "
                          f"table has {', '.join(columns)}: one row per target)")
    table["target"] = table["target"].fillna("")
    return table


def world_calibration_section(table):
    """Observed against simulated per calibration target, where calibration.csv exists."""
    title = "Calibration"
    if table is None:
        return Section("calibration", title, "", sources=[WORLD_DOCS],
                       notes=["no calibration.csv in this directory: the calibration of the "
                              "pull and push (the grid, the chosen values, the matched share "
                              f"of adopters and the directions found) is in {WORLD_DOCS}, "
                              "\"Calibration\""])
    if table.empty:
        return Section("calibration", title, "", sources=["calibration.csv"],
                       notes=["calibration.csv holds no target: not drawn"])
    notes = []
    figure, axes = new_figure(len(table), 4, panel_height=2.4)
    for axis, (_, row) in zip(axes, table.iterrows()):
        observed = float(pd.to_numeric(row["observed"], errors="coerce"))
        simulated = float(pd.to_numeric(row["simulated"], errors="coerce"))
        error = Z_95 * float(pd.to_numeric(row["simulated_se"], errors="coerce"))
        defined = [v for v in (observed, simulated) if math.isfinite(v)]
        below = bool(defined) and min(defined) < 0 and max(defined) <= 0
        for position, value, colour, whisker in ((0, observed, "#555555", None),
                                                 (1, simulated, WITH_COLOUR, error)):
            if not math.isfinite(value):
                axis.text(position, 0, "n/a", ha="center", va="top" if below else "bottom",
                          fontsize=8, color="#a00")
                continue
            whisker = whisker if whisker is not None and math.isfinite(whisker) else None
            axis.bar(position, value, color=colour, width=0.6, yerr=whisker, capsize=4,
                     error_kw={"lw": 1})
            end = value + math.copysign(whisker or 0.0, value)
            axis.annotate(compact_number(value), (position, end), ha="center",
                          va="bottom" if value >= 0 else "top", fontsize=7,
                          textcoords="offset points", xytext=(0, 2 if value >= 0 else -2))
        if not (math.isfinite(observed) and math.isfinite(simulated)):
            notes.append(f"{row['target']}: observed or simulated undefined")
        axis.axhline(0, color="black", lw=0.7)
        axis.set_xticks([0, 1], ["observed", "simulated"], fontsize=8)
        axis.set_xlim(-0.6, 1.6)
        axis.margins(y=0.2)
        axis.set_title(shorten(str(row["target"]), 36), fontsize=9)
        axis.tick_params(axis="y", labelsize=7)
        axis.grid(axis="y", alpha=0.3)
    caption = ("Each panel is one calibration target: the observed value (grey) and the "
               "simulated one (blue, whiskers \u00b11.96 simulated_se); the method is in "
               f"{WORLD_DOCS}, \"Calibration\".")
    return Section("calibration", title, caption, png_data_uri(figure), ["calibration.csv"],
                   notes)


# --------------------------------------------------------------------------
# The page

STYLE = """
body { font-family: 'DejaVu Sans', Helvetica, Arial, sans-serif; color: #222; margin: 0;
       background: #f4f4f2; line-height: 1.4; }
main { max-width: 1120px; margin: 0 auto; padding: 16px 20px 40px; background: #fff; }
h1 { font-size: 1.5em; margin: 0.2em 0 0.1em; }
h2 { font-size: 1.15em; margin: 1.6em 0 0.2em; border-bottom: 1px solid #ddd; }
.sub { color: #555; margin: 0 0 0.8em; }
table.facts { border-collapse: collapse; font-size: 0.9em; margin: 0.5em 0; }
table.facts th { text-align: left; padding: 2px 12px 2px 0; color: #555; font-weight: normal; }
table.facts td { padding: 2px 0; }
nav ol { columns: 2; font-size: 0.92em; margin: 0.3em 0; }
.caption { margin: 0.2em 0 0.5em; }
figure { margin: 0; }
img { max-width: 100%; height: auto; display: block; border: 1px solid #eee; }
.sources { color: #666; font-size: 0.85em; margin: 0.3em 0 0; }
.note { background: #fff6e0; border-left: 4px solid #e69f00; padding: 4px 8px;
        font-size: 0.88em; margin: 0.3em 0; }
code { font-family: 'DejaVu Sans Mono', monospace; font-size: 0.92em; }
.conventions { font-size: 0.9em; color: #333; }
"""


def describe_directory(directory, kind):
    """(title, facts) for the page's heading: what wrote DIR and with what."""
    facts = [("directory", str(directory))]
    if kind == "run":
        title = "Run"
        metadata_path = directory / "metadata.json"
        if metadata_path.exists():
            metadata = read_json(metadata_path)
            if isinstance(metadata, dict):
                title = f"Run of {Path(str(metadata.get('scenario_file', '?'))).name}"
                facts += [("scenario", metadata.get("scenario_file", "")),
                          ("seed", metadata.get("seed", "")),
                          ("rule-set", metadata.get("rule_set", "")),
                          ("overrides", ", ".join(map(str, metadata.get("overrides", []))))]
                facts.append(("program", f"panopticon {metadata.get('version', '')}"))
    elif kind == "compare":
        data = read_json(directory / "compare.json")
        data = data if isinstance(data, dict) else {}
        baseline = data.get("baseline", {}) if isinstance(data.get("baseline"), dict) else {}
        title = (f"Compare: {Path(str(data.get('scenario_file', '?'))).name} against "
                 f"{baseline.get('label', 'its baseline')}")
        facts += [("scenario", data.get("scenario_file", "")),
                  ("baseline", baseline.get("label", "")),
                  ("replicates", data.get("replicates", "")), ("seeds", data.get("seeds", "")),
                  ("difference", data.get("difference", "")), ("test", data.get("test", "")),
                  ("program", f"panopticon {data.get('version', '')}")]
    elif kind == "world":
        return describe_world(directory, facts)
    else:
        data = read_json(directory / "sweep.json")
        data = data if isinstance(data, dict) else {}
        design = data.get("design", "?")
        title = f"Sweep of {Path(str(data.get('plan', '?'))).name}: {design} design"
        factors = [f.get("description", f.get("key", "")) for f in data.get("factors", [])
                   if isinstance(f, dict)]
        facts += [("plan", data.get("plan", "")), ("scenario", data.get("scenario", "")),
                  ("points", data.get("points", "")),
                  ("runs", f"{data.get('runs', '')} ({data.get('failed', 0)} failed), "
                           f"{data.get('replicates', '')} replicate(s) per point, seeds from "
                           f"{data.get('seed', '')}"),
                  ("steps", data.get("steps", "")), ("factors", "; ".join(factors)),
                  ("metrics", ", ".join(m.get("name", "") for m in data.get("metrics", [])
                                        if isinstance(m, dict))),
                  ("program", f"panopticon {data.get('panopticon_version', '')}")]
    return title, [(k, v) for k, v in facts if v not in ("", None)]


def describe_world(directory, facts):
    """(title, facts) of a world directory, from world.json and the tables' sizes."""
    data = read_json(directory / "world.json")
    data = data if isinstance(data, dict) else {}
    mode = data.get("mode", "?")
    title = f"World of {Path(str(data.get('world', '?'))).name} ({mode})"
    countries = [c for c in data.get("countries", []) if isinstance(c, dict)]
    regions = list(dict.fromkeys(str(c.get("region", "")) for c in countries))
    start, end = data.get("start_year", ""), data.get("end_year", "")
    burn_in = data.get("burn_in_years", 0)
    years = f"{start} to {end}"
    if isinstance(burn_in, int) and burn_in > 0 and isinstance(start, int):
        years += f", after {burn_in} burn-in year(s) from {start - burn_in}"
    baseline = ("with exports and the same world without (common random numbers)"
                if data.get("baseline") else "with exports only (--no-baseline)")
    facts += [("world file", data.get("world", "")), ("mode", mode), ("years", years),
              ("ticks per year", data.get("ticks_per_year", "")),
              ("replicates", f"{data.get('replicates', '')}, {baseline}"),
              ("seed", data.get("seed", "")), ("exporter", data.get("exporter", "")),
              ("countries", f"{len(countries)} in {len(regions)} region(s) "
                            f"({join_names(regions, 8)})" if countries else "")]
    try:
        adoptions = pd.read_csv(directory / "adoptions.csv", usecols=["how"])
        counts = adoptions["how"].value_counts()
        facts.append(("adoptions", ", ".join(f"{n} {h}" for h, n in counts.items())
                      + " (all replicates)" if len(adoptions) else "none"))
        offers_path = directory / "offers.csv"
        if offers_path.is_file():
            offers = pd.read_csv(offers_path, usecols=["accepted"])
            if len(offers):
                accepted = int(pd.to_numeric(offers["accepted"], errors="coerce").sum())
                facts.append(("offers", f"{len(offers)} made, {accepted} accepted "
                                        "(all replicates)"))
    except (OSError, ValueError, pd.errors.ParserError, pd.errors.EmptyDataError):
        pass  # the sections say what is wrong with a table
    facts.append(("program", f"panopticon {data.get('panopticon', '')}"))
    return title, [(k, v) for k, v in facts if v not in ("", None)]


WORLD_CONVENTIONS = (
    "Years before start_year are burn-in (the grey band): every country runs alone, with no "
    "holds and no exports. 'With exports' is the world in which the exporter offers its "
    "packages (or, in historical mode, the dated events happen); 'without' is the same world "
    "on the same seeds (common random numbers) with only the holds. Lines are means over "
    "replicates, bands and whiskers \u00b11.96 standard errors over replicates. A country's "
    "short term is short_years from its first import (none: start_year), a region's from "
    "start_year; the long term is the last long_years (docs/mechanisms/export.md, Outputs). "
    "Regions are population-weighted means of their countries, money summed. Until the pull "
    "and push are calibrated, the differences are statements about the model, not about any "
    "country. An undefined value (an empty cell) is left out and named in a note; it is never "
    "drawn as 0."
)


CONVENTIONS = (
    "Windows: the short term is the first outputs.short_window ticks from the adoption tick "
    "(the earliest start_tick of a mechanism), the long term the last outputs.long_window "
    "ticks, the burn-in the ticks before adoption (docs/outputs.md). Whiskers are \u00b11.96 "
    "standard errors over replicates unless a caption says otherwise. On the frontier, lower "
    "is better on the stability axis (fewer actives, outbursts, arrests) and on the liberty "
    "axis (less exposure, falsification, wrongful confinement), except for the liberty "
    "metrics where more is more liberty (expressed_dissent, mean_liberty_spell), where higher "
    "is better; a point is in the Pareto set when no other point is at least as good on both "
    "axes and better on one. An undefined metric (null, an empty cell) is left out and named "
    "in a note; it is never drawn as 0."
)


def render_page(title, facts, sections, kind):
    """The whole HTML page as a string."""
    escape = html.escape
    drawn = [s for s in sections if s.image]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Panopticon report: {escape(title)}</title>",
        f"<style>{STYLE}</style></head><body><main>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="sub">Panopticon report of a {escape(kind)} output directory: '
        f"{len(drawn)} figure(s). Made offline by <code>panopticon report</code>; it needs "
        "no network.</p>",
        '<table class="facts">',
    ]
    parts += [f"<tr><th>{escape(str(k))}</th><td>{escape(str(v))}</td></tr>" for k, v in facts]
    parts.append("</table>")
    parts.append("<nav><ol>")
    parts += [f'<li><a href="#{s.anchor}">{escape(s.title)}</a>'
              + ("" if s.image else " (not drawn)") + "</li>" for s in sections]
    parts.append("</ol></nav>")
    for section in sections:
        parts.append(f'<section id="{escape(section.anchor)}">')
        parts.append(f"<h2>{escape(section.title)}</h2>")
        if section.image:
            parts.append(f'<p class="caption">{escape(section.caption)}</p>')
            parts.append(f'<figure><img src="{section.image}" alt="{escape(section.title)}">'
                         "</figure>")
        for note in section.notes:
            parts.append(f'<p class="note">{escape(note)}</p>')
        sources = ", ".join(f"<code>{escape(s)}</code>" for s in section.sources)
        parts.append(f'<p class="sources">Sources: {sources}</p></section>')
    conventions = WORLD_CONVENTIONS if kind == "world" else CONVENTIONS
    parts.append(f'<h2>Conventions</h2><p class="conventions">{escape(conventions)}</p>')
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


def unique_anchors(sections):
    """Give every section an anchor no other one has."""
    seen = {}
    for section in sections:
        count = seen.get(section.anchor, 0)
        seen[section.anchor] = count + 1
        if count:
            section.anchor = f"{section.anchor}-{count + 1}"


def write_atomically(path, text):
    """Write TEXT to PATH through a temporary file in the same directory and a rename."""
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise ReportError(f"{path}: cannot be written: its directory {parent} does not exist")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial",
                                             dir=parent)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as error:
        if "temporary" in locals() and os.path.exists(temporary):
            os.unlink(temporary)
        raise ReportError(f"{path}: cannot be written ({error.strerror or error})") from None


def build_report(directory, out, docs_path):
    """Read DIR, draw its figures and write the page; returns (sections, kind)."""
    kind = detect_kind(directory)
    check_required(directory, kind)
    docs = load_output_docs(docs_path)
    builders = {"run": run_sections, "compare": compare_sections, "sweep": sweep_sections,
                "world": world_sections}
    sections = builders[kind](directory, docs)
    unique_anchors(sections)
    title, facts = describe_directory(directory, kind)
    write_atomically(out, render_page(title, facts, sections, kind))
    return sections, kind


def parse_arguments(argv):
    """The command line: DIR and --out FILE."""
    parser = argparse.ArgumentParser(
        prog="report.py",
        description="Write an offline HTML report with figures of a Panopticon output "
                    "directory (a run, a compare, a sweep, a sensitivity analysis or a "
                    "world).")
    parser.add_argument("directory", metavar="DIR", help="the output directory")
    parser.add_argument("--out", metavar="FILE", help="the HTML file (default DIR/report.html)")
    return parser.parse_args(argv)


def main(argv):
    """Run the command; returns the exit status."""
    arguments = parse_arguments(argv)
    if IMPORT_ERROR is not None:
        module = IMPORT_ERROR.name or "matplotlib, pandas or numpy"
        print(f"error: {sys.executable} cannot import {module} ({IMPORT_ERROR}); install "
              f"Debian's packages: apt-get install {DEBIAN_PACKAGES}", file=sys.stderr)
        return BAD_INPUT
    directory = Path(arguments.directory)
    out = Path(arguments.out) if arguments.out else directory / "report.html"
    docs_path = Path(__file__).resolve().parent.parent / "docs" / "outputs.md"
    try:
        sections, kind = build_report(directory, out, docs_path)
    except ReportError as error:
        print(f"error: {error}", file=sys.stderr)
        return BAD_INPUT
    drawn = sum(1 for s in sections if s.image)
    notes = sum(len(s.notes) for s in sections)
    print(f"report of the {kind} in {directory}: {drawn} figure(s), {notes} note(s) -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
