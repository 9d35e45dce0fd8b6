#!/usr/bin/python3
"""Calibration of the simulated mode's pull on the synthetic world
(docs/mechanisms/export.md, Calibration).

One scale factor f multiplies every pull coefficient (base, unrest, crime,
unrest_regime, demonstration, neighbours) of the defaults in
include/panopticon/world.hpp; the push and the rest stay as they are. For
each f on a grid, the synthetic world (scenarios/world/synthetic.toml) runs
over several seeds without a baseline, and the share of its countries that
imported an AI-surveillance package from the exporter by 2019 (cameras,
policing or the platform: the AIGS Index's facial recognition, smart
policing and safe city) is compared with Carnegie's 63 of 176 countries
using Chinese AI surveillance in 2019 [S25]. f is
chosen by linear interpolation between the two grid points around the
target, then checked over fresh seeds. The directions of [S40] are then
measured, not fitted: acceptance of offers by autocracies against
democracies, and in unrest years against calm ones.

Writes DIR/calibration_grid.csv, DIR/calibration.csv (target, observed,
simulated, simulated_se: what `panopticon report` draws) and prints the
result.
    world_calibration.py BIN OUT_DIR [--seeds N] [--grid f1,f2,...]
"""
import argparse
import csv
import math
import os
import subprocess
import sys

# The modelling defaults' relative weights, before calibration (f = 1); the
# calibrated coefficients in include/panopticon/world.hpp are these x 0.48.
DEFAULTS = {"base": 0.02, "unrest": 0.05, "crime": 0.05, "unrest_regime": 0.3,
            "demonstration": 0.1, "neighbours": 0.1}
TARGET_SHARE = 63 / 176  # [S25]
AI_PACKAGES = {"cameras", "policing", "platform"}
END_YEAR = 2019


def run_world(binary, world, out, factor, seed, reuse=False):
    if reuse and os.path.exists(os.path.join(out, "world.json")):
        return  # a run of an earlier call with the same factor and seed
    sets = []
    for key, value in DEFAULTS.items():
        sets += ["--set", f"pull.{key}={value * factor:.6g}"]
    sets += ["--set", f"world.seed={seed}", "--set", f"synthetic.seed={seed}"]
    subprocess.run([binary, "world", world, "--out", out, "--force", "--no-baseline"] + sets,
                   check=True, stdout=subprocess.DEVNULL)


def read_rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def measures(out):
    """The share importing by END_YEAR, and the acceptance rates of offers."""
    adoptions = read_rows(os.path.join(out, "adoptions.csv"))
    offers = read_rows(os.path.join(out, "offers.csv"))
    years = read_rows(os.path.join(out, "country_years.csv"))
    countries = {r["country"] for r in years if r["packages"] != "all"}
    importers = {a["country"] for a in adoptions
                 if a["how"] != "held" and int(a["year"]) <= END_YEAR
                 and a["package"] in AI_PACKAGES}
    rates = {}
    for name, keep in (("autocracy", lambda o: float(o["openness"]) < 0.4),
                       ("democracy", lambda o: float(o["openness"]) >= 0.6)):
        for unrest, when in (("unrest", lambda o: float(o["unrest"]) > 0.1),
                             ("calm", lambda o: float(o["unrest"]) <= 0.1)):
            chosen = [o for o in offers if keep(o) and when(o)]
            accepted = sum(int(o["accepted"]) for o in chosen)
            rates[f"{name}_{unrest}"] = (accepted, len(chosen))
    return len(importers) / len(countries), rates


def mean_se(values):
    n = len(values)
    m = sum(values) / n
    if n < 2:
        return m, float("nan")
    sd = math.sqrt(sum((v - m) ** 2 for v in values) / (n - 1))
    return m, sd / math.sqrt(n)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("out")
    parser.add_argument("--world", default="scenarios/world/synthetic.toml")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--grid", default="0.05,0.1,0.2,0.4,1.0")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the grid runs already in OUT_DIR (same factor and seed)")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    grid = [float(x) for x in args.grid.split(",")]
    rows = []
    for f in grid:
        shares = []
        for seed in range(1, args.seeds + 1):
            out = os.path.join(args.out, f"f{f:g}-s{seed}")
            run_world(args.binary, args.world, out, f, seed, args.reuse)
            share, _ = measures(out)
            shares.append(share)
        m, se = mean_se(shares)
        rows.append((f, m, se))
        print(f"f = {f:g}: share importing by {END_YEAR} = {m:.3f} +/- {se:.3f}", flush=True)
    with open(os.path.join(args.out, "calibration_grid.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["factor", "share_importing", "standard_error"])
        w.writerows(rows)
    chosen = None
    for (f0, m0, _), (f1, m1, _) in zip(rows, rows[1:]):
        if (m0 - TARGET_SHARE) * (m1 - TARGET_SHARE) <= 0 and m1 != m0:
            chosen = f0 + (TARGET_SHARE - m0) * (f1 - f0) / (m1 - m0)
            break
    if chosen is None:
        sys.exit(f"the target share {TARGET_SHARE:.3f} is not within the grid's shares")
    # The check: fresh seeds at the chosen factor.
    shares = []
    totals = {}
    for seed in range(101, 101 + args.seeds):
        out = os.path.join(args.out, f"chosen-s{seed}")
        run_world(args.binary, args.world, out, chosen, seed)
        share, rates = measures(out)
        shares.append(share)
        for k, (a, n) in rates.items():
            ta, tn = totals.get(k, (0, 0))
            totals[k] = (ta + a, tn + n)
    m, se = mean_se(shares)
    print(f"chosen f = {chosen:.4g}: share importing by {END_YEAR} = {m:.3f} +/- {se:.3f} "
          f"(target {TARGET_SHARE:.3f}, [S25])")
    print("pull coefficients: " + ", ".join(f"{k} = {v * chosen:.4g}" for k, v in DEFAULTS.items()))
    out_rows = [("share importing Chinese AI surveillance by 2019 [S25]", TARGET_SHARE, m, se)]
    for k, (a, n) in totals.items():
        rate = a / n if n else float("nan")
        se_rate = math.sqrt(rate * (1 - rate) / n) if n else float("nan")
        print(f"acceptance of offers, {k.replace('_', ', ')}: {rate:.4f} +/- {se_rate:.4f} ({a} of {n})")
        out_rows.append((f"acceptance of offers, {k.replace('_', ', ')} (not fitted)", "", rate, se_rate))
    with open(os.path.join(args.out, "calibration.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["target", "observed", "simulated", "simulated_se"])
        w.writerows(out_rows)


if __name__ == "__main__":
    main()
