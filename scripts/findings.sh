#!/usr/bin/env bash
# Reproduces the numbers of docs/FINDINGS.md: `panopticon compare` on
# scenarios/compliance/full.toml without each mechanism in turn, then a
# markdown table per window of the paired differences (with - without,
# mean +- standard error over replicates).
#   scripts/findings.sh [REPLICATES [BIN [OUT]]]
set -euo pipefail
reps=${1:-20}
bin=${2:-build/panopticon}
out=${3:-output/findings}
root=$(cd "$(dirname "$0")/.." && pwd)
# Every mechanism in the registry (the switches `params` lists, less the layer's).
mechanisms=$("$bin" params | grep -E '^[a-z_]+\.enabled$' | grep -v '^dissent\.' | sed 's/\.enabled$//')
for m in $mechanisms; do
  "$bin" compare "$root/scenarios/compliance/full.toml" --without "$m" --replicates "$reps" \
    --out "$out/$m" > /dev/null
done
/usr/bin/env python3 - "$out" $mechanisms <<'PY'
import json, sys
out, mechs = sys.argv[1], sys.argv[2:]
metrics = [("mean_active", "actives", "{:+.1f} ± {:.1f}"),
           ("outbursts", "outbursts", "{:+.2f} ± {:.2f}"),
           ("confined_ticks_per_citizen", "confined ticks/citizen", "{:+.2f} ± {:.2f}"),
           ("expressed_dissent", "expressed dissent", "{:+.3f} ± {:.3f}"),
           ("falsification_gap", "falsification gap", "{:+.3f} ± {:.3f}"),
           ("exposure", "exposure", "{:+.4f} ± {:.4f}"),
           ("wrongful_detentions_per_1000", "wrongful detentions/1000", "{:+.2f} ± {:.2f}"),
           ("innocent_arrests_per_1000", "innocent arrests/1000", "{:+.2f} ± {:.2f}"),
           ("mean_legitimacy", "mean legitimacy", "{:+.3f} ± {:.3f}"),
           ("cost_total", "cost", "{:+.0f} ± {:.0f}")]
for window in ("short_term", "long_term"):
    first = json.load(open(f"{out}/{mechs[0]}/compare.json"))[window]
    print(f"\n### {window.replace('_', '-')} window (ticks {first['first_tick']} to {first['last_tick']})\n")
    print("| mechanism | " + " | ".join(label for _, label, _ in metrics) + " |")
    print("|---" * (len(metrics) + 1) + "|")
    for m in mechs:
        d = json.load(open(f"{out}/{m}/compare.json"))[window]
        cells = []
        for key, _, fmt in metrics:
            c = d[key]
            if c["difference"] is None:
                cells.append("n/a")
            else:
                cells.append(fmt.format(c["difference"], c["standard_error"] or 0.0))
        print(f"| {m} | " + " | ".join(cells) + " |")
first = json.load(open(f"{out}/{mechs[0]}/compare.json"))
print(f"\n{first['replicates']} paired replicates, seeds {first['seeds']}.")
PY
