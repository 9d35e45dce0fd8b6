#!/usr/bin/env bash
# The report of a sweep, as a browser shows it: Debian's chromium, headless
# and offline, loads the page from a file:// URL; its screenshot must exist
# and not be blank (many colours, much that is not background), and the
# loaded DOM (--dump-dom) must hold every figure's <img> as a PNG data URI
# and every figure heading of the page.
#   screenshot_test.sh BIN SOURCE_DIR
# With PANOPTICON_SCREENSHOT=FILE the screenshot is also copied to FILE
# (docs/report-screenshot.png is made so).
set -uo pipefail
bin=$1
source_dir=$(cd "$2" && pwd)
chromium=${PANOPTICON_CHROMIUM:-/usr/bin/chromium}
python=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

if [ ! -x "$chromium" ]; then
  echo "FAIL: $chromium is not there: install Debian's chromium (scripts/setup.sh does)"
  exit 1
fi

cat >"$work/plan.toml" <<PLAN
# Camera coverage on the whole system: every figure of a sweep but the
# sensitivity and two-level ones.
[sweep]
scenario = "$source_dir/scenarios/compliance/full.toml"
design = "factorial"
replicates = 4
seed = 1
series = true
metrics = ["long_term.mean_active", "short_term.mean_active", "long_term.falsification_gap",
           "short_term.falsification_gap", "long_term.cost_per_1000_per_year"]

[set]
"lattice.width" = 30
"lattice.height" = 30
"model.steps" = 400

[[vary]]
key = "cameras.coverage"
values = [0.1, 0.3, 0.6]
PLAN
"$bin" sweep "$work/plan.toml" --out "$work/sweep" --workers 2 >"$work/sweep.log" 2>&1 ||
  { cat "$work/sweep.log"; fail "sweep: exit $?"; exit 1; }
"$bin" report "$work/sweep" >"$work/report.log" 2>&1 ||
  { cat "$work/report.log"; fail "report: exit $?"; exit 1; }
page=$work/sweep/report.html
[ -s "$page" ] || { fail "no $page"; exit 1; }

# Its own profile directory (nothing of the user's is read or written);
# no network is needed, and none is reachable in a sandboxed build.
browse() {
  timeout 90 "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --no-first-run --disable-extensions --disable-dev-shm-usage \
    --user-data-dir="$work/profile" "$@" "file://$page" 2>>"$work/chromium.log"
}
browse --screenshot="$work/shot.png" --window-size=1280,4000 >/dev/null ||
  fail "chromium --screenshot: exit $? ($(tail -n 3 "$work/chromium.log"))"
browse --dump-dom >"$work/dom.html" || fail "chromium --dump-dom: exit $?"

[ -s "$work/shot.png" ] || fail "no screenshot"
"$python" - "$work/shot.png" <<'PY' || fail "the screenshot is blank"
import sys
import numpy as np
from PIL import Image
pixels = np.asarray(Image.open(sys.argv[1]).convert("RGB"))
colours = len(np.unique(pixels.reshape(-1, 3), axis=0))
background = (pixels.min(axis=2) > 235).mean()  # white and the page's light grey
print(f"screenshot: {pixels.shape[1]}x{pixels.shape[0]}, {colours} colours, "
      f"{100 * (1 - background):.1f}% not background")
sys.exit(0 if colours > 200 and background < 0.97 else 1)
PY

"$python" - "$page" "$work/dom.html" <<'PY' || fail "the loaded DOM lacks figures"
import re
import sys
page, dom = (open(p, encoding="utf-8").read() for p in sys.argv[1:3])
sections = re.findall(r"<section\b.*?</section>", page, re.S)
figures = [s for s in sections if "<img " in s]
expected = ["Time series across replicates", "Stability against liberty: the frontier",
            "Short term against long term, per point", "Metrics across the points"]
images = re.findall(r'<img\b[^>]*src="data:image/png;base64,[A-Za-z0-9+/=]{100,}"', dom)
headings = re.findall(r"<h2>([^<]*)</h2>", dom)
print(f"DOM: {len(images)} figure image(s) of {len(figures)}; headings: {headings}")
missing = [h for h in expected if h not in headings]
ok = len(figures) >= len(expected) and len(images) == len(figures) and not missing
if missing:
    print(f"missing headings: {missing}")
sys.exit(0 if ok else 1)
PY

if [ -n "${PANOPTICON_SCREENSHOT:-}" ]; then cp "$work/shot.png" "$PANOPTICON_SCREENSHOT"; fi
if [ "$failures" -gt 0 ]; then
  echo "screenshot_test: $failures failure(s)"
  exit 1
fi
echo "screenshot_test: passed"
