#!/usr/bin/env bash
# Regenerates the checkpoint loader's seed corpus (fuzz/corpus/checkpoint):
# the payloads of real checkpoints (the file less its 28-byte header and
# 8-byte checksum, which the harness adds back), for both engines under
# NetLogo's and Mesa's rules and with every mechanism on. A developer's
# tool, run after a change of the checkpoint format:
#   fuzz/make_seeds.sh BIN
set -euo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=$(cd "$(dirname "$0")" && pwd)/corpus/checkpoint
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
mechanisms=""
for m in $("$bin" params | grep -E '^[a-z_]+\.enabled$' | sed 's/\.enabled$//'); do
  mechanisms+="[$m]\nenabled = true\n"
done
for engine in random_sequential synchronous; do
  for kind in netlogo mesa compliance; do
    rules=$kind
    extra=""
    if [ "$kind" = compliance ]; then rules=netlogo; extra=$mechanisms; fi
    printf "[model]\nsteps = 30\nruleset = \"%s\"\nactivation = \"%s\"\nthreads = 1\n[lattice]\nwidth = 16\nheight = 12\n[citizens]\nvision = 1.5\n[cops]\nvision = 1.5\n[legitimacy]\ninitial = 0.6\n$extra" \
      "$rules" "$engine" >s.toml
    rm -rf run
    # Killed while writing its third checkpoint: the second is left in place.
    (PANOPTICON_FAULT_INJECT=kill-in-checkpoint=3 "$bin" run s.toml --out run \
      --checkpoint-every 5 >/dev/null 2>&1) 2>/dev/null || true
    size=$(stat -c %s run/checkpoint.bin)
    tail -c +29 run/checkpoint.bin | head -c $((size - 36)) >"$out/run-$engine-$kind.payload"
  done
done
ls -l "$out"
