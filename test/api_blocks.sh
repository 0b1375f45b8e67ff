#!/bin/sh
# Every ```cpp block of doc/api.md is a program: its first line names its file under
# doc/examples/, the block must equal that file, which make check (and ctest) builds, and the
# program must run and exit 0. The worked report example must also print the figures the page
# shows for it (the core model on a 64-bit host; the unaccounted line is the process's own and
# varies). A cross build runs the programs through MEMUSAGE_TEST_RUNNER and names them with
# MEMUSAGE_EXEEXT, as test/examples.sh does.
set -u
srcdir=${srcdir:-.}
runner=${MEMUSAGE_TEST_RUNNER:-}
doc=$srcdir/doc/api.md
status=0
fail() { echo "FAIL: $1"; status=1; }

# word_size BINARY: 32 or 64.
. "$srcdir/test/util/word_size.sh"

blocks=${TMPDIR:-/tmp}/api_blocks.$$
mkdir -p "$blocks"
trap 'rm -rf "$blocks"' EXIT
# Block N of the page to $blocks/N.cpp; the plain block after the report example to $blocks/output.
awk -v dir="$blocks" '
  code && /^```$/ { code = 0; after_report = (first ~ /report\.cpp/); next }
  code { if (first == "") first = $0; print > (dir "/" n ".cpp"); next }
  plain && /^```$/ { plain = 0; next }
  plain { print > (dir "/output"); next }
  /^```cpp$/ { n++; code = 1; first = ""; next }
  /^```$/ && after_report { plain = 1; after_report = 0; next }
' "$doc"

count=0
for block in "$blocks"/*.cpp; do
  [ -f "$block" ] || continue
  count=$((count + 1))
  file=$(sed -n '1s|^// \(doc/examples/[a-z_]*\.cpp\):.*|\1|p' "$block")
  if [ -z "$file" ]; then
    fail "a code block of doc/api.md does not name its file on its first line: $(head -n 1 "$block")"; continue
  fi
  if ! diff -u "$srcdir/$file" "$block"; then
    fail "$file is not the block of doc/api.md that names it"; continue
  fi
  name=${file#doc/examples/}
  binary=doc/examples/${name%.cpp}${MEMUSAGE_EXEEXT:-}
  # shellcheck disable=SC2086 # the runner is a command with its arguments
  # The program's own exit status, not tr's: its output goes through a file.
  $runner "./$binary" >"$blocks/run.out"
  rc=$?
  out=$(tr -d '\r' <"$blocks/run.out")
  if [ "$rc" -ne 0 ]; then fail "$binary exited $rc"; continue; fi
  if [ "$name" = report.cpp ] && [ "${MEMUSAGE_MALLOC_MODEL:-core}" = core ] && [ "$(word_size "$binary")" = 64 ]; then
    for line in "mempool 400000" "recent%20block 8208"; do
      grep -qx "$line" "$blocks/output" || fail "doc/api.md's output block lacks '$line'"
      printf '%s\n' "$out" | grep -qx "$line" || fail "$binary prints no '$line' line, as doc/api.md shows"
    done
  fi
  echo "PASS: $file"
done
[ "$count" -ge 2 ] || fail "found $count code blocks in doc/api.md"
exit $status
