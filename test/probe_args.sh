#!/bin/sh
# memusage-probe refuses a bad command line before it prints or measures anything: for each
# argument list below it must exit 2, print nothing on stdout and one line on stderr holding
# the reason given. A cross build runs the probe through MEMUSAGE_TEST_RUNNER (qemu-user, wine)
# and names it with MEMUSAGE_EXEEXT, as test/examples.sh does.
set -u
status=0
out=${TMPDIR:-/tmp}/probe_args.$$.out
err=${TMPDIR:-/tmp}/probe_args.$$.err
trap 'rm -f "$out" "$err"' EXIT

# arguments | what the message says
while IFS='|' read -r args message; do
  [ -n "$args" ] || continue
  # shellcheck disable=SC2086 # the runner is a command with its arguments, the arguments are meant to split
  ${MEMUSAGE_TEST_RUNNER:-} "./memusage-probe${MEMUSAGE_EXEEXT:-}" $args >"$out" 2>"$err"
  rc=$?
  lines=$(tr -d '\r' <"$err" | wc -l | tr -d ' ')
  if [ "$rc" -ne 2 ]; then
    echo "FAIL: $args: exit $rc, not 2"; status=1
  elif [ -s "$out" ]; then
    echo "FAIL: $args: printed on stdout: $(head -n 1 "$out")"; status=1
  elif [ "$lines" != 1 ]; then
    echo "FAIL: $args: $lines lines on stderr, not 1"; status=1
  elif ! tr -d '\r' <"$err" | grep -qF -- "memusage-probe: $message"; then
    echo "FAIL: $args: said '$(tr -d '\r' <"$err")', not '$message'"; status=1
  else
    echo "PASS: $args"
  fi
done <<'TABLE'
--bogus|bad argument '--bogus'
--csv extra|bad argument 'extra'
--max=0|--max takes a byte count from 1 to
--max=4x|--max takes a byte count from 1 to
--max=1000G|--max takes a byte count from 1 to
--max=100000G|--max takes a byte count from 1 to
--max=99999999999999999999999|--max takes a byte count from 1 to
--detail=k|--detail takes a byte count
--csv --csv-containers|--csv and --csv-containers are two outputs
--check --csv|--check prints its own summaries
--check --csv-containers|--check prints its own summaries
--detail=64 --csv|--detail shapes the table
--detail=64 --check|--detail shapes the table
--report=json|--report goes with --workload=node
--workload=|--workload takes a list
--workload=nonsense|unknown workload 'nonsense'
--workload=coins,nodes|unknown workload 'nodes'
--workload=coins,|--workload='coins,' lists an empty name
--workload=coins,,mempool|--workload='coins,,mempool' lists an empty name
--workload=coins,coins|--workload lists 'coins' twice
--workload=coins --check|--check is the allocator sweep's
--workload=coins --csv-containers|--csv-containers is the allocator sweep's
--workload=coins --max=1M|--max is the allocator sweep's
--workload=coins --detail=64|--detail is the allocator sweep's
--workload=coins --report=json|--report goes with --workload=node
--workload=node --report=xml|unknown report format 'xml'
--workload=coins,node --report=xml|unknown report format 'xml'
--workload=node --csv|the node workload has no CSV
--workload=coins,node --report=json|--report=json takes --workload=node alone
--workload=coins,node --report=folded|--report=folded takes --workload=node alone
TABLE
exit $status
