#!/bin/sh
# contrib/vendor/era-of.sh against this tree's own headers, without the network. The expected
# answers are Core's: test/era_of_core/ holds the fingerprint of every Core release from 0.12 to
# master, recorded from Core's own four files at each release (the commit on each file's first
# line). Built in each release's era, this tree's headers must give that release's answer on
# every row Core's files have (what Core added later or removed already may be present here:
# the superset), and end with the same band and --with-core-version. Built against a copy of
# the headers whose growth rule this test changes, and with the opt-in lexicographic order, it
# must name the rows that differ and exit 1; eras 11 and 33 must not compile. CXX picks the compiler (default c++,
# the build machine's: the fingerprint runs here, also in a cross build).
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

# The era a release's number names: 0.14 -> 14, 25 -> 25, master -> 32.
era_of_release() {
  case $1 in
    master) echo 32 ;;
    0.*) echo "${1#0.}" ;;
    *) echo "$1" ;;
  esac
}
releases=
for fixture in "$srcdir"/test/era_of_core/*.txt; do
  releases="$releases $(basename "$fixture" .txt)"
done
[ -n "$releases" ] || fail "no recorded Core fingerprints in $srcdir/test/era_of_core"

# rules ERA: the value of every era rule of core_version.h in ERA. The headers switch on these
# alone (MEMUSAGE_CORE_VERSION itself only names the era in the link mark and in reports), so two
# eras with the same rules compile to the same fingerprint: it is run once for each set of rules.
rule_names=$(sed -n 's/^#define \(MEMUSAGE_ERA_[A-Z_]*\) (.*/\1/p' "$srcdir/src/memusage/core_version.h" | grep -v '_SINCE_')
rules() {
  i=0
  for rule in $rule_names; do
    i=$((i + 1))
    printf '#if %s\nera_rule_%s=1\n#else\nera_rule_%s=0\n#endif\n' "$rule" "$i" "$i"
  done >"$work/rules.cpp"
  ${CXX:-c++} -E -P -DMEMUSAGE_CORE_VERSION="$1" -include "$srcdir/src/memusage/core_version.h" -x c++ "$work/rules.cpp" | grep '^era_rule_[0-9]*=[01]$' | tr '\n' ' '
}
[ -n "$rule_names" ] && [ -n "$(rules 31)" ] || fail "no era rules found in core_version.h, or they did not evaluate"
# Two at a time: each run is one compile of a few seconds.
n=0
for release in $releases; do
  key=$(rules "$(era_of_release "$release")" | cksum | cut -d ' ' -f 1)
  echo "$release" >"$work/release-of-$key"
  [ -f "$work/key-$key" ] && continue
  : >"$work/key-$key"
  run "rules-$key" "$srcdir" "-DMEMUSAGE_CORE_VERSION=$(era_of_release "$release")" &
  n=$((n + 1))
  if [ $((n % 2)) -eq 0 ]; then wait; fi
done
wait
for release in $releases; do
  key=$(rules "$(era_of_release "$release")" | cksum | cut -d ' ' -f 1)
  cp "$work/rules-$key.out" "$work/core-$release.out"
  cp "$work/rules-$key.rc" "$work/core-$release.rc"
done
echo "# $(ls "$work"/key-* | wc -l | tr -d ' ') sets of era rules among the $(echo $releases | wc -w | tr -d ' ') releases: one fingerprint run each"
run changed-growth "$work/changed" -DMEMUSAGE_CORE_VERSION=25 &
run lexicographic "$srcdir" -DMEMUSAGE_CORE_VERSION=31 -DMEMUSAGE_PREVECTOR_LEXICOGRAPHIC_ORDER=1 &
wait
run out-of-range "$srcdir" -DMEMUSAGE_CORE_VERSION=33 &
run below-range "$srcdir" -DMEMUSAGE_CORE_VERSION=11 &
wait

# compare RELEASE: this tree in RELEASE's era against Core's recorded fingerprint of RELEASE.
# A row Core's files lack (added later, removed already, or no pool.h yet) may be anything here
# but a misfit: this tree keeps the superset.
compare() {
  ours=$work/core-$1.out
  core=$srcdir/test/era_of_core/$1.txt
  if [ "$(cat "$work/core-$1.rc")" != 0 ]; then
    fail "Core $1: this tree in era $(era_of_release "$1") exit $(cat "$work/core-$1.rc")"
    sed 's/^/    /' "$ours"
    return
  fi
  diffs=$(awk '
    FNR == 1 { next }
    NR == FNR { name = $1; sub(/^[^ ]+ +/, ""); core[name] = $0; order[++n] = name; next }
    { name = $1; sub(/^[^ ]+ +/, ""); ours[name] = $0 }
    END {
      for (i = 1; i <= n; i++) {
        name = order[i]
        if (!(name in ours)) { print name ": missing here"; continue }
        if (ours[name] ~ /<- differs/) { print name ": " ours[name]; continue }
        if (core[name] ~ /^absent \(Core (added|removed) it in/ || core[name] == "no pool.h") continue
        if (ours[name] != core[name]) print name ": here \"" ours[name] "\", Core \"" core[name] "\""
      }
    }' "$core" "$ours")
  if [ -n "$diffs" ]; then
    fail "Core $1: this tree in era $(era_of_release "$1") differs from Core's files:"
    echo "$diffs" | sed 's/^/    /'
  elif [ "$(tail -n 2 "$ours")" != "$(tail -n 2 "$core")" ]; then
    fail "Core $1: this tree ends '$(tail -n 2 "$ours" | tr '\n' ' ')', Core's files '$(tail -n 2 "$core" | tr '\n' ' ')'"
  else
    echo "PASS: Core $1: every row as Core's files, $(tail -n 1 "$ours")"
  fi
}
for release in $releases; do
  compare "$release"
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
if [ "$(cat "$work/below-range.rc")" != 2 ] || ! grep -q 'from 12 (Core 0.12' "$work/below-range.out"; then
  fail "below-range: MEMUSAGE_CORE_VERSION=11 compiled, or failed for another reason"
  sed 's/^/    /' "$work/below-range.out"
else
  echo "PASS: below-range: MEMUSAGE_CORE_VERSION=11 is a compile-time error"
fi
exit $status
