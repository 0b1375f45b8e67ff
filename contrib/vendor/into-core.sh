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
    0[0-9]*) fail "--core-version=$core_version: give Core's major version without a leading zero (28, or 21 for 0.21)" ;;
    ''|*[!0-9]*) fail "--core-version takes Core's major version as a number, e.g. 28 (21 for 0.21), not '$core_version'" ;;
  esac
  if [ "$core_version" -lt 10 ] || [ "$core_version" -gt 32 ]; then
    fail "--core-version=$core_version: the eras run from 12 (Core 0.12, the first with prevector.h) to 32 (Core master after v31)"
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
    status=0
    "$top/contrib/vendor/era-of.sh" "$tree" >"$scratch/era-of.out" 2>&1 || status=$?
    case $status in
      0) ;;
      1) fail "the fork's headers fit no Core era ($(tail -n 1 "$scratch/era-of.out")): pass --core-version=N, knowing what differs (doc/vendoring.md)" ;;
      *) fail "era-of.sh could not measure the fork's headers ($(grep -m 1 'error' "$scratch/era-of.out" || tail -n 1 "$scratch/era-of.out")): pass --core-version=N" ;;
    esac
    answer=$(tail -n 1 "$scratch/era-of.out")
    core_version=${answer#--with-core-version=}
    echo "$me: the fork's headers fit --core-version=$core_version"
  else
    fail "pass --core-version=N: the Core release the fork is based on (doc/vendoring.md)"
  fi
fi
check_core_version


# Each edit writes the new file under $work; a missing anchor stops the script before any change.
# stage FILE: FILE's edited copy under $work, started from the tree's on the first edit.
stage() {
  mkdir -p "$(dirname "$work/$1")"
  [ -f "$work/$1" ] || cp "$tree/$1" "$work/$1"
}

# insert_after FILE PATTERN TEXT: TEXT after the first line matching the extended regex PATTERN.
insert_after() {
  local file=$1 pattern=$2 text=$3 out=$work/$1
  stage "$file"
  grep -qE "$pattern" "$out" || fail "$file has no line matching '$pattern': edit it by hand as doc/vendoring.md shows"
  PATTERN=$pattern TEXT=$text awk '
    { print }
    !done && $0 ~ ENVIRON["PATTERN"] { print ENVIRON["TEXT"]; done = 1 }
  ' "$out" >"$out.new"
  mv "$out.new" "$out"
}

# insert_before FILE PATTERN TEXT: TEXT before the first line matching PATTERN.
insert_before() {
  local file=$1 pattern=$2 text=$3 out=$work/$1
  stage "$file"
  grep -qE "$pattern" "$out" || fail "$file has no line matching '$pattern': edit it by hand as doc/vendoring.md shows"
  PATTERN=$pattern TEXT=$text awk '
    !done && $0 ~ ENVIRON["PATTERN"] { print ENVIRON["TEXT"]; done = 1 }
    { print }
  ' "$out" >"$out.new"
  mv "$out.new" "$out"
}

# append_to FILE TEXT: TEXT at the end of FILE.
append_to() {
  local file=$1 text=$2 out=$work/$1
  stage "$file"
  printf '%s\n' "$text" >>"$out"
}

# target_cppflags FILE: every lowercase (per-target) NAME_CPPFLAGS = ... in FILE without
# $(AM_CPPFLAGS) ends with $(LIBMEMUSAGE_CPPFLAGS), after the target's own include paths.
target_cppflags() {
  local file=$1 out=$work/$1
  stage "$file"
  awk '
    function flush() {
      if (n == 0) return
      if (joined !~ /AM_CPPFLAGS|LIBMEMUSAGE_CPPFLAGS/) sub(/[[:blank:]]*$/, " $(LIBMEMUSAGE_CPPFLAGS)", line[n])
      for (i = 1; i <= n; i++) print line[i]
      n = 0
      joined = ""
    }
    n == 0 && /^[a-z][A-Za-z0-9_]*_CPPFLAGS[[:blank:]]*=/ { line[++n] = $0; joined = $0; if ($0 !~ /\\[[:blank:]]*$/) flush(); next }
    n > 0 { line[++n] = $0; joined = joined $0; if ($0 !~ /\\[[:blank:]]*$/) flush(); next }
    { print }
    END { flush() }
  ' "$out" >"$out.new"
  mv "$out.new" "$out"
}

# expect_boost FILE: the Boost headers the subtree includes, added to FILE's list of expected
# ones (a Python list of quoted names, or a shell array of bare ones) where it lacks them.
expect_boost() {
  local file=$1 out=$work/$1 from=${subtree_from:-$tree/src/memusage}
  stage "$file"
  find "$from" -path "$from/.git" -prune -o -type f \( -name '*.h' -o -name '*.cpp' \) -print \
    | xargs sed -n 's/^#include <\(boost\/[^>]*\)>.*/\1/p' | sort -u >"$work/boost.list"
  BOOSTS=$work/boost.list awk '
    BEGIN { while ((getline name < ENVIRON["BOOSTS"]) > 0) { want[name] = 1; order[++k] = name } }
    { line[++n] = $0; if (index($0, "EXPECTED_BOOST_INCLUDES") == 1) start = n }
    start && n > start && !indent { indent = $0; sub(/[^[:blank:]].*$/, "", indent) }
    { for (name in want) if (index($0, "\"" name "\"") || $0 ~ "^[[:blank:]]*" name "[[:blank:]]*$") delete want[name] }
    END {
      quoted = line[start] ~ /\[/
      for (i = 1; i <= n; i++) {
        print line[i]
        if (i == start) for (j = 1; j <= k; j++) if (order[j] in want) print indent (quoted ? "\"" order[j] "\"," : order[j])
      }
    }
  ' "$out" >"$out.new"
  mv "$out.new" "$out"
}

# register_lint FILE: src/memusage beside src/secp256k1 in FILE's lists of subtrees. A file
# naming secp256k1 in none of these forms (a message, an upstream URL) is left as it is.
register_lint() {
  local file=$1 out=$work/$1 sep=" "
  case $file in *.py|*.rs) sep=", " ;; esac
  stage "$file"
  if SEP=$sep awk '
    # A list element on a line of its own: "src/secp256k1/", or the Rust list'"'"'s "src/secp256k1",
    match($0, /^[[:blank:]]*["'"'"']src\/secp256k1\/?["'"'"'],[[:blank:]]*$/) {
      print
      element = $0
      sub(/secp256k1/, "memusage", element)
      print element
      changed = 1
      next
    }
    {
      line = $0
      # Inline list elements and git pathspecs: "src/secp256k1/"] and ":(exclude)src/secp256k1/"
      gsub(/"src\/secp256k1\/"\]/, "\"src/secp256k1/\", \"src/memusage/\"]", line)
      gsub(/":\(exclude\)src\/secp256k1\/"/, "&" ENVIRON["SEP"] "\":(exclude)src/memusage/\"", line)
      # Alternatives of a regular expression: (secp256k1/|, |secp256k1/|, (secp256k1|, |secp256k1|
      gsub(/[(|]secp256k1\/[|)]/, "&memusage/|", line)
      gsub(/[(|]secp256k1[|)]/, "&memusage|", line)
      gsub(/\)memusage\/\|/, "|memusage/)", line)
      gsub(/\)memusage\|/, "|memusage)", line)
      if (line != $0) changed = 1
      print line
    }
    END { exit changed ? 0 : 3 }
  ' "$out" >"$out.new"; then
    mv "$out.new" "$out"
  else
    rm -f "$out.new"
    cmp -s "$out" "$tree/$file" && rm -f "$out"
  fi
}

