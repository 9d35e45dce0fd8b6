#!/usr/bin/env bash
# Reproduces the numbers of docs/FINDINGS.md: `panopticon compare` on
# scenarios/compliance/full.toml against the same scenario without any
# mechanism (the whole system), then without each mechanism in turn, and a
# markdown table per window of the paired differences (scenario - baseline,
# mean +- standard error over replicates; * where Holm's correction over the
# window's metrics leaves p < 0.05). Extra arguments after OUT are passed
# to every compare as --set values (for the sensitivity table).
#   scripts/findings.sh [REPLICATES [BIN [OUT]]]
set -euo pipefail
reps=${1:-20}
bin=${2:-build/panopticon}
out=${3:-output/findings}
shift $(( $# < 3 ? $# : 3 ))
sets=()
for kv in "$@"; do sets+=(--set "$kv"); done
root=$(cd "$(dirname "$0")/.." && pwd)
# Every mechanism in the registry (the switches `params` lists, less the layer's).
mechanisms=$("$bin" params | grep -E '^[a-z_]+\.enabled$' | grep -v '^dissent\.' | sed 's/\.enabled$//')
for m in all $mechanisms; do
  "$bin" compare "$root/scenarios/compliance/full.toml" --without "$m" --replicates "$reps" \
    --out "$out/$m" "${sets[@]}" > /dev/null
done
/usr/bin/env python3 - "$out" all $mechanisms <<'PY'
import json, sys
out, mechs = sys.argv[1], sys.argv[2:]
metrics = [("mean_active", "actives", "{:+.1f} ± {:.1f}"),
           ("activations_per_tick", "activations/tick", "{:+.1f} ± {:.1f}"),
           ("arrests_per_tick", "arrests/tick", "{:+.1f} ± {:.1f}"),
           ("outbursts", "outbursts", "{:+.2f} ± {:.2f}"),
           ("offences_per_1000", "offences/1000/tick", "{:+.3f} ± {:.3f}"),
           ("confined_ticks_per_citizen", "confined ticks/citizen", "{:+.2f} ± {:.2f}"),
           ("expressed_dissent", "expressed dissent", "{:+.3f} ± {:.3f}"),
           ("falsification_gap", "falsification gap", "{:+.3f} ± {:.3f}"),
           ("exposure", "exposure", "{:+.4f} ± {:.4f}"),
           ("wrongful_detentions_per_1000", "wrongful detentions/1000", "{:+.2f} ± {:.2f}"),
           ("innocent_arrests_per_1000", "innocent arrests/1000", "{:+.2f} ± {:.2f}"),
           ("blacklisted_share", "listed", "{:+.3f} ± {:.3f}"),
           ("mean_liberty_spell", "liberty spell", "{:+.0f} ± {:.0f}"),
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
                star = "*" if c.get("significant") else ""
                cells.append(fmt.format(c["difference"], c["standard_error"] or 0.0) + star)
        label = "**whole system** (all)" if m == "all" else m
        print(f"| {label} | " + " | ".join(cells) + " |")
first = json.load(open(f"{out}/{mechs[0]}/compare.json"))
print(f"\n{first['replicates']} paired replicates, seeds {first['seeds']}.")
# The public-safety figures of "The whole system against none": the system's
# and the baseline's means, and the paired difference.
whole = json.load(open(f"{out}/all/compare.json"))
print("\nPublic safety, the whole system against none (with / without, difference):")
for window in ("short_term", "long_term"):
    for key in ("offences_per_1000", "offence_rate_at_liberty", "offence_detection_share",
                "confined_ticks_per_citizen"):
        c = whole[window][key]
        if c["difference"] is None:
            continue
        print(f"  {window} {key}: {c['with']:.3f} / {c['baseline']:.3f}, "
              f"{c['difference']:+.3f} ± {c['standard_error'] or 0.0:.3f}")
PY
