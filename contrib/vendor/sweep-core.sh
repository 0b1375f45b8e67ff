#!/usr/bin/env bash
# Copyright (c) 2026 The libmemusage developers
# Distributed under the MIT software license.
#
# Checks, without a build, that the drop-ins compile wherever Core's four headers did: copies a
# Core release tree twice (WORK/own, WORK/vendored), vendors this tree into the second with
# into-core.sh, lists the translation units that touch memory accounting and compiles each one
# with g++ -fsyntax-only, first against Core's own headers and then, where that worked, against
# the subtree's with the era into-core.sh chose. PRISTINE itself is only read.
#
# Usage: contrib/vendor/sweep-core.sh [--jobs=N] [--cppflags=FLAGS] PRISTINE WORK
# PRISTINE is a Core (or fork) source tree; WORK is created (it must not exist or be empty) and
# kept for a look afterwards. --jobs is how many compiles run at once (default 2). --cppflags adds
# preprocessor flags, split at blanks, to both compiles. The generated headers are stand-ins with
# what configure finds on Debian's glibc (the package and version strings, HAVE_DECL_BSWAP_16 and
# the like); a TU that needs more (a wallet's db_cxx.h, libevent) fails with Core's headers too,
# and is counted apart. The last line
# is `sweep RELEASE: N listed, A compile with Core's headers, B of them with the subtree's`
# (RELEASE is PRISTINE's name); exit 0 iff B == A, 1 if into-core.sh refuses the tree or B < A.
set -eu

me=$(basename "$0")
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
usage="usage: $me [--jobs=N] [--cppflags=FLAGS] PRISTINE WORK"

jobs=2
cppflags=
pristine=
work=
for arg in "$@"; do
  case $arg in
    --jobs=*) jobs=${arg#*=} ;;
    --cppflags=*) cppflags=${arg#*=} ;;
    -h|--help) echo "$usage"; exit 0 ;;
    -*) echo "$usage" >&2; exit 2 ;;
    *)
      if [ -z "$pristine" ]; then pristine=$arg
      elif [ -z "$work" ]; then work=$arg
      else echo "$usage" >&2; exit 2
      fi ;;
  esac
done
[ -n "$work" ] || { echo "$usage" >&2; exit 2; }
case $jobs in ''|*[!0-9]*|0) echo "$me: --jobs takes a positive number, not '$jobs'" >&2; exit 2 ;; esac
[ -d "$pristine/src" ] || { echo "$me: $pristine has no src/: not a Core tree" >&2; exit 2; }
pristine=$(cd "$pristine" && pwd)
release=$(basename "$pristine")
if [ -e "$work" ] && [ -n "$(ls -A "$work")" ]; then
  echo "$me: $work is not empty: give a new directory" >&2
  exit 2
fi
mkdir -p "$work"
work=$(cd "$work" && pwd)
start=$SECONDS

cp -a "$pristine" "$work/own"
cp -a "$pristine" "$work/vendored"

# into-core.sh vendors HEAD of this repository (git archive), so that is the commit swept.
echo "$me: $release, libmemusage $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo '(not a git tree)')"
if ! "$here/into-core.sh" "$work/vendored" >"$work/into-core.log" 2>&1; then
  sed 's/^/  /' "$work/into-core.log"
  echo "sweep $release: refused by into-core.sh ($(tail -n 1 "$work/into-core.log"))"
  exit 1
fi
summary=$(tail -n 1 "$work/into-core.log")
echo "$summary"
era=$(echo "$summary" | sed -n 's/.*--core-version=\([0-9]*\).*/\1/p')
[ -n "$era" ] || { echo "sweep $release: no --core-version in into-core.sh's last line" >&2; exit 1; }

# The standard the release's own build asks for, but never below C++17: the drop-ins need it.
asked=$(sed -n 's/^[[:blank:]]*AX_CXX_COMPILE_STDCXX(\[\{0,1\}\([0-9][0-9]\).*/\1/p' "$pristine/configure.ac" 2>/dev/null | head -n 1)
[ -n "$asked" ] || asked=$(sed -n 's/.*set(CMAKE_CXX_STANDARD[[:blank:]]\{1,\}\([0-9][0-9]\).*/\1/p' "$pristine/CMakeLists.txt" 2>/dev/null | head -n 1)
case $asked in 2[0-9]) std=$asked ;; *) std=17 ;; esac
echo "standard: -std=c++$std (the release asks for C++${asked:-98})"
[ -z "$cppflags" ] || echo "cppflags: $cppflags"