# drop_headers FILE: the four headers leave every list in FILE (a list's last line keeps no "\").
drop_headers() {
  local file=$1 out=$work/$1
  stage "$file"
  awk '
    /^[[:blank:]]+(\$\{[A-Z_]+\}\/)?(memusage|prevector|indirectmap|support\/allocators\/pool)\.h[[:blank:]]*(\\)?[[:blank:]]*$/ {
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
  # After secp256k1's subproject; Core v29 switches compile_commands.json off around it, so there
  # the block goes after the switch back on.
  anchor='^[[:blank:]]*(add_secp256k1\(|add_subdirectory\(secp256k1)'
  if grep -qE '^[[:blank:]]*set\(CMAKE_EXPORT_COMPILE_COMMANDS OFF\)' "$tree/src/CMakeLists.txt"; then
    anchor='^[[:blank:]]*set\(CMAKE_EXPORT_COMPILE_COMMANDS ON\)'
  fi
  # A fork whose CMake lists headers among a target's sources (Firo's) would name deleted files.
  for f in $(cd "$tree" && find src -name CMakeLists.txt -not -path 'src/secp256k1/*' -not -path 'src/memusage/*' | sort); do
    if grep -qE '^[[:blank:]]+(\$\{[A-Z_]+\}/)?(memusage|prevector|indirectmap|support/allocators/pool)\.h[[:blank:]]*$' "$tree/$f"; then
      drop_headers "$f"
    fi
  done
  insert_after src/CMakeLists.txt "$anchor" "
# libmemusage (src/memusage; its doc/vendoring.md): Core's memusage.h, prevector.h, indirectmap.h
# and support/allocators/pool.h come from the subtree. The era and the malloc model are stated
# here, once; core_interface carries the headers, both definitions and libmemusage.a to every
# target that includes them.
set(MEMUSAGE_CORE_VERSION $core_version)
set(MEMUSAGE_MALLOC_MODEL $malloc_model)
add_subdirectory(memusage EXCLUDE_FROM_ALL)
target_link_libraries(core_interface INTERFACE memusage::memusage)"
else
  # At configure.ac's top level, whatever conditional configures the fork's own secp256k1 (a
  # --with-system-libsecp256k1 option): the subtree is configured in every build. Last before
  # AC_OUTPUT, so that the C++17 check of LIBMEMUSAGE_SUBPACKAGE sees the standard the fork chose.
  insert_before configure.ac '^AC_OUTPUT' "dnl libmemusage (src/memusage; its doc/vendoring.md): Core's memusage.h, prevector.h, indirectmap.h
dnl and support/allocators/pool.h come from the subtree. The era and the malloc model are stated
dnl here, once, for the subpackage and, through LIBMEMUSAGE_CPPFLAGS, for every object of src/.
m4_include([src/memusage/build-aux/m4/libmemusage.m4])
LIBMEMUSAGE_SUBPACKAGE([src/memusage], [$core_version], [$malloc_model])
"
  std=$(sed -n 's/^[[:blank:]]*AX_CXX_COMPILE_STDCXX(\[\{0,1\}\([0-9]*\).*/\1/p' "$tree/configure.ac" | sort -n | head -n 1)
  case $std in
    ''|0x|11|14) std_note="configure.ac asks for ${std:+C++}${std:-no C++ standard}: LIBMEMUSAGE_SUBPACKAGE raises the build to C++17 at configure time, as the drop-ins need (a compiler without it stops configure)" ;;
  esac
  # Appended at src/Makefile.am's end: outside every Automake conditional, after every list.
  append_to src/Makefile.am '
# libmemusage (src/memusage): the subtree'"'"'s headers, its era and its malloc model reach every
# object; the subtree is distributed; libmemusage.a (the heap figure and the usage report) is
# built for a program that calls them: add $(LIBMEMUSAGE) to its LDADD. Core'"'"'s own programs
# call neither, so none links it.
AM_CPPFLAGS += $(LIBMEMUSAGE_CPPFLAGS)
DIST_SUBDIRS += memusage
LIBMEMUSAGE = memusage/libmemusage.a
$(LIBMEMUSAGE): $(wildcard $(srcdir)/memusage/src/*.h $(srcdir)/memusage/src/*/*.h $(srcdir)/memusage/src/*/*/*.h $(srcdir)/memusage/src/*/*.cpp)
	$(AM_V_at)$(MAKE) $(AM_MAKEFLAGS) -C $(@D) $(@F)'
  if grep -qE '^[[:blank:]]+-\$\(MAKE\) -C secp256k1 clean' "$tree/src/Makefile.am"; then
    insert_after src/Makefile.am '^[[:blank:]]+-\$\(MAKE\) -C secp256k1 clean' '	-$(MAKE) -C memusage clean'
  else
    append_to src/Makefile.am 'CLEANFILES += $(LIBMEMUSAGE)'
  fi
  for f in "$tree"/src/Makefile.am "$tree"/src/Makefile.*.include "$tree"/src/Makefile.*.am; do
    [ -f "$f" ] || continue
    rel=${f#"$tree"/}
    if grep -qE '^[[:blank:]]+(memusage|prevector|indirectmap|support/allocators/pool)\.h[[:blank:]]*(\\)?[[:blank:]]*$' "$f"; then
      drop_headers "$rel"
    fi
    # A target's own _CPPFLAGS replaces AM_CPPFLAGS (Core's zmq library before 0.19 leaves it
    # out): every one that does not carry AM_CPPFLAGS gets the subtree's flags itself.
    target_cppflags "$rel"
  done
fi

# Core's lints skip its subtrees by lists and patterns of their own: src/memusage joins them
# wherever src/secp256k1 is named, in every era's form (a Python list, a Rust list, a regular
# expression's alternatives).
# Core's include lint looks for Boost headers in every file, subtrees too, against its list of
# expected ones: the subtree's own (its optional Boost overloads and tests) join that list.
if [ -d "$tree/test/lint" ]; then
  find "$tree/test/lint" -type f \( -name '*.py' -o -name '*.sh' -o -name '*.rs' \) | sort | while read -r f; do
    rel=${f#"$tree"/}
    if grep -q 'secp256k1' "$f"; then register_lint "$rel"; fi
    if grep -qE '^EXPECTED_BOOST_INCLUDES ?= ?[[(]' "$f"; then expect_boost "$rel"; fi
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
[ -z "${std_note:-}" ] || echo "$me: $std_note"
echo "$me: vendored libmemusage into $tree ($build; --core-version=$core_version, --malloc-model=$malloc_model)"
