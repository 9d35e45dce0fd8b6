#!/usr/bin/python3
"""The numbers docs/FINDINGS.md quotes from the shipped experiments.

Reads the output directories of experiments/training.toml,
experiments/mechanisms-2k.toml, experiments/frontier.toml and
experiments/sensitivity.toml (as scripts/experiments.sh writes them) and
prints, as Markdown tables, what FINDINGS reports: the effect of training,
the main effects and largest interactions of the mechanisms, the ends of the
frontier and its Pareto set, and the Morris ranking of the unsourced
parameters. Every mean comes with its standard error (or its bootstrap
half-width), over the replicates the plans state.

    /usr/bin/python3 scripts/experiment_findings.py OUT_DIR
"""
import math
import sys
from pathlib import Path

import pandas as pd


def fmt(mean, se=None, digits=3):
    """'0.245 ± 0.024', or '-' for an undefined mean."""
    if mean is None or (isinstance(mean, float) and math.isnan(mean)):
        return "-"
    if se is None or (isinstance(se, float) and math.isnan(se)):
        return f"{mean:.{digits}g}"
    return f"{mean:.{digits}g} ± {se:.2g}"


def training(directory):
    points = pd.read_csv(directory / "points.csv")
    metrics = ["short_term.mean_active", "long_term.mean_active", "long_term.expressed_dissent",
               "long_term.wrongful_detentions_per_1000", "long_term.confined_ticks_per_citizen"]
    print("### Training (experiments/training.toml)\n")
    print("| cameras.tpr | ijop.p_detain | " + " | ".join(metrics) + " |")
    print("|---|---|" + "---|" * len(metrics))
    for _, row in points.iterrows():
        cells = [fmt(row[f"{m}_mean"], row[f"{m}_se"]) for m in metrics]
        print(f"| {row['cameras.tpr']} | {row['ijop.p_detain']} | " + " | ".join(cells) + " |")
    print()


def mechanisms(directory):
    effects = pd.read_csv(directory / "effects.csv")
    print("### Mechanisms on and off (experiments/mechanisms-2k.toml)\n")
    print("Main effects (mean with the mechanism on minus off, ± its standard error):\n")
    metrics = list(dict.fromkeys(effects["metric"]))
    mains = effects[effects["order"] == 1]
    names = list(dict.fromkeys(mains["term"]))
    print("| mechanism | " + " | ".join(metrics) + " |")
    print("|---|" + "---|" * len(metrics))
    for name in names:
        cells = []
        for m in metrics:
            e = mains[(mains["term"] == name) & (mains["metric"] == m)].iloc[0]
            cells.append(fmt(e["effect"], e["standard_error"]))
        print(f"| {name.removesuffix('.enabled')} | " + " | ".join(cells) + " |")
    print("\nThe largest two-way interactions (by |effect| / s.e.):\n")
    pairs = effects[effects["order"] == 2].copy()
    pairs["z"] = (pairs["effect"] / pairs["standard_error"]).abs()
    print("| metric | interaction | effect | z |")
    print("|---|---|---|---|")
    for _, e in pairs.sort_values("z", ascending=False).head(8).iterrows():
        term = e["term"].replace(".enabled", "")
        print(f"| {e['metric']} | {term} | {fmt(e['effect'], e['standard_error'])} | "
              f"{e['z']:.1f} |")
    print()


def pareto(points, x, y):
    """The points no other point beats on both x and y (lower is better)."""
    best = []
    for i, p in points.iterrows():
        dominated = ((points[x] <= p[x]) & (points[y] <= p[y]) &
                     ((points[x] < p[x]) | (points[y] < p[y]))).any()
        if not dominated:
            best.append(i)
    return points.loc[best]


def frontier(directory):
    points = pd.read_csv(directory / "points.csv")
    factors = ["cameras.coverage", "telecom.monitored", "ijop.capacity", "social_credit.list_at"]
    stability = "long_term.mean_active_mean"
    liberty = "long_term.confined_ticks_per_citizen_mean"
    cost = "long_term.cost_per_1000_per_year_mean"
    print("### The frontier (experiments/frontier.toml)\n")
    # Listing at fewer violations is the stronger package.
    order = [True, True, True, False]
    weakest = points.sort_values(factors, ascending=order).iloc[0]
    strongest = points.sort_values(factors, ascending=[not o for o in order]).iloc[0]
    print("| point | " + " | ".join(factors) + " | long-term actives | long-term expressed "
          "dissent | confined ticks per citizen | cost per 1,000 per year |")
    print("|---|" + "---|" * (len(factors) + 4))
    for label, row in (("every package at its weakest", weakest),
                       ("every package at its strongest", strongest)):
        print(f"| {label} | " + " | ".join(str(row[f]) for f in factors) + " | " +
              " | ".join(fmt(row[f"{m}_mean"], row[f"{m}_se"]) for m in
                         ("long_term.mean_active", "long_term.expressed_dissent",
                          "long_term.confined_ticks_per_citizen",
                          "long_term.cost_per_1000_per_year")) + " |")
    best = pareto(points, liberty, stability)
    print(f"\nPareto set on (confined ticks per citizen, long-term actives): {len(best)} of "
          f"{len(points)} points:\n")
    print("| " + " | ".join(factors) + " | long-term actives | confined ticks per citizen | "
          "cost per 1,000 per year |")
    print("|" + "---|" * (len(factors) + 3))
    for _, row in best.sort_values(liberty).iterrows():
        print("| " + " | ".join(str(row[f]) for f in factors) + " | " +
              f"{fmt(row[stability])} | {fmt(row[liberty])} | {fmt(row[cost])} |")
    print()


def sensitivity(directory):
    table = pd.read_csv(directory / "sensitivity.csv")
    print("### Morris screening of the unsourced parameters (experiments/sensitivity.toml)\n")
    for metric, rows in table.groupby("metric", sort=False):
        rows = rows.sort_values("mu_star", ascending=False)
        ranked = ", ".join(f"{r['parameter']} {r['mu_star']:.3g} ± {r['mu_star_conf']:.2g} "
                           f"(mu {r['mu']:+.3g})" for _, r in rows.head(4).iterrows())
        last = rows.iloc[-1]
        print(f"- {metric}: mu* (± 95% half-width, signed mu) {ranked}; least: "
              f"{last['parameter']} {last['mu_star']:.3g}")
    print()


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(sys.argv[1])
    for name, report in (("training", training), ("mechanisms-2k", mechanisms),
                         ("frontier", frontier), ("sensitivity", sensitivity)):
        directory = out / name
        if not (directory / "points.csv").exists():
            print(f"error: {directory}/points.csv is missing: run scripts/experiments.sh first",
                  file=sys.stderr)
            return 2
        report(directory)
    return 0


if __name__ == "__main__":
    sys.exit(main())
