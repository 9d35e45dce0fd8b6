#!/usr/bin/env bash
# Regenerates the damaged-checkpoint cases of this corpus from a real run
# (a developer's tool, not run by the tests; needs python3). Run it after a
# change of the checkpoint format or of the program version, then
#   UPDATE_EXPECTED=1 bash tests/bad-input/run_corpus.sh build/panopticon tests/bad-input/checkpoints
# and read the diff of the .expected files before committing.
#   make_cases.sh BIN
set -euo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
printf '[model]\nsteps = 30\n[lattice]\nwidth = 12\nheight = 10\n[citizens]\nvision = 1.5\n[cops]\nvision = 1.5\n[legitimacy]\ninitial = 0.6\n' >tiny.toml
PANOPTICON_FAULT_INJECT=kill-in-checkpoint=3 "$bin" run tiny.toml --out run \
  --checkpoint-every 5 >/dev/null 2>&1 || true
rm -f run/*.partial-*
test -s run/checkpoint.bin
cd - >/dev/null
python3 - "$work/run" <<'PY'
import os, shutil, struct, sys
src = sys.argv[1]
good = open(os.path.join(src, "checkpoint.bin"), "rb").read()
partial = open(os.path.join(src, "ticks.csv.partial"), "rb").read()
HEADER, TRAILER = 28, 8

def fnv(data):
    h = 1469598103934665603
    for b in data:
        h = ((h ^ b) * 1099511628211) % (1 << 64)
    return h

def resealed(payload):
    return good[:20] + struct.pack("<Q", len(payload)) + payload + struct.pack("<Q", fnv(payload))

def case(name, checkpoint, ticks=partial):
    shutil.rmtree(name, ignore_errors=True)
    os.makedirs(name)
    if checkpoint is not None:
        open(os.path.join(name, "checkpoint.bin"), "wb").write(checkpoint)
    if ticks is not None:
        open(os.path.join(name, "ticks.csv.partial"), "wb").write(ticks)

payload = good[HEADER:-TRAILER]
# The payload starts with the program version (u64 length + bytes).
vlen = struct.unpack("<Q", payload[:8])[0]
version = payload[8:8 + vlen]
case("truncated", good[: len(good) // 2])
case("header-only", good[:20])
case("empty-file", b"")
flipped = bytearray(good); flipped[len(good) // 2] ^= 0x40
case("flipped-byte", bytes(flipped))
case("not-a-checkpoint", b"%PDF-1.7\n" + good[9:])
future = bytearray(good); future[16] = 9
case("future-format", bytes(future))
older = bytearray(good); older[16] -= 1
case("old-format", bytes(older))
case("padded", good + b"\0" * 16)
other = b"9" * vlen
case("other-version", resealed(payload[:8] + other + payload[8 + vlen:]))
case("trailing-bytes", resealed(payload + b"extra"))
case("cut-inside-state", resealed(payload[: len(payload) - 40]))
# The resolved scenario follows version, source name and overrides.
at = 8 + vlen
slen = struct.unpack("<Q", payload[at:at + 8])[0]; at += 8 + slen
n_over = struct.unpack("<Q", payload[at:at + 8])[0]; at += 8
for _ in range(2 * n_over):
    l = struct.unpack("<Q", payload[at:at + 8])[0]; at += 8 + l
tlen = struct.unpack("<Q", payload[at:at + 8])[0]
toml = payload[at + 8: at + 8 + tlen]
bad_toml = toml.replace(b"k = 2.3", b"k = -2.3")
assert bad_toml != toml
case("invalid-scenario", resealed(payload[:at] + struct.pack("<Q", len(bad_toml)) + bad_toml + payload[at + 8 + tlen:]))
# The scenario's lattice transposed (the same number of cells) while the
# state stays that of the 12x10 lattice.
swapped = toml.replace(b"width = 12\nheight = 10", b"width = 10\nheight = 12")
assert swapped != toml
case("forged-lattice", resealed(payload[:at] + struct.pack("<Q", len(swapped)) + swapped + payload[at + 8 + tlen:]))
# Not files: a directory (kept in git by a file inside it), a symbolic link
# to /dev/zero, and a partial output that is a link to one. A FIFO cannot
# be committed: tests/apps/input_file_test.sh makes one.
case("checkpoint-directory", None)
os.makedirs(os.path.join("checkpoint-directory", "checkpoint.bin"))
open(os.path.join("checkpoint-directory", "checkpoint.bin", ".keep"), "w").close()
case("checkpoint-dev-zero", None)
os.symlink("/dev/zero", os.path.join("checkpoint-dev-zero", "checkpoint.bin"))
case("partial-output-dev-zero", good, None)
os.symlink("/dev/zero", os.path.join("partial-output-dev-zero", "ticks.csv.partial"))
case("partial-output-missing", good, None)
case("partial-output-short", good, partial[:10])
case("no-checkpoint", None)
PY
printf 'resume {case}\n' >command
echo "cases written; now regenerate the .expected files (see the top of this script)"
