# Shared by the end-to-end test scripts (sourced, not run): a scratch
# directory that is removed on exit, `check NAME COMMAND...`, and `finish`,
# which prints the "N passed, M failed" line and sets the exit status.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2
passes=0
failures=0
check() {
  local name=$1
  shift
  if "$@"; then passes=$((passes + 1)); else echo "FAIL: $name"; failures=$((failures + 1)); fi
}
finish() {
  echo "$passes passed, $failures failed"
  test "$failures" -eq 0
}
