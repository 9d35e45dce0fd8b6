#!/usr/bin/env bash
# The world benchmarks of docs/BENCHMARKS.md ("Worlds"):
#   1. seed-2019 at about 10^5 agents a country (persons_per_agent / 10),
#      simulated mode, 20 simulated years (2008-2027), no baseline, on the
#      machine's cores;
#   2. the synthetic world (131 countries of 1,000 agents), no baseline;
#   3. the synthetic world on 1 process and on 2 MPI ranks (panopticon_mpi).
#   bench/world_seed.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The seed world with ten times the agents: its countries' files by
# absolute path, persons_per_agent divided by 10.
/usr/bin/python3 - "$root" "$work/seed-1e5.toml" <<'PY'
import re, sys
root, out = sys.argv[1], sys.argv[2]
text = open(f"{root}/scenarios/world/seed-2019.toml").read()
text = text.replace('"../countries/', f'"{root}/scenarios/countries/')
text = re.sub(r"^persons_per_agent = ([0-9.e+]+)",
              lambda m: f"persons_per_agent = {float(m.group(1)) / 10:g}", text, flags=re.M)
open(out, "w").write(text)
PY
sed -e "s|countries_from = \"seed-2019.toml\"|countries_from = \"$work/seed-1e5.toml\"|" \
  "$root/scenarios/world/simulated-2008.toml" >"$work/simulated-1e5.toml"
echo "== seed world, simulated, about 10^5 agents a country, 2008-2027, $(nproc) cores"
"$build/panopticon" world "$work/simulated-1e5.toml" --check | sed -n 3,4p
/usr/bin/time -f "wall %e s, peak %M KiB" "$build/panopticon" world "$work/simulated-1e5.toml" \
  --out "$work/seed" --no-baseline --set world.end_year=2027 --checkpoint-years 0 | head -1
echo "== synthetic world (131 countries), 2008-2019, $(nproc) cores"
/usr/bin/time -f "wall %e s, peak %M KiB" "$build/panopticon" world \
  "$root/scenarios/world/synthetic.toml" --out "$work/syn" --no-baseline --checkpoint-years 0 | head -1
if [ -x "$build/panopticon_mpi" ]; then
  source "$root/tests/distributed/mpi_env.sh"
  for n in 1 2; do
    echo "== synthetic world, $n MPI rank(s), one thread each"
    /usr/bin/time -f "wall %e s" mpirun --oversubscribe --bind-to none -n "$n" \
      "$build/panopticon_mpi" world "$root/scenarios/world/synthetic.toml" --out "$work/mpi-$n" \
      --no-baseline --threads 1 | head -1
  done
fi
