#!/usr/bin/env bash
# Reproduces the table "The compliance layer against the world" of
# docs/VALIDATION.md: scenarios/compliance/full.toml (the China-like system,
# every mechanism at its defaults, adopted at tick 200) over SEEDS seeds,
# each measure over the long-term window (the last outputs.long_window
# ticks) unless stated, mean and standard deviation over seeds.
#   scripts/validation-targets.sh [SEEDS [BIN [OUT]]]
set -euo pipefail
seeds=${1:-20}
bin=${2:-build/panopticon}
out=${3:-output/targets}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
for s in $(seq 1 "$seeds"); do
  "$bin" run "$root/scenarios/compliance/full.toml" --seed "$s" --out "$out/seed-$s" > /dev/null
done
/usr/bin/env python3 - "$out" "$seeds" <<'PY'
import csv, json, math, sys
out, seeds = sys.argv[1], int(sys.argv[2])
def stats(v):
    m = sum(v) / len(v)
    sd = math.sqrt(sum((x - m) ** 2 for x in v) / (len(v) - 1)) if len(v) > 1 else 0.0
    return m, sd
measures = {k: [] for k in ("inflation", "deterred", "listed", "conversion", "flag_precision")}
for s in range(1, seeds + 1):
    rows = list(csv.DictReader(open(f"{out}/seed-{s}/ticks.csv")))
    summary = json.load(open(f"{out}/seed-{s}/summary.json"))
    w = summary["compliance"]["long_term"]
    win = [r for r in rows if w["first_tick"] <= int(r["tick"]) <= w["last_tick"]]
    f = lambda r, c: float(r[c])
    # Support inflation: falsifiers (private dissenters who say nothing) as
    # points of the citizens at liberty: what a direct question overstates.
    free = [f(r, "quiet") + f(r, "dissent") + f(r, "active") for r in win]
    falsifiers = [f(r, "private_dissent") * f(r, "falsification_gap") for r in win]
    measures["inflation"].append(100 * sum(falsifiers) / sum(free))
    # Deterred by fear: private dissenters who stay QUIET, as a share of them.
    measures["deterred"].append(sum(falsifiers) / max(1.0, sum(f(r, "private_dissent") for r in win)))
    measures["listed"].append(100 * w["blacklisted_share"])
    flags = sum(f(r, "ijop_new_flags") for r in win)
    measures["conversion"].append(sum(f(r, "ijop_detentions") for r in win) / flags if flags else float("nan"))
    measures["flag_precision"].append(w["flag_precision"] if w["flag_precision"] is not None else float("nan"))
for k, v in measures.items():
    v = [x for x in v if not math.isnan(x)]
    m, sd = stats(v)
    print(f"{k}: {m:.3f} ± {sd:.3f} (n={len(v)})")
PY
