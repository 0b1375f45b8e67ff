#!/usr/bin/env bash
# Copyright (c) 2026 The libmemusage developers
# Distributed under the MIT software license.
#
# Vendors this tree into a Bitcoin Core (or fork) source tree exactly as doc/vendoring.md tells a
# maintainer to: the tree at CORE_TREE/src/memusage (kept where it is already there, as after
# `git subtree add`), Core's four headers deleted, the build-system edits for the tree's era (CMake
# from Core v29, autotools before), and the era and malloc model written where the doc writes
# them. Every check runs before the first change, so a refused tree is left as it was.
#
# Usage: contrib/vendor/into-core.sh [--core-version=N] [--malloc-model=M] CORE_TREE
set -eu

me=$(basename "$0")
top=$(cd "$(dirname "$0")/../.." && pwd)
usage="usage: $me [--core-version=N] [--malloc-model=core|exact|glibc|jemalloc|mimalloc|tcmalloc] CORE_TREE"

fail() {
  echo "$me: $*" >&2
  exit 1
}

core_version=
malloc_model=core
tree=
for arg in "$@"; do
  case $arg in
    --core-version=*) core_version=${arg#*=} ;;
    --malloc-model=*) malloc_model=${arg#*=} ;;
    -h|--help) echo "$usage"; exit 0 ;;
    -*) echo "$usage" >&2; exit 2 ;;
    *) [ -z "$tree" ] || { echo "$usage" >&2; exit 2; }; tree=$arg ;;
  esac
done
[ -n "$tree" ] || { echo "$usage" >&2; exit 2; }
[ -d "$tree" ] || fail "$tree is not a directory"
tree=$(cd "$tree" && pwd)

check_core_version() {
  case $core_version in
    ''|*[!0-9]*) fail "--core-version takes Core's major version as a number, e.g. 28 (21 for 0.21), not '$core_version'" ;;
  esac
  if [ "$core_version" -lt 10 ] || [ "$core_version" -gt 32 ]; then
    fail "--core-version=$core_version: the eras run from 10 (Core 0.10) to 32 (Core master after v31)"
  fi
}
[ -z "$core_version" ] || check_core_version
case $malloc_model in
  core|exact|glibc|jemalloc|mimalloc|tcmalloc) ;;
  *) fail "--malloc-model takes core, exact (or glibc), jemalloc, mimalloc or tcmalloc, not '$malloc_model'" ;;
esac

headers="src/memusage.h src/prevector.h src/indirectmap.h src/support/allocators/pool.h"

# Core's tree, not one vendored already, and which of its two build systems.
[ -f "$tree/src/prevector.h" ] || fail "$tree has no src/prevector.h: not a Bitcoin Core tree, or vendored already"
if grep -q 'MEMUSAGE_DROPIN_PREVECTOR_H' "$tree/src/prevector.h"; then
  fail "$tree/src/prevector.h is libmemusage's drop-in: the tree is vendored already"
fi
if [ -f "$tree/src/CMakeLists.txt" ] && grep -q 'core_interface' "$tree/src/CMakeLists.txt"; then
  build=cmake
  build_files="src/CMakeLists.txt"
elif [ -f "$tree/configure.ac" ] && [ -f "$tree/src/Makefile.am" ]; then
  build=autotools
  build_files="configure.ac src/Makefile.am"
else
  fail "$tree has neither Core's CMake build (src/CMakeLists.txt with core_interface) nor its autotools build (configure.ac, src/Makefile.am)"
fi
for f in $build_files; do
  if grep -qi 'libmemusage\|memusage::memusage\|add_subdirectory(memusage' "$tree/$f"; then
    fail "$tree/$f already names libmemusage: the tree is vendored already"
  fi
done

# $scratch/edits holds each edited file at its path in the tree until every edit has applied.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
work=$scratch/edits
mkdir -p "$work"

# The subtree: kept where it is, as `git subtree add` leaves it; else this tree's committed files.
if [ -e "$tree/src/memusage" ]; then
  [ -f "$tree/src/memusage/sources.mk" ] && grep -q 'LIBMEMUSAGE_' "$tree/src/memusage/sources.mk" \
    || fail "$tree/src/memusage exists and is not libmemusage"
  subtree_from=""
else
  subtree_from=$top
fi

