#!/usr/bin/env bash
# Regenerates the documentation that comes from tables in the code:
#   docs/parameters.md, docs/outputs.md, docs/mechanisms/README.md (the list
#   of mechanisms) and the generated block of every docs/mechanisms/<name>.md
#   (between the BEGIN/END GENERATED markers); every mechanism in the
#   registry must have its page, and every page a mechanism.
#   scripts/generate-docs.sh [BIN]          rewrite the files
#   scripts/generate-docs.sh --check [BIN]  fail, naming the file, when one is stale
set -euo pipefail
check=0
if [ "${1:-}" = "--check" ]; then check=1; shift; fi
bin=${1:-build/panopticon}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
stale=0

put() {  # put GENERATED_FILE TARGET
  if [ $check = 1 ]; then
    if ! cmp -s "$1" "$2"; then echo "stale: $2 (run scripts/generate-docs.sh)" >&2; stale=1; fi
  else
    cp "$1" "$2"
  fi
}

"$bin" params --markdown > "$tmp/parameters.md"
put "$tmp/parameters.md" "$root/docs/parameters.md"
"$bin" outputs --markdown > "$tmp/outputs.md"
put "$tmp/outputs.md" "$root/docs/outputs.md"
"$bin" params --mechanisms --markdown > "$tmp/mechanisms.md"
put "$tmp/mechanisms.md" "$root/docs/mechanisms/README.md"
for name in $("$bin" params | grep -E '^[a-z_]+\.enabled$' | grep -v '^dissent\.' | sed 's/\.enabled$//'); do
  if [ ! -f "$root/docs/mechanisms/$name.md" ]; then
    echo "the mechanism $name has no page docs/mechanisms/$name.md" >&2
    stale=1
  fi
done
for page in "$root"/docs/mechanisms/*.md; do
  name=$(basename "$page" .md)
  [ "$name" = README ] && continue
  # The export between countries is the world's page, not a mechanism's
  # (docs/mechanisms/export.md: it has no parameters of a scenario).
  [ "$name" = export ] && continue
  "$bin" params --mechanism "$name" --markdown > "$tmp/block"
  awk -v block="$tmp/block" '
    /^<!-- BEGIN GENERATED/ { print; while ((getline line < block) > 0) print line; skip = 1; next }
    /^<!-- END GENERATED -->/ { skip = 0 }
    !skip { print }
  ' "$page" > "$tmp/$name.md"
  if ! grep -q '^<!-- BEGIN GENERATED' "$page"; then
    echo "$page has no generated block" >&2
    stale=1
  fi
  put "$tmp/$name.md" "$page"
done
exit $stale
