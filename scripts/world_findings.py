#!/usr/bin/python3
"""The table of docs/FINDINGS.md's world section from a world directory
with a baseline (`panopticon world WORLD --replicates N`): per region and
per country, short and long term, the difference with exports - without,
with its standard error over replicates, for stability (activations,
outburst ticks, offences), liberty (expressed dissent, falsification gap,
wrongful detentions, listed share) and money (spent). Prints Markdown.
    world_findings.py DIR
"""
import csv
import math
import sys

METRICS = [
    ("activations_per_1000_per_year", "activations /1000/yr"),
    ("outburst_ticks", "outburst ticks /yr"),
    ("offences_per_1000_per_year", "offences /1000/yr"),
    ("expressed_dissent", "expressed dissent"),
    ("falsification_gap", "falsification gap"),
    ("wrongful_detentions_per_1000", "wrongful detentions /1000"),
    ("blacklisted_share", "blacklisted share"),
    ("spent_usd", "spent, US$ M/yr"),
]


def cell(row, metric):
    if row is None:
        return "-"
    d = row["difference"]
    se = row["standard_error"]
    if d == "":
        return "-"
    d = float(d)
    se = float(se) if se != "" else math.nan
    scale = 1e-6 if metric == "spent_usd" else 1.0
    text = f"{d * scale:+.3g}"
    if not math.isnan(se):
        text += f" ± {se * scale:.2g}"
    return text


def main():
    directory = sys.argv[1]
    with open(f"{directory}/compare_summary.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    index = {(r["level"], r["name"], r["window"], r["metric"]): r for r in rows}
    replicates = max(int(r["replicates"]) for r in rows)
    for level in ("region", "country"):
        names = []
        for r in rows:
            if r["level"] == level and r["name"] not in names:
                names.append(r["name"])
        for window in ("short_term", "long_term"):
            print(f"\n**{level.capitalize()}, {window.replace('_', ' ')}** (with exports - without, "
                  f"mean ± standard error over {replicates} replicates)\n")
            print("| " + level + " | " + " | ".join(label for _, label in METRICS) + " |")
            print("|---" * (len(METRICS) + 1) + "|")
            for name in names:
                cells = [cell(index.get((level, name, window, m)), m) for m, _ in METRICS]
                print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