# The era: given, or read from the fork's own headers by the fingerprint before they go.
if [ -z "$core_version" ]; then
  if [ -x "$top/contrib/vendor/era-of.sh" ]; then
    if ! "$top/contrib/vendor/era-of.sh" "$tree" >"$scratch/era-of.out" 2>&1; then
      fail "the fork's headers fit no Core era ($(tail -n 1 "$scratch/era-of.out")): pass --core-version=N"
    fi
    answer=$(tail -n 1 "$scratch/era-of.out")
    core_version=${answer#--with-core-version=}
    echo "$me: the fork's headers fit --core-version=$core_version"
  else
    fail "pass --core-version=N: the Core release the fork is based on (doc/vendoring.md)"
  fi
fi
check_core_version


# Each edit writes the new file under $work; a missing anchor stops the script before any change.
# insert_after FILE PATTERN TEXT: TEXT after the first line matching the extended regex PATTERN.
insert_after() {
  local file=$1 pattern=$2 text=$3 out=$work/$1
  mkdir -p "$(dirname "$out")"
  [ -f "$out" ] || cp "$tree/$file" "$out"
  grep -qE "$pattern" "$out" || fail "$file has no line matching '$pattern': edit it by hand as doc/vendoring.md shows"
  PATTERN=$pattern TEXT=$text awk '
    { print }
    !done && $0 ~ ENVIRON["PATTERN"] { print ENVIRON["TEXT"]; done = 1 }
  ' "$out" >"$out.new"
  mv "$out.new" "$out"
}

# drop_headers FILE: the four headers leave every list in FILE (a list's last line keeps no "\").
drop_headers() {
  local file=$1 out=$work/$1
  mkdir -p "$(dirname "$out")"
  [ -f "$out" ] || cp "$tree/$file" "$out"
  awk '
    /^[[:blank:]]+(memusage|prevector|indirectmap|support\/allocators\/pool)\.h[[:blank:]]*(\\)?[[:blank:]]*$/ {
      if ($0 !~ /\\[[:blank:]]*$/ && n > 0) sub(/[[:blank:]]*\\[[:blank:]]*$/, "", line[n])
      next
    }
    { line[++n] = $0 }
    END { for (i = 1; i <= n; i++) print line[i] }
  ' "$out" >"$out.new"
  mv "$out.new" "$out"
}

case $malloc_model in glibc) malloc_model=exact ;; esac

if [ "$build" = cmake ]; then
  insert_after src/CMakeLists.txt '^[[:blank:]]*(add_secp256k1\(|add_subdirectory\(secp256k1)' "
# libmemusage (src/memusage; its doc/vendoring.md): Core's memusage.h, prevector.h, indirectmap.h
# and support/allocators/pool.h come from the subtree. The era and the malloc model are stated
# here, once; core_interface carries the headers, both definitions and libmemusage.a to every
# target that includes them.
set(MEMUSAGE_CORE_VERSION $core_version)
set(MEMUSAGE_MALLOC_MODEL $malloc_model)
add_subdirectory(memusage EXCLUDE_FROM_ALL)
target_link_libraries(core_interface INTERFACE memusage::memusage)"
else
  insert_after configure.ac '^AC_CONFIG_SUBDIRS\(\[src/secp256k1\]\)' "
dnl libmemusage (src/memusage; its doc/vendoring.md): Core's memusage.h, prevector.h, indirectmap.h
dnl and support/allocators/pool.h come from the subtree. The era and the malloc model are stated
dnl here, once, for the subpackage and, through LIBMEMUSAGE_CPPFLAGS, for every object of src/.
m4_include([src/memusage/build-aux/m4/libmemusage.m4])
LIBMEMUSAGE_SUBPACKAGE([src/memusage], [$core_version], [$malloc_model])"
  insert_after src/Makefile.am '^AM_CPPFLAGS[[:blank:]]*=' '# libmemusage: the subtree'"'"'s headers, its era and its malloc model reach every object.
AM_CPPFLAGS += $(LIBMEMUSAGE_CPPFLAGS)'
  insert_after src/Makefile.am '^DIST_SUBDIRS[[:blank:]]*=' 'DIST_SUBDIRS += memusage'
  insert_after src/Makefile.am '^LIBSECP256K1[[:blank:]]*=' '
# libmemusage.a (the heap figure and the usage report), for a program that calls them: add
# $(LIBMEMUSAGE) to its LDADD. Core'"'"'s own programs call neither, so none links it.
LIBMEMUSAGE = memusage/libmemusage.a
$(LIBMEMUSAGE): $(wildcard $(srcdir)/memusage/src/*.h $(srcdir)/memusage/src/*/*.h $(srcdir)/memusage/src/*/*/*.h $(srcdir)/memusage/src/*/*.cpp)
	$(AM_V_at)$(MAKE) $(AM_MAKEFLAGS) -C $(@D) $(@F)'
  insert_after src/Makefile.am '^[[:blank:]]+-\$\(MAKE\) -C secp256k1 clean' '	-$(MAKE) -C memusage clean'
  for f in "$tree"/src/Makefile.am "$tree"/src/Makefile.*.include "$tree"/src/Makefile.*.am; do
    [ -f "$f" ] || continue
    rel=${f#"$tree"/}
    if grep -qE '^[[:blank:]]+(memusage|prevector|indirectmap|support/allocators/pool)\.h[[:blank:]]*(\\)?[[:blank:]]*$' "$f"; then
      drop_headers "$rel"
    fi
  done
fi

# Everything checked: now the tree changes.
if [ -n "$subtree_from" ]; then
  mkdir -p "$tree/src/memusage"
  if git -C "$subtree_from" rev-parse --git-dir >/dev/null 2>&1; then
    git -C "$subtree_from" archive HEAD | tar -x -C "$tree/src/memusage"
  else
    (cd "$subtree_from" && tar -cf - --exclude=.git .) | tar -x -C "$tree/src/memusage"
  fi
fi
for h in $headers; do
  rm -f "$tree/$h"
done
(cd "$work" && find . -type f) | while read -r f; do
  cp "$work/$f" "$tree/$f"
done
echo "$me: vendored libmemusage into $tree ($build; --core-version=$core_version, --malloc-model=$malloc_model)"
