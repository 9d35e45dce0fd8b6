#!/usr/bin/env bash
# Reproduces docs/VALIDATION.md, "CCTV and offences": camera_offence_effect
# (whole run) of scenarios/validation/cctv-*.toml, mean and standard error
# over seeds, and the calibration of crime.camera_identification.
#   scripts/cctv-validation.sh [FIRST_SEED [LAST_SEED [BIN]]]
set -euo pipefail
first=${1:-1}
last=${2:-20}
bin=${3:-build/panopticon}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# effect SCENARIO [--set ...]: mean +- standard error of the whole run's
# camera_offence_effect over the seeds.
effect() {
  local scenario=$1
  shift
  for seed in $(seq "$first" "$last"); do
    "$bin" run "$root/scenarios/validation/$scenario" --seed "$seed" "$@" --out "$work/o" \
      >/dev/null
    grep -m1 '"camera_offence_effect"' "$work/o/summary.json" | sed 's/.*: //; s/,//'
    rm -rf "$work/o"
  done | awk '{ s += $1; ss += $1 * $1; n++ }
    END { m = s / n; printf "%+.1f%% +- %.1f%% (%d seeds)\n", 100 * m,
          100 * sqrt((ss / n - m * m) * n / (n - 1) / n), n }'
}
for s in overall town-centre car-park; do echo "cctv-$s: $(effect "cctv-$s.toml")"; done
echo "cctv-car-park, deterrence 1: $(effect cctv-car-park.toml --set crime.deterrence=1)"
for v in 0.3 0.4 0.5 1; do
  echo "cctv-overall, camera_identification $v: $(effect cctv-overall.toml \
    --set crime.camera_identification=$v)"
done
echo "cctv-car-park, camera_identification 1, deterrence 1: $(effect cctv-car-park.toml \
  --set crime.camera_identification=1 --set crime.deterrence=1)"
echo "cctv-overall, cops on 10% of cells: $(effect cctv-overall.toml --set cops.density=0.1)"
