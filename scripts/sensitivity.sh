#!/usr/bin/env bash
# Reproduces the one-at-a-time sensitivity table of docs/FINDINGS.md: each
# unsourced parameter of the layer at its default, halved and doubled (or,
# for those with a natural range, at the values listed), and for each the
# headline findings: the whole system's and the cameras' paired effects
# (`panopticon compare`, scenario - baseline) on actives and on expressed
# dissent, short and long term, on scenarios/compliance/full.toml. A finding
# whose sign differs from the default's is marked "flips".
#   scripts/sensitivity.sh [REPLICATES [BIN [OUT]]]
set -euo pipefail
reps=${1:-10}
bin=${2:-build/panopticon}
out=${3:-output/sensitivity}
root=$(cd "$(dirname "$0")/.." && pwd)
# parameter default low high
params=(
  "perception.prior_strength 10 5 20"
  "perception.learning_rate 0.01 0.005 0.02"
  "cameras.deterrence 0.5 0.25 1"
  "dissent.sanction_weight 1 0.5 2"
  "public_punishment.backlash 0.01 0.005 0.02"
  "narratives.headroom 0.1 0.05 0.2"
  "narratives.repression_doubt 0.001 0.0005 0.002"
  "dissent.shift_decay 0.005 0.0025 0.01"
  "telecom.contagion 0.05 0.025 0.1"
)
run() {  # run NAME SETS...
  local name=$1
  shift
  for without in all cameras; do
    [ -s "$out/$name/$without/compare.json" ] && continue
    "$bin" compare "$root/scenarios/compliance/full.toml" --without "$without" \
      --replicates "$reps" --out "$out/$name/$without" "$@" > /dev/null
  done
}
run default
cases=(default)
for p in "${params[@]}"; do
  read -r key def low high <<< "$p"
  run "$key=$low" --set "$key=$low"
  run "$key=$high" --set "$key=$high"
  cases+=("$key=$low" "$key=$high")
done
/usr/bin/env python3 - "$out" "${cases[@]}" <<'PY'
import json, sys
out, cases = sys.argv[1], sys.argv[2:]
cols = [("all", "short_term", "mean_active"), ("all", "long_term", "mean_active"),
        ("all", "short_term", "expressed_dissent"), ("all", "long_term", "expressed_dissent"),
        ("cameras", "short_term", "mean_active"), ("cameras", "long_term", "mean_active"),
        ("cameras", "short_term", "expressed_dissent"), ("cameras", "long_term", "expressed_dissent")]
def cell(case, c):
    d = json.load(open(f"{out}/{case}/{c[0]}/compare.json"))[c[1]][c[2]]
    return d["difference"], d["standard_error"] or 0.0
base = {c: cell("default", c) for c in cols}
print("| parameter = value | " + " | ".join(f"{w} {t.split('_')[0]} {m}" for w, t, m in cols) + " |")
print("|---" * (len(cols) + 1) + "|")
for case in cases:
    cells = []
    for c in cols:
        v, se = cell(case, c)
        b = base[c][0]
        flips = b is not None and v is not None and (v > 0) != (b > 0) and abs(v) > 2 * se and abs(b) > 2 * base[c][1]
        fmt = "{:+.3f} ± {:.3f}" if "dissent" in c[2] else "{:+.1f} ± {:.1f}"
        cells.append(("n/a" if v is None else fmt.format(v, se)) + (" **flips**" if flips else ""))
    print(f"| {case} | " + " | ".join(cells) + " |")
PY
