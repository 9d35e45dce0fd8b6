#!/usr/bin/env bash
# Runs the shipped experiments (experiments/*.toml) into OUT (default
# output/experiments) and prints the numbers docs/FINDINGS.md quotes
# (scripts/experiment_findings.py). About 10 minutes on 2 cores; killed, it
# resumes where it stopped.
#   scripts/experiments.sh [BIN [OUT]]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/build/panopticon}
out=${2:-output/experiments}
for plan in training mechanisms-2k frontier; do
  "$bin" sweep "$root/experiments/$plan.toml" --out "$out/$plan"
done
"$bin" sensitivity "$root/experiments/sensitivity.toml" --out "$out/sensitivity"
/usr/bin/python3 "$root/scripts/experiment_findings.py" "$out"
