#!/bin/sh
# era-of.sh TREE: which --with-core-version a Bitcoin Core fork should pass, read from the
# fork's own src/prevector.h, src/memusage.h, src/indirectmap.h and
# src/support/allocators/pool.h before they are deleted.
#
# It compiles era-of.cpp (beside this script) against TREE/src and runs it: one line for each
# row of doc/vendoring.md's era table, what the headers do there, then the last line:
# `--with-core-version=N` for the band of Core releases those answers fit (exit 0), or
# `no Core era: ROW, ROW` naming the rows where even the nearest band differs (exit 1).
# Exit 2: the headers did not compile on their own (the message says why).
#
# Needs a C++17 compiler and the tree, not the fork's build. CXX (default c++), CPPFLAGS and
# CXXFLAGS (default -O0 -g0) are honoured; pointed at this library's own tree, CPPFLAGS=
# -DMEMUSAGE_CORE_VERSION=25 reads our headers at that era. TREE may also be the src/ directory.
set -u

if [ $# -ne 1 ]; then
  echo "usage: $0 TREE   (a fork's top directory, or its src/)" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
program=$here/era-of.cpp
if [ -f "$1/src/prevector.h" ]; then
  src=$1/src
elif [ -f "$1/prevector.h" ]; then
  src=$1
else
  echo "era-of: no src/prevector.h under $1" >&2
  exit 2
fi
src=$(cd "$src" && pwd)
if [ ! -f "$src/memusage.h" ]; then
  echo "era-of: $src has prevector.h but no memusage.h: give the tree that holds Core's four files" >&2
  exit 2
fi

cxx=${CXX:-c++}
cxxflags=${CXXFLAGS:--O0 -g0}
work=$(mktemp -d "${TMPDIR:-/tmp}/era-of.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
trap 'exit 2' HUP INT TERM
mkdir -p "$work/override/util" "$work/fallback/util"

# What Core's four files include from the rest of Core's tree, in place of Core's own.
# util/check.h (pool.h from v30): Core's declares functions only check.cpp defines, so a stand-in
# always replaces it; its poisoning macros decide as Core's do (AddressSanitizer's where
# __has_feature(address_sanitizer), else the includer's own, else nothing).
cat >"$work/override/util/check.h" <<'EOF'
// era-of's stand-in for Core's util/check.h.
#ifndef BITCOIN_UTIL_CHECK_H
#define BITCOIN_UTIL_CHECK_H
#include <cassert>
#include <utility>
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/asan_interface.h>
#endif
#endif
#ifndef ASAN_POISON_MEMORY_REGION
#define ASAN_POISON_MEMORY_REGION(addr, size) ((void)(addr), (void)(size))
#define ASAN_UNPOISON_MEMORY_REGION(addr, size) ((void)(addr), (void)(size))
#endif
template <typename T>
T&& EraOfChecked(T&& val) { assert(val); return std::forward<T>(val); }
#define Assert(val) EraOfChecked(val)
#define Assume(val) (val)
#endif
EOF
# util/overflow.h (pool.h after v31 uses its CeilDiv): the tree's own where it has one (this
# directory is searched after the tree's), else a stand-in.
cat >"$work/fallback/util/overflow.h" <<'EOF'
// era-of's stand-in for Core's util/overflow.h, where the tree has none.
#ifndef BITCOIN_UTIL_OVERFLOW_H
#define BITCOIN_UTIL_OVERFLOW_H
#include <cassert>
template <typename Dividend, typename Divisor>
constexpr auto CeilDiv(const Dividend dividend, const Divisor divisor)
{
    assert(divisor > 0);
    return dividend / divisor + (dividend % divisor != 0);
}
#endif
EOF

# compat.h (prevector.h of 0.17 takes IS_TRIVIALLY_CONSTRUCTIBLE from it): likewise.
cat >"$work/fallback/compat.h" <<'EOF'
// era-of's stand-in for Core's compat.h, where the tree has none.
#ifndef BITCOIN_COMPAT_H
#define BITCOIN_COMPAT_H
#include <type_traits>
#define IS_TRIVIALLY_CONSTRUCTIBLE std::is_trivially_constructible
#endif
EOF

# C++20 first (Core from v28 needs it: std::ranges in prevector.h after v31), C++17 for the
# compilers of older forks. The tree is a system directory: its own warnings are not ours.
built=
for std in c++20 c++17; do
  # shellcheck disable=SC2086 # CPPFLAGS and CXXFLAGS are word lists
  if $cxx ${CPPFLAGS:-} -std=$std $cxxflags -I"$work/override" -isystem "$src" -idirafter "$work/fallback" \
      "$program" -o "$work/era-of" 2>"$work/errors.$std"; then
    built=$std
    break
  fi
done
if [ -z "$built" ]; then
  echo "era-of: $src's headers do not compile on their own with $cxx (C++20, nor C++17):" >&2
  grep -m 12 -E 'error|required from' "$work/errors.c++20" >&2
  missing=$(sed -n 's/.*fatal error: \([^:]*\): No such file.*/\1/p; s/.*fatal error: .\([^ ]*\). file not found.*/\1/p' \
    "$work/errors.c++20" | head -n 1)
  if [ -n "$missing" ]; then
    echo "era-of: they include $missing, which is neither in $src nor among what a Core translation unit had in front" >&2
    echo "        of these headers: the fork's headers need more of its tree (its include directories in CPPFLAGS)" >&2
  fi
  exit 2
fi

echo "# $src, $cxx -std=$built ${CPPFLAGS:-}"
"$work/era-of"
