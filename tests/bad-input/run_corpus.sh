#!/usr/bin/env bash
# Runs a corpus of bad inputs through the panopticon program:
#   run_corpus.sh BIN DIR
# DIR holds cases: each NAME.expected names a case NAME.<ext> (or a
# directory NAME) beside it and holds the exact line the program must print
# on stderr. For each case the program runs in DIR, with the case's bare name
# (error messages quote the path as given, so the expected lines do not
# depend on where the repository is), and must exit with status 2, print only
# that line on stderr and leave no output directory behind.
#
# The command is `run {case} --out {out}` unless DIR/command holds another
# (one line; {case} and {out} are replaced), so one runner serves corpora of
# other inputs. A case NAME.args is a command line itself: one argument a
# line (so an argument may hold spaces), {out} replaced.
#
# UPDATE_EXPECTED=1 rewrites each NAME.expected from what the program prints;
# read the diff before committing it.
#
# In a .expected file, {mechanism tables} stands for the tables of every
# mechanism the program has, as messages list them ("[policing], [cameras],
# ..."), so that adding a mechanism edits no expected message.
set -uo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 BIN DIR" >&2
  exit 2
fi
bin=$1
dir=$2
case $bin in
  */*) bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin") ;;
esac
cd "$dir" || exit 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

command_template='run {case} --out {out}'
if [ -f command ]; then command_template=$(head -n 1 command); fi
mechanism_tables=$("$bin" params --mechanisms | sed 's/.*/[&]/' | paste -sd, - | sed 's/,/, /g')
if [ -z "$mechanism_tables" ]; then
  echo "FAIL: \`$bin params --mechanisms\` lists no mechanism"
  exit 1
fi

passes=0
failures=0
shopt -s nullglob
for expected in *.expected; do
  name=${expected%.expected}
  inputs=()
  for f in "$name" "$name".*; do
    [ -e "$f" ] && [ "$f" != "$expected" ] && inputs+=("$f")
  done
  if [ ${#inputs[@]} -ne 1 ]; then
    echo "FAIL: $name: expected one input beside $expected, found ${#inputs[@]}"
    failures=$((failures + 1))
    continue
  fi
  input=${inputs[0]}
  out=$work/out-$name
  args=()
  if [[ $input == *.args ]]; then
    while IFS= read -r word || [ -n "$word" ]; do
      args+=("${word//\{out\}/$out}")
    done <"$input"
  else
    read -r -a words <<<"$command_template"
    for word in "${words[@]}"; do
      word=${word//\{case\}/$input}
      args+=("${word//\{out\}/$out}")
    done
  fi
  "$bin" "${args[@]}" >"$work/stdout" 2>"$work/stderr"
  rc=$?
  if [ "${UPDATE_EXPECTED:-0}" = 1 ] && [ "$rc" -eq 2 ]; then
    got=$(cat "$work/stderr")
    printf '%s\n' "${got//"$mechanism_tables"/\{mechanism tables\}}" >"$expected"
  fi
  want=$(cat "$expected")
  printf '%s\n' "${want//\{mechanism tables\}/$mechanism_tables}" >"$work/expected"
  problems=()
  [ "$rc" -eq 2 ] || problems+=("exit status $rc, expected 2")
  cmp -s "$work/stderr" "$work/expected" || problems+=("stderr differs from $expected")
  [ ! -e "$out" ] || problems+=("the output directory was created")
  if [ ${#problems[@]} -eq 0 ]; then
    passes=$((passes + 1))
  else
    failures=$((failures + 1))
    echo "FAIL: $input: ${problems[0]}$(printf '; %s' "${problems[@]:1}")"
    echo "  expected: $(cat "$work/expected")"
    echo "  got:      $(head -c 2000 "$work/stderr")"
  fi
done

echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ] && [ "$passes" -gt 0 ]
