#!/usr/bin/python3
"""Calibration of the simulated mode's pull on the synthetic world, through
`panopticon sweep` (docs/mechanisms/export.md, Calibration).

One factor, `pull.scale`, multiplies every pull coefficient (base, unrest,
crime, unrest_regime, demonstration, neighbours) of the defaults in
include/panopticon/world.hpp together; the push and the rest stay as they
are. The sweep experiments/world-calibration.toml runs the synthetic world
(scenarios/world/synthetic.toml) at each scale of a grid over several
replicates (each its own drawn world: world.seed and synthetic.seed =
seed + replicate; every scale on the same replicates), without a baseline,
and collects the share of countries that imported an AI-surveillance
package from the exporter by 2019 (cameras, policing or the platform: the
AIGS Index's facial recognition, smart policing and safe city), against
Carnegie's 63 of 176 countries using Chinese AI surveillance in 2019 [S25].
The scale is chosen by linear interpolation between the two grid points
around the target, then checked by a second sweep at that scale over fresh
seeds. The directions of [S40] are then measured, not fitted: acceptance of
offers by autocracies against democracies, in unrest years against calm
ones.

Writes OUT/grid/ and OUT/check/ (each a sweep's directory), OUT/calibration_grid.csv,
OUT/calibration.csv (target, observed, simulated, simulated_se: what
`panopticon report` draws) and prints the result.
    world_calibration.py BIN OUT_DIR [--plan PLAN] [--check-replicates N] [--workers N]
"""
import argparse
import csv
import os
import subprocess
import sys

TARGET_SHARE = 63 / 176  # [S25]
# The coefficients pull.scale multiplies (include/panopticon/world.hpp's defaults).
DEFAULTS = {"base": 0.00738, "unrest": 0.01845, "crime": 0.01845, "unrest_regime": 0.1107,
            "demonstration": 0.0369, "neighbours": 0.0369}
RATES = ["acceptance_autocracy_unrest", "acceptance_autocracy_calm",
         "acceptance_democracy_unrest", "acceptance_democracy_calm"]


def read_rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def sweep(binary, plan, out, workers):
    subprocess.run([binary, "sweep", plan, "--out", out, "--workers", str(workers)],
                   check=True, stdout=subprocess.DEVNULL)
    return read_rows(os.path.join(out, "points.csv")), read_rows(os.path.join(out, "runs.csv"))


def number(text):
    return float(text) if text not in ("", "nan", "NaN") else float("nan")


def check_plan(grid_plan, scale, replicates, seed):
    """The grid's plan at one scale, over fresh seeds (written beside the output)."""
    with open(grid_plan) as f:
        lines = f.read().splitlines()
    base = os.path.dirname(os.path.abspath(grid_plan))
    out = []
    for line in lines:
        key = line.split("=")[0].strip()
        if key == "world":
            path = line.split("=", 1)[1].strip().strip('"')
            line = f'world = "{os.path.normpath(os.path.join(base, path))}"'
        elif key == "replicates":
            line = f"replicates = {replicates}"
        elif key == "seed":
            line = f"seed = {seed}"
        elif key == "values":
            line = f"values = [{scale:.6g}]"
        out.append(line)
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("out")
    parser.add_argument("--plan", default="experiments/world-calibration.toml")
    parser.add_argument("--check-replicates", type=int, default=3)
    parser.add_argument("--check-seed", type=int, default=101)
    parser.add_argument("--workers", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    points, _ = sweep(args.binary, args.plan, os.path.join(args.out, "grid"), args.workers)
    rows = []
    for p in points:
        scale = float(p["pull.scale"])
        m = number(p["share_importing_ai_mean"])
        se = number(p["share_importing_ai_se"])
        rows.append((scale, m, se))
        print(f"pull.scale = {scale:g}: share importing by 2019 = {m:.3f} +/- {se:.3f}", flush=True)
    rows.sort()
    with open(os.path.join(args.out, "calibration_grid.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["pull_scale", "share_importing", "standard_error"])
        w.writerows(rows)
    chosen = None
    for (s0, m0, _), (s1, m1, _) in zip(rows, rows[1:]):
        if (m0 - TARGET_SHARE) * (m1 - TARGET_SHARE) <= 0 and m1 != m0:
            chosen = s0 + (TARGET_SHARE - m0) * (s1 - s0) / (m1 - m0)
            break
    if chosen is None:
        sys.exit(f"the target share {TARGET_SHARE:.3f} is not within the grid's shares")

    check_dir = os.path.join(args.out, "check")
    plan_path = os.path.join(args.out, "check-plan.toml")
    with open(plan_path, "w") as f:
        f.write(check_plan(args.plan, chosen, args.check_replicates, args.check_seed))
    points, runs = sweep(args.binary, plan_path, check_dir, args.workers)
    p = points[0]
    m, se = number(p["share_importing_ai_mean"]), number(p["share_importing_ai_se"])
    print(f"chosen pull.scale = {chosen:.4g}: share importing by 2019 = {m:.3f} +/- {se:.3f} "
          f"over {len(runs)} fresh replicates (target {TARGET_SHARE:.3f}, [S25])")
    print("pull coefficients at that scale: "
          + ", ".join(f"{k} = {v * chosen:.4g}" for k, v in DEFAULTS.items()))
    out_rows = [("share importing Chinese AI surveillance by 2019 [S25]", TARGET_SHARE, m, se)]
    if "belt_and_road_share_mean" in p:
        b, bse = number(p["belt_and_road_share_mean"]), number(p["belt_and_road_share_se"])
        print(f"Belt and Road members among AI importers: {b:.3f} +/- {bse:.3f} "
              f"(observed 36 of 63 = {36 / 63:.3f} [S26]; not fitted)")
        out_rows.append(("Belt and Road share of importers [S26] (not fitted)", 36 / 63, b, bse))
    for k in RATES:
        if f"{k}_mean" not in p:
            continue
        rate, rse = number(p[f"{k}_mean"]), number(p[f"{k}_se"])
        label = k.replace("acceptance_", "acceptance of offers, ").replace("_", ", ")
        print(f"{label}: {rate:.4f} +/- {rse:.4f} (mean over replicates)")
        out_rows.append((f"{label} (not fitted)", "", rate, rse))
    with open(os.path.join(args.out, "calibration.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["target", "observed", "simulated", "simulated_se"])
        w.writerows(out_rows)


if __name__ == "__main__":
    main()
