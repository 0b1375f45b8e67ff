#!/bin/sh
# contrib/vendor/era-of.sh against this tree's own headers, without the network: built in the
# era that stands for each band (its newest release, the --with-core-version the fingerprint
# prints) it must name that era and exit 0, and in 10, the oldest era, the first band;
# built against a copy of the headers whose growth rule this test changes, and in an era with
# the opt-in lexicographic order, it must name the rows that differ and exit 1; an era above 32
# must not compile. CXX picks the compiler (default c++, the build machine's: the fingerprint
# runs here, also in a cross build).
set -u
srcdir=${srcdir:-.}
era_of=$srcdir/contrib/vendor/era-of.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/era-of-test.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
# The fingerprint's own default flags, whatever the caller's environment holds: a sanitizer in
# CXXFLAGS would make it read the pool's poison from that sanitizer instead.
CXXFLAGS="-O0 -g0"
export CXXFLAGS
unset CPPFLAGS

status=0
fail() {
  echo "FAIL: $*"
  status=1
}

# run NAME TREE [CPPFLAGS...]: the fingerprint's output in $work/NAME.out, its exit in NAME.rc.
run() {
  name=$1
  tree=$2
  shift 2
  CPPFLAGS="$*" sh "$era_of" "$tree" >"$work/$name.out" 2>&1
  echo $? >"$work/$name.rc"
}

# expect NAME RC LAST: the run exited RC and its last line is LAST.
expect() {
  rc=$(cat "$work/$1.rc")
  last=$(tail -n 1 "$work/$1.out")
  if [ "$rc" != "$2" ] || [ "$last" != "$3" ]; then
    fail "$1: exit $rc, last line '$last' (expected exit $2, '$3')"
    sed 's/^/    /' "$work/$1.out"
  else
    echo "PASS: $1: $last"
  fi
}

# A copy of the headers with the growth rule changed to a quarter: a fork's own change to a rule
# no Core release changed. The substitution must hit, or the test proves nothing.
cp -R "$srcdir/src" "$work/changed"
chmod -R u+w "$work/changed"
grown="$work/changed/prevector/prevector.h"
if ! grep -q 'return new_size + (new_size >> 1);' "$grown"; then
  fail "prevector.h's growth rule is not where this test changes it (GrownCapacity)"
fi
sed 's/return new_size + (new_size >> 1);/return new_size + (new_size >> 2);/' "$grown" >"$grown.new" && mv "$grown.new" "$grown"

# The band each era belongs to, and the era that stands for it (the band's newest release).
pick() {
  case $1 in
    1[0-3]) echo 13 ;;
    1[4-6]) echo 16 ;;
    1[7-9]) echo 19 ;;
    2[0-5]) echo 25 ;;
    2[6-9]) echo 29 ;;
    3[01]) echo 31 ;;
    32) echo 32 ;;
  esac
}
eras="10 13 16 19 25 29 31 32"

# Two at a time: each run is one compile of a few seconds.
n=0
for era in $eras; do
  run "era-$era" "$srcdir" "-DMEMUSAGE_CORE_VERSION=$era" &
  n=$((n + 1))
  if [ $((n % 2)) -eq 0 ]; then wait; fi
done
wait
run changed-growth "$work/changed" -DMEMUSAGE_CORE_VERSION=25 &
run lexicographic "$srcdir" -DMEMUSAGE_CORE_VERSION=31 -DMEMUSAGE_PREVECTOR_LEXICOGRAPHIC_ORDER=1 &
wait
run out-of-range "$srcdir" -DMEMUSAGE_CORE_VERSION=33

for era in $eras; do
  expect "era-$era" 0 "--with-core-version=$(pick "$era")"
done
# The growth rule shows in the growth row and in emplace_back's, which grows as push_back does.
expect changed-growth 1 "no Core era: growth, emplace_back"
if ! grep -q '^growth .*<- differs' "$work/changed-growth.out"; then
  fail "changed-growth: the growth row is not marked as differing"
fi
expect lexicographic 1 "no Core era: order"
if [ "$(cat "$work/out-of-range.rc")" != 2 ] || ! grep -q 'MEMUSAGE_CORE_VERSION is at most 32' "$work/out-of-range.out"; then
  fail "out-of-range: MEMUSAGE_CORE_VERSION=33 compiled, or failed for another reason"
  sed 's/^/    /' "$work/out-of-range.out"
else
  echo "PASS: out-of-range: MEMUSAGE_CORE_VERSION=33 is a compile-time error"
fi
exit $status
