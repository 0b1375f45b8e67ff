#!/bin/sh
# memusage-probe --workload=node in each --report format: each runs, the folded stacks are one
# "frames count" line per leaf with no whitespace inside a frame, and they add up to the shared
# tree's total as the JSON gives it; an unknown format, CSV, and a JSON or folded report mixed
# with other workloads are refused (exit 2). A cross build runs the probe through
# MEMUSAGE_TEST_RUNNER (qemu-user, wine) and names it with MEMUSAGE_EXEEXT, as test/examples.sh does.
set -u
status=0
fail() { echo "FAIL: $1"; status=1; }
# Windows' C runtime ends lines with CR LF: dropped, so the figures parse alike everywhere.
# shellcheck disable=SC2086 # the runner is a command with its arguments, the arguments are meant to split
probe() {
  out=$(${MEMUSAGE_TEST_RUNNER:-} "./memusage-probe${MEMUSAGE_EXEEXT:-}" "$@")
  rc=$?
  printf '%s\n' "$out" | tr -d '\r'
  return $rc
}

text=$(probe --workload=node --report=text) || fail "--report=text exited $?"
case $text in
  *"per holder"*"shared: one context"*) echo "PASS: text (both trees)" ;;
  *) fail "text lacks its two trees" ;;
esac

json=$(probe --workload=node --report=json) || fail "--report=json exited $?"
shared_total=$(printf '%s\n' "$json" | sed -n 's/.*"shared":{"name":"[^"]*","bytes":\([0-9][0-9]*\),.*/\1/p')
[ -n "$shared_total" ] || fail "no shared tree total in the JSON"

folded=$(probe --workload=node --report=folded) || fail "--report=folded exited $?"
sum=$(printf '%s\n' "$folded" | awk 'NF != 2 || $2 !~ /^[0-9]+$/ { bad = 1 } { s += $2 } END { if (bad) print "bad"; else printf "%.0f\n", s }')
if [ "$sum" = "bad" ]; then
  fail "a folded line is not 'frames count'"
elif [ "$sum" != "$shared_total" ]; then
  fail "folded lines add up to $sum, the shared tree holds $shared_total"
else
  echo "PASS: folded ($sum bytes, as the JSON's shared tree)"
fi

for args in "--workload=node --report=xml" "--workload=node --csv" "--workload=coins,node --report=json" "--workload=coins --report=folded"; do
  # shellcheck disable=SC2086 # the arguments are meant to split
  ${MEMUSAGE_TEST_RUNNER:-} "./memusage-probe${MEMUSAGE_EXEEXT:-}" $args >/dev/null 2>&1
  rc=$?
  [ "$rc" -eq 2 ] && echo "PASS: refused: $args" || fail "$args exited $rc, not 2"
done
exit $status