# The listing. Rule (textual, comments and #if branches included, on Core's own copy):
#  - a "subject" file mentions one of the words below;
#  - the relevant headers are the .h files of src/ that are subjects (memusage.h, coins.h, ...);
#  - a .cpp of src/ is listed if it is a subject or has an #include line naming a relevant header,
#    resolved as g++ does with -I src: a quoted name beside the file first, else under src/.
# Vendored subtrees and the parts needing Qt or Cap'n Proto are left out.
words='memusage|DynamicUsage|prevector|indirectmap|PoolResource|PoolAllocator|allocators/pool\.h|core_memusage\.h'
echo "listed: the .cpp files of src/ (not secp256k1 leveldb crc32c minisketch univalue qt ipc memusage)"
echo "  that mention ${words//\\/} or #include a header of src/ that does"
source_files() {
  (cd "$work/own/src" && find . \( -path ./secp256k1 -o -path ./leveldb -o -path ./crc32c \
    -o -path ./minisketch -o -path ./univalue -o -path ./qt -o -path ./ipc -o -path ./memusage \) \
    -prune -o -type f -name "*.$1" -print | sed 's|^\./||' | LC_ALL=C sort)
}
source_files h >"$work/headers"
(cd "$work/own/src" && xargs grep -lE "$words" <"$work/headers" || true) >"$work/relevant-headers"
echo "  relevant headers: $(wc -l <"$work/relevant-headers" | tr -d ' '): $(tr '\n' ' ' <"$work/relevant-headers")"
source_files cpp >"$work/sources"
(cd "$work/own/src" && xargs awk -v words="$words" -v headers="$work/headers" \
    -v relevant="$work/relevant-headers" '
  BEGIN {
    while ((getline h <headers) > 0) exists[h] = 1
    while ((getline h <relevant) > 0) wanted[h] = 1
  }
  FNR == 1 { dir = FILENAME; sub(/[^\/]*$/, "", dir); done = 0 }
  done { next }
  $0 ~ words { print FILENAME; done = 1; next }
  /^[[:blank:]]*#[[:blank:]]*include[[:blank:]]*[<"]/ {
    name = $0; sub(/^[^<"]*/, "", name)
    quoted = substr(name, 1, 1) == "\""
    name = substr(name, 2); sub(/[>"].*$/, "", name)
    if (quoted && ((dir name) in exists)) name = dir name
    if (name in wanted) { print FILENAME; done = 1 }
  }' <"$work/sources") >"$work/tus"
listed=$(wc -l <"$work/tus" | tr -d ' ')
echo "  $listed of $(wc -l <"$work/sources" | tr -d ' ') .cpp files listed"

# Empty stand-ins for the headers a build generates (configure's or CMake's config header, the
# build-info header, the test and bench data arrays), so a TU fails only on what it really lacks.
stubs=$work/stubs
mkdir -p "$stubs/config" "$stubs/obj"
# What configure (or CMake) writes on Debian's glibc for every release, as far as the sources
# that touch the four headers ask: the package and version strings, and the glibc functions
# compat/ would otherwise define again. Both trees get the same, so the comparison is fair.
cat >"$stubs/config/bitcoin-config.h" <<'CONFIG'
// sweep-core.sh's stand-in for the generated configuration header.
#ifndef SWEEP_CORE_CONFIG_H
#define SWEEP_CORE_CONFIG_H
#define PACKAGE_NAME "Bitcoin Core"
#define PACKAGE_BUGREPORT "https://github.com/bitcoin/bitcoin/issues"
#define PACKAGE_URL "https://bitcoincore.org/"
#define PACKAGE_VERSION "0.0.0"
#define CLIENT_VERSION_MAJOR 0
#define CLIENT_VERSION_MINOR 0
#define CLIENT_VERSION_REVISION 0
#define CLIENT_VERSION_BUILD 0
#define CLIENT_VERSION_IS_RELEASE true
#define COPYRIGHT_YEAR 2026
#define COPYRIGHT_HOLDERS "The %s developers"
#define COPYRIGHT_HOLDERS_SUBSTITUTION "Bitcoin Core"
#define COPYRIGHT_HOLDERS_FINAL "The Bitcoin Core developers"
#define HAVE_BYTESWAP_H 1
#define HAVE_ENDIAN_H 1
#define HAVE_DECL_BSWAP_16 1
#define HAVE_DECL_BSWAP_32 1
#define HAVE_DECL_BSWAP_64 1
#define HAVE_DECL_HTOBE16 1
#define HAVE_DECL_HTOLE16 1
#define HAVE_DECL_BE16TOH 1
#define HAVE_DECL_LE16TOH 1
#define HAVE_DECL_HTOBE32 1
#define HAVE_DECL_HTOLE32 1
#define HAVE_DECL_BE32TOH 1
#define HAVE_DECL_LE32TOH 1
#define HAVE_DECL_HTOBE64 1
#define HAVE_DECL_HTOLE64 1
#define HAVE_DECL_BE64TOH 1
#define HAVE_DECL_LE64TOH 1
#define HAVE_DECL_STRNLEN 1
#define HAVE_DECL_DAEMON 1
#endif
CONFIG
# Core's crypto and test objects reach it as "bitcoin-config.h" too (src/config on their path),
# and the CMake releases as bitcoin-build-config.h.
cp "$stubs/config/bitcoin-config.h" "$stubs/bitcoin-config.h"
# CLIENT_NAME is a macro there only (before v29 it is a variable of clientversion.cpp).
{ cat "$stubs/config/bitcoin-config.h"; echo '#define CLIENT_NAME "Satoshi"'; } >"$stubs/bitcoin-build-config.h"
: >"$stubs/obj/build.h"
(cd "$work/own/src" && xargs grep -hoE '^[[:blank:]]*#[[:blank:]]*include[[:blank:]]*[<"][^>"]+\.(json|raw)\.h[>"]' \
    <"$work/sources" || true) | sed -E 's/.*[<"]([^>"]+)[>"]/\1/' | LC_ALL=C sort -u >"$work/data-headers"
while read -r h; do
  mkdir -p "$stubs/$(dirname "$h")"
  : >"$stubs/$h"
done <"$work/data-headers"
echo "stubs: config/bitcoin-config.h bitcoin-config.h bitcoin-build-config.h obj/build.h and $(wc -l <"$work/data-headers" | tr -d ' ') data headers"

# Compiled from the tree's top with relative paths, so both trees' messages read the same.
export SWEEP_WORK=$work SWEEP_STD=$std SWEEP_ERA=$era SWEEP_CPPFLAGS=$cppflags
compile_one() {
  local tu=$1 log
  local common="-DHAVE_CONFIG_H -I src/univalue/include -I src/leveldb/include -I src/secp256k1/include -I src/minisketch/include -I src/crc32c/include -I src/leveldb -I $SWEEP_WORK/stubs $SWEEP_CPPFLAGS"
  log=$SWEEP_WORK/logs/own/$tu
  mkdir -p "$(dirname "$log")"
  echo "cd $SWEEP_WORK/own && g++ -std=c++$SWEEP_STD -fsyntax-only -w -I src $common src/$tu" >"$log.cmd"
  if ! (cd "$SWEEP_WORK/own" && g++ -std=c++"$SWEEP_STD" -fsyntax-only -w -I src $common "src/$tu") >"$log.out" 2>&1; then
    return 0
  fi
  touch "$log.ok"
  # Only a TU that builds with Core's headers can tell anything about ours.
  log=$SWEEP_WORK/logs/vendored/$tu
  mkdir -p "$(dirname "$log")"
  echo "cd $SWEEP_WORK/vendored && g++ -std=c++$SWEEP_STD -fsyntax-only -w -I src -I src/memusage/src -DMEMUSAGE_CORE_VERSION=$SWEEP_ERA $common src/$tu" >"$log.cmd"
  if (cd "$SWEEP_WORK/vendored" && g++ -std=c++"$SWEEP_STD" -fsyntax-only -w -I src -I src/memusage/src \
      -DMEMUSAGE_CORE_VERSION="$SWEEP_ERA" $common "src/$tu") >"$log.out" 2>&1; then
    touch "$log.ok"
  fi
}
export -f compile_one
compile_start=$SECONDS
xargs -P "$jobs" -n 1 bash -c 'compile_one "$1"' compile_one <"$work/tus"
echo "compiles: $(((SECONDS - compile_start) / 60)) min $(((SECONDS - compile_start) % 60)) s with $jobs at a time"

first_errors() {
  grep -E '^[^ ]+:[0-9]+:([0-9]+:)? (fatal )?error: ' "$1" | head -n "$2" | cut -c 1-300 || true
}

own_ok=0
ours_ok=0
: >"$work/own-failures"
echo
echo "Compiled with Core's headers but not with the subtree's:"
while read -r tu; do
  if [ ! -f "$work/logs/own/$tu.ok" ]; then
    first_errors "$work/logs/own/$tu.out" 1 >>"$work/own-failures"
    continue
  fi
  own_ok=$((own_ok + 1))
  if [ -f "$work/logs/vendored/$tu.ok" ]; then
    ours_ok=$((ours_ok + 1))
    continue
  fi
  echo "  src/$tu"
  first_errors "$work/logs/vendored/$tu.out" 3 | sed 's/^/    /'
  echo "    \$ $(cat "$work/logs/vendored/$tu.cmd")"
done <"$work/tus"
[ "$ours_ok" -lt "$own_ok" ] || echo "  none"

# Failures with Core's own headers are the environment's (no Qt, BDB, generated data...), not ours:
# grouped by where and what the first error is, line numbers dropped.
echo
echo "Failed with Core's own headers (not checked against ours): $((listed - own_ok))"
sed -E 's/^([^:]+):[0-9]+(:[0-9]+)?: /\1: /' "$work/own-failures" | cut -c 1-160 | LC_ALL=C sort | uniq -c \
  | sort -rn | head -n 8 | sed 's/^ */  /'
echo
echo "time: $(((SECONDS - start) / 60)) min $(((SECONDS - start) % 60)) s"
echo "sweep $release: $listed listed, $own_ok compile with Core's headers, $ours_ok of them with the subtree's"
[ "$ours_ok" -eq "$own_ok" ]
