#!/usr/bin/env bash
# Copyright (c) 2026 The libmemusage developers
# Distributed under the MIT software license.
#
# Applies contrib/vendor/into-core.sh to Core-shaped miniatures of both build eras (test/vendor/src
# with test/vendor/cmake or test/vendor/autotools laid over it) and checks what doc/vendoring.md
# promises: on the first configure every object that reads the four headers reads the subtree's
# copies with the era and model given to the script; a forgotten fork copy, a disagreeing era and
# objects of two eras are refused by name; the script refuses what it should and leaves such trees
# as they were; the fork's make check (libsecp256k1's tests too), distcheck and clean work; and an
# installed copy carries its era and model to find_package. The subtree is this tree's committed
# HEAD, as `git subtree add` would bring it. Prints PASS:/FAIL: lines and "N passed, N failed".
#
# Usage: test/vendor/run.sh [WORKDIR]
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/test/vendor
work=${1:-$(mktemp -d)}
mkdir -p "$work"
work=$(cd "$work" && pwd)
jobs=$(nproc)
into_core=$top/contrib/vendor/into-core.sh
check_objects=$top/contrib/vendor/check-objects.py
passed=0
failed=0

pass() {
  echo "PASS: $1"
  passed=$((passed + 1))
}
fail() {
  echo "FAIL: $1"
  [ -n "${2:-}" ] && [ -f "$2" ] && tail -n 25 "$2" | sed 's/^/    /'
  failed=$((failed + 1))
}
# expect NAME LOG COMMAND...: COMMAND succeeds (its output in LOG).
expect() {
  local name=$1 log=$2
  shift 2
  if "$@" >"$log" 2>&1; then pass "$name"; else fail "$name" "$log"; fi
}
# refuse NAME LOG MESSAGE COMMAND...: COMMAND fails, and its output says MESSAGE.
refuse() {
  local name=$1 log=$2 message=$3
  shift 3
  if "$@" >"$log" 2>&1; then
    fail "$name (it succeeded)" "$log"
  elif grep -qF -- "$message" "$log"; then
    pass "$name"
  else
    fail "$name (no '$message')" "$log"
  fi
}
# A miniature of ERA (cmake or autotools) at DIR.
miniature() {
  rm -rf "$2" && mkdir -p "$2"
  cp -R "$here/src" "$2/src"
  cp -R "$here/$1/." "$2/"
}
# A fingerprint of every file under DIR, to show a refused tree unchanged.
fingerprint() {
  (cd "$1" && find . -type f -exec md5sum {} + | sort)
}

if ! git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
  echo "test/vendor/run.sh needs a git checkout: the subtree is its committed HEAD"
  echo "0 passed, 1 failed"
  exit 1
fi

### CMake era (Core v29 and later), as the done-when asks of master: --core-version=30 --malloc-model=exact
tree=$work/cmake
miniature cmake "$tree"
expect "cmake: into-core.sh vendors the miniature" "$work/cmake-vendor.log" \
  "$into_core" --core-version=30 --malloc-model=exact "$tree"
gone=yes
for h in memusage.h prevector.h indirectmap.h support/allocators/pool.h; do
  [ ! -e "$tree/src/$h" ] || gone=no
done
[ "$gone" = yes ] && [ -f "$tree/src/memusage/src/memusage/core_version.h" ] \
  && pass "cmake: the four headers are gone, the subtree is in src/memusage" \
  || fail "cmake: the four headers are gone, the subtree is in src/memusage"
expect "cmake: the first configure and the build" "$work/cmake-build.log" \
  sh -c "cmake -S '$tree' -B '$tree/build' -DCMAKE_EXPORT_COMPILE_COMMANDS=ON && cmake --build '$tree/build' -j$jobs --target bitcoind test_bitcoin memusage"
expect "cmake: every object that reads the headers reads the subtree's, with era 30 and the exact model" "$work/cmake-objects.log" \
  python3 "$check_objects" --tree "$tree" --define MEMUSAGE_CORE_VERSION=30 --define MEMUSAGE_MALLOC_MODEL_EXACT --compile-commands "$tree/build/compile_commands.json"
reading=$(sed -n 's/.*; \([0-9]*\) read Core.s headers.*/\1/p' "$work/cmake-objects.log")
[ "${reading:-0}" -ge 7 ] && pass "cmake: consensus, crypto, common, node, kernel, bitcoind and test_bitcoin were all checked ($reading objects)" \
  || fail "cmake: consensus, crypto, common, node, kernel, bitcoind and test_bitcoin were all checked (${reading:-0} objects)" "$work/cmake-objects.log"
expect "cmake: test_bitcoin passes at era 30 with the exact model" "$work/cmake-test.log" \
  sh -c "'$tree/build/src/test/test_bitcoin' && '$tree/build/src/test/test_bitcoin' | grep -qx 'test_bitcoin: era 30, model exact'"
cp "$here/src/prevector.h" "$tree/src/prevector.h"
refuse "cmake: a forgotten src/prevector.h is refused by name" "$work/cmake-stale.log" \
  "prevector.h: a copy other than libmemusage's" sh -c "touch '$tree/src/common.cpp' && cmake --build '$tree/build' --target bitcoind"
rm -f "$tree/src/prevector.h"
before=$(fingerprint "$tree" | grep -v ' ./build/')
refuse "cmake: a vendored tree is refused" "$work/cmake-again.log" "vendored already" "$into_core" --core-version=30 "$tree"
[ "$before" = "$(fingerprint "$tree" | grep -v ' ./build/')" ] && pass "cmake: the refused tree is unchanged" || fail "cmake: the refused tree is unchanged"

# The era mark: objects of two eras do not link; objects of one era do (GCC on ELF).
flags="-std=c++20 -I$tree/src -I$tree/src/memusage/src -DMEMUSAGE_MALLOC_MODEL_EXACT"
mark=$work/mark
mkdir -p "$mark"
printf '#include <miniature.h>\nint main() { return KernelCoreVersion() > 0 && CommonMapIncrement() > 0 ? 0 : 1; }\n' >"$mark/main.cpp"
expect "era mark: objects of one era link" "$work/mark-same.log" sh -c "
  g++ $flags -DMEMUSAGE_CORE_VERSION=30 -c '$tree/src/kernel/chain.cpp' -o '$mark/chain.o' &&
  g++ $flags -DMEMUSAGE_CORE_VERSION=30 -c '$tree/src/common.cpp' -o '$mark/common30.o' &&
  g++ $flags -DMEMUSAGE_CORE_VERSION=30 -c '$mark/main.cpp' -o '$mark/main.o' &&
  g++ '$mark/chain.o' '$mark/common30.o' '$mark/main.o' -o '$mark/same'"
refuse "era mark: objects of eras 30 and 25 refuse to link, each era named" "$work/mark-mixed.log" "libmemusage.era25.exact" sh -c "
  g++ $flags -DMEMUSAGE_CORE_VERSION=25 -c '$tree/src/common.cpp' -o '$mark/common25.o' &&
  g++ '$mark/chain.o' '$mark/common25.o' '$mark/main.o' -o '$mark/mixed'"
grep -q "libmemusage.era30.exact" "$work/mark-mixed.log" && grep -q "libmemusage_objects_differ_in_era_or_malloc_model" "$work/mark-mixed.log" \
  && pass "era mark: the linker names the other era and the mistake" || fail "era mark: the linker names the other era and the mistake" "$work/mark-mixed.log"

# Core's genesis script, inlined at Core's -O2, compiles without a warning (GCC 12 drew two).
expect "prevector: Core's genesis-key insertion compiles at -O2 with warnings as errors" "$work/genesis.log" \
  g++ -std=c++20 -O2 -Wall -Wextra -Werror -I"$top/src" -c "$here/genesis.cpp" -o "$work/genesis.o"

# What the script refuses, and leaves as it was.
refuse "into-core.sh refuses a directory that is not Core" "$work/refuse-empty.log" "not a Bitcoin Core tree" \
  "$into_core" --core-version=30 "$work/mark"
refused=$work/refused
miniature cmake "$refused"
sed -i '/add_subdirectory(secp256k1)/d' "$refused/src/CMakeLists.txt"
before=$(fingerprint "$refused")
refuse "into-core.sh refuses a tree it cannot edit as documented" "$work/refuse-anchor.log" "edit it by hand" \
  "$into_core" --core-version=30 "$refused"
[ "$before" = "$(fingerprint "$refused")" ] && [ ! -e "$refused/src/memusage" ] \
  && pass "into-core.sh leaves a tree it cannot edit as it was" || fail "into-core.sh leaves a tree it cannot edit as it was"
miniature cmake "$refused"
mkdir -p "$refused/src/memusage" && echo other >"$refused/src/memusage/README"
refuse "into-core.sh refuses a src/memusage that is not libmemusage" "$work/refuse-other.log" "is not libmemusage" \
  "$into_core" --core-version=30 "$refused"
refuse "into-core.sh refuses an era outside the known range" "$work/refuse-era.log" "the eras run from 12" \
  "$into_core" --core-version=999 "$work/cmake"
refuse "into-core.sh refuses an unknown malloc model" "$work/refuse-model.log" "--malloc-model takes" \
  "$into_core" --core-version=30 --malloc-model=dlmalloc "$work/cmake"
kept=$work/kept
miniature cmake "$kept"
mkdir -p "$kept/src/memusage" && git -C "$top" archive HEAD | tar -x -C "$kept/src/memusage" && echo mine >"$kept/src/memusage/KEEP"
expect "into-core.sh uses the subtree already in src/memusage" "$work/kept.log" \
  sh -c "'$into_core' --core-version=30 '$kept' && test -f '$kept/src/memusage/KEEP'"

# A plain parent: -D on the command line works, and a parent that sets neither gets 31 and core.
plain=$work/plain
rm -rf "$plain" && mkdir -p "$plain/memusage"
git -C "$top" archive HEAD | tar -x -C "$plain/memusage"
printf 'cmake_minimum_required(VERSION 3.16)\nproject(plain CXX)\nset(CMAKE_CXX_STANDARD 20)\nadd_subdirectory(memusage EXCLUDE_FROM_ALL)\nadd_executable(plain plain.cpp)\ntarget_link_libraries(plain PRIVATE memusage::memusage)\n' >"$plain/CMakeLists.txt"
printf '#include <memusage.h>\n#include <cstdio>\nint main() { std::printf("era %%d\\n", memusage::CORE_VERSION); return 0; }\n' >"$plain/plain.cpp"
expect "cmake: -DMEMUSAGE_CORE_VERSION=29 on the command line reaches the parent's objects" "$work/plain-29.log" sh -c "
  cmake -S '$plain' -B '$plain/b29' -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DMEMUSAGE_CORE_VERSION=29 && cmake --build '$plain/b29' &&
  grep -q 'MEMUSAGE_CORE_VERSION=29' '$plain/b29/compile_commands.json' && '$plain/b29/plain' | grep -qx 'era 29'"
expect "cmake: a parent that sets neither gets era 31 and Core's model" "$work/plain-default.log" sh -c "
  cmake -S '$plain' -B '$plain/b' -DCMAKE_EXPORT_COMPILE_COMMANDS=ON && cmake --build '$plain/b' &&
  '$plain/b/plain' | grep -qx 'era 31' && ! grep -q MEMUSAGE_MALLOC_MODEL_ '$plain/b/compile_commands.json'"

# Installed copies: find_package(libmemusage CONFIG) carries the era and model, from CMake's
# install and from configure's make install alike.
use=$work/use
rm -rf "$use" && mkdir -p "$use"
printf 'cmake_minimum_required(VERSION 3.16)\nproject(use CXX)\nfind_package(libmemusage 0.2 CONFIG REQUIRED)\nadd_executable(use use.cpp)\ntarget_link_libraries(use PRIVATE memusage::memusage)\n' >"$use/CMakeLists.txt"
printf '#include <memusage.h>\n#include <memusage/heap.h>\n#include <cstdio>\nint main() {\n#ifdef MEMUSAGE_MALLOC_MODEL_EXACT\n  const char* model = "exact";\n#else\n  const char* model = "core";\n#endif\n  std::printf("era %%d model %%s heap %%d\\n", memusage::CORE_VERSION, model, memusage::ReadHeapStats().has_value() ? 1 : 0);\n}\n' >"$use/use.cpp"
expect "find_package: CMake's install carries era 27 and the exact model" "$work/install-cmake.log" sh -c "
  cmake -S '$top' -B '$work/install-cmake' -DMEMUSAGE_BUILD_TESTS=OFF -DMEMUSAGE_CORE_VERSION=27 -DMEMUSAGE_MALLOC_MODEL=exact -DCMAKE_INSTALL_PREFIX='$work/prefix-cmake' &&
  cmake --build '$work/install-cmake' -j$jobs && cmake --install '$work/install-cmake' &&
  cmake -S '$use' -B '$use/b-cmake' -DCMAKE_PREFIX_PATH='$work/prefix-cmake' && cmake --build '$use/b-cmake' &&
  '$use/b-cmake/use' | grep -x 'era 27 model exact heap [01]'"
[ -x "$top/configure" ] || (cd "$top" && ./autogen.sh) >"$work/autogen.log" 2>&1
expect "find_package: make install carries era 26 and the exact model" "$work/install-autotools.log" sh -c "
  mkdir -p '$work/install-autotools' && cd '$work/install-autotools' &&
  '$top/configure' --disable-tests --disable-bench --with-core-version=26 --with-malloc-model=exact --prefix='$work/prefix-autotools' &&
  make -j$jobs install &&
  cmake -S '$use' -B '$use/b-autotools' -DCMAKE_PREFIX_PATH='$work/prefix-autotools' && cmake --build '$use/b-autotools' &&
  '$use/b-autotools/use' | grep -x 'era 26 model exact heap [01]'"

### Autotools era (Core before v29), as the done-when asks of v28: --core-version=28 --malloc-model=exact
tree=$work/autotools
miniature autotools "$tree"
expect "autotools: into-core.sh vendors the miniature" "$work/at-vendor.log" \
  "$into_core" --core-version=28 --malloc-model=exact "$tree"
if grep -qE '^[[:blank:]]+(memusage|prevector|indirectmap|support/allocators/pool)\.h' "$tree/src/Makefile.am"; then
  fail "autotools: the four headers leave the fork's header lists"
else
  pass "autotools: the four headers leave the fork's header lists"
fi
# aclocal sees none of the system's macros (autoconf-archive's home) but libtool's: the fork's
# autogen.sh needs only what automake and libtool bring, as Core's own does.
mkdir -p "$work/libtool-acdir"
cp /usr/share/aclocal/libtool.m4 /usr/share/aclocal/lt*.m4 "$work/libtool-acdir/"
expect "autotools: autogen.sh needs no macros beyond automake's and libtool's" "$work/at-autogen.log" \
  env ACLOCAL="aclocal --system-acdir=$work/libtool-acdir" "$tree/autogen.sh"
expect "autotools: the first configure (out of tree) and the build" "$work/at-build.log" sh -c "
  mkdir -p '$tree/build' && cd '$tree/build' && ../configure &&
  make -j$jobs -C src V=1 bitcoind test/test_bitcoin memusage/libmemusage.a >'$tree/build/make.log' 2>&1"
expect "autotools: every object that reads the headers reads the subtree's, with era 28 and the exact model" "$work/at-objects.log" \
  python3 "$check_objects" --tree "$tree" --define MEMUSAGE_CORE_VERSION=28 --define MEMUSAGE_MALLOC_MODEL_EXACT --make-log "$tree/build/make.log" --make-dir "$tree/build/src"
reading=$(sed -n 's/.*; \([0-9]*\) read Core.s headers.*/\1/p' "$work/at-objects.log")
[ "${reading:-0}" -ge 7 ] && pass "autotools: node, common, consensus, crypto (libtool), kernel (libtool), bitcoind and test_bitcoin were all checked ($reading objects)" \
  || fail "autotools: node, common, consensus, crypto (libtool), kernel (libtool), bitcoind and test_bitcoin were all checked (${reading:-0} objects)" "$work/at-objects.log"
expect "autotools: make check runs test_bitcoin at era 28 and libsecp256k1's tests" "$work/at-check.log" sh -c "
  cd '$tree/build' && make -j$jobs check && grep -qx 'test_bitcoin: era 28, model exact' src/test/test_bitcoin.log && grep -q ':test-result: PASS' src/secp256k1/tests.trs && grep -q 'tests ran' src/secp256k1/tests.log"
refuse "autotools: a --with-core-version that disagrees with configure.ac stops configure, naming both" "$work/at-disagree.log" \
  "MEMUSAGE_CORE_VERSION=28, but --with-core-version=31" sh -c "mkdir -p '$tree/build31' && cd '$tree/build31' && ../configure --with-core-version=31"
cp "$here/src/prevector.h" "$tree/src/prevector.h"
refuse "autotools: a forgotten src/prevector.h is refused by name" "$work/at-stale.log" \
  "prevector.h: a copy other than libmemusage's" sh -c "cd '$tree/build' && touch ../src/common.cpp && make -C src libbitcoin_common.a"
rm -f "$tree/src/prevector.h"
expect "autotools: make clean cleans the subpackage" "$work/at-clean.log" sh -c "
  cd '$tree/build' && test -f src/memusage/libmemusage.a && make clean && test ! -e src/memusage/libmemusage.a"
expect "autotools: make distcheck" "$work/at-distcheck.log" sh -c "cd '$tree/build' && make -j$jobs distcheck"

### Shapes the older releases and the forks taught
# Core before v22 asks for C++11 (AX_CXX_COMPILE_STDCXX appends -std=c++11 to CXX); Knots
# configures libsecp256k1 inside a --with-system-libsecp256k1 conditional, and Syscoin names two
# folders in one AC_CONFIG_SUBDIRS; Core's zmq library before 0.19 has a _CPPFLAGS without
# AM_CPPFLAGS; Core's fuzz job hands --with-sanitizers=address,fuzzer,undefined and clang to
# every subpackage.
old=$work/older
miniature autotools "$old"
mkdir -p "$old/src/dashbls"
sed -i 's/^AX_MINIATURE_CXX20$/AX_CXX_COMPILE_STDCXX([11], [noext], [mandatory])/' "$old/configure.ac"
sed -i 's|^AC_CONFIG_SUBDIRS(\[src/secp256k1\])$|if test x"$with_system_libsecp256k1" != xyes; then\n  AC_CONFIG_SUBDIRS([src/secp256k1 src/dashbls])\nfi|' "$old/configure.ac"
sed -i 's/^libbitcoin_common_a_CPPFLAGS = $(AM_CPPFLAGS) $(BITCOIN_INCLUDES)$/libbitcoin_common_a_CPPFLAGS = $(BITCOIN_INCLUDES) -DHAVE_BUILD_INFO/' "$old/src/Makefile.am"
if grep -q 'AX_CXX_COMPILE_STDCXX(\[11\]' "$old/configure.ac" && grep -q 'src/secp256k1 src/dashbls' "$old/configure.ac" &&
    grep -q '^libbitcoin_common_a_CPPFLAGS = $(BITCOIN_INCLUDES) -DHAVE_BUILD_INFO$' "$old/src/Makefile.am"; then
  expect "older shapes: into-core.sh vendors a C++11, conditional-secp256k1, per-target-CPPFLAGS tree and says it raises C++11" "$work/older-vendor.log" \
    sh -c "'$into_core' --core-version=16 '$old' | grep -q 'asks for C++11: LIBMEMUSAGE_SUBPACKAGE raises the build to C++17'"
else
  fail "older shapes: the miniature's lines this test changes are not where it changes them"
fi
awk '/^fi$/ { fi = NR } /^LIBMEMUSAGE_SUBPACKAGE/ { sub_line = NR } END { exit !(sub_line > fi && fi > 0) }' "$old/configure.ac" \
  && pass "older shapes: LIBMEMUSAGE_SUBPACKAGE sits at configure.ac's top level, after the secp256k1 conditional" \
  || fail "older shapes: LIBMEMUSAGE_SUBPACKAGE sits at configure.ac's top level, after the secp256k1 conditional"
grep -q '^libbitcoin_common_a_CPPFLAGS = $(BITCOIN_INCLUDES) -DHAVE_BUILD_INFO $(LIBMEMUSAGE_CPPFLAGS)$' "$old/src/Makefile.am" \
  && pass "older shapes: a _CPPFLAGS without AM_CPPFLAGS gets the subtree's flags" \
  || fail "older shapes: a _CPPFLAGS without AM_CPPFLAGS gets the subtree's flags"
expect "older shapes: clang with Core's fuzz sanitizers configures and builds, as C++17, and every object reads the subtree's headers at era 16" "$work/older-build.log" sh -c "
  cd '$old' && ./autogen.sh && mkdir -p build && cd build &&
  ../configure CC=clang CXX=clang++ --with-sanitizers=address,fuzzer,undefined --enable-werror >configure.log 2>&1 &&
  grep -q 'the fork is built as C++17 from here on' configure.log &&
  make -j$jobs -C src V=1 bitcoind memusage/libmemusage.a >make.log 2>&1 &&
  grep -q 'clang++ -std=c++17 .*-c -o libbitcoin_common_a-common.o' make.log && ! grep -q 'std=c++11' make.log &&
  python3 '$check_objects' --tree '$old' --define MEMUSAGE_CORE_VERSION=16 --make-log make.log --make-dir src"
refuse "check-core.sh stops at a tree into-core.sh refuses, before any build" "$work/check-core-refused.log" "not a Bitcoin Core tree" \
  sh -c "'$top/contrib/vendor/check-core.sh' '$work/mark'; status=\$?; test ! -e '$work/mark/build' && test ! -e '$work/mark/configure' && exit \$status"
refuse "into-core.sh refuses an era with a leading zero rather than reading it as octal" "$work/refuse-octal.log" "without a leading zero" \
  "$into_core" --core-version=028 "$work/cmake"

# Core v29 switches compile_commands.json off around secp256k1; a fork (Firo) lists headers among
# a target's sources in CMake.
v29=$work/cmake-v29
miniature cmake "$v29"
sed -i 's/^add_subdirectory(secp256k1)$/set(CMAKE_EXPORT_COMPILE_COMMANDS OFF)\nadd_subdirectory(secp256k1)\nset(CMAKE_EXPORT_COMPILE_COMMANDS ON)/' "$v29/src/CMakeLists.txt"
sed -i 's/^add_library(bitcoin_consensus STATIC EXCLUDE_FROM_ALL consensus.cpp)$/add_library(bitcoin_consensus STATIC EXCLUDE_FROM_ALL\n  consensus.cpp\n  prevector.h\n)/' "$v29/src/CMakeLists.txt"
expect "cmake v29 shape: libmemusage's sources are in compile_commands.json, and a header listed as a source is dropped" "$work/v29.log" sh -c "
  grep -q 'EXPORT_COMPILE_COMMANDS OFF' '$v29/src/CMakeLists.txt' && grep -q '^  prevector.h$' '$v29/src/CMakeLists.txt' &&
  '$into_core' --core-version=29 '$v29' && ! grep -q '^  prevector.h$' '$v29/src/CMakeLists.txt' &&
  cmake -S '$v29' -B '$v29/build' -DCMAKE_EXPORT_COMPILE_COMMANDS=ON &&
  grep -q 'memusage/src/memusage/heap.cpp' '$v29/build/compile_commands.json'"

# Core's lints skip the subtrees they list: src/memusage joins the list, and the miniature's own
# lint then passes where without it the subtree's headers fail it.
expect "lint: the miniature's Core-style lint passes on the vendored tree" "$work/lint.log" \
  sh -c "cd '$work/cmake' && grep -q '\"src/memusage/\",' test/lint/lint_ignore_dirs.py && python3 test/lint/lint-include-guards.py"
refuse "lint: without the registration the same lint fails on the subtree's headers" "$work/lint-unregistered.log" \
  "src/memusage/src/memusage/core_version.h: no include guard" sh -c "
  cd '$work/cmake' && cp test/lint/lint_ignore_dirs.py '$work/lint_ignore_dirs.py' && cp '$here/cmake/test/lint/lint_ignore_dirs.py' test/lint/ &&
  python3 test/lint/lint-include-guards.py; status=\$?; cp '$work/lint_ignore_dirs.py' test/lint/; exit \$status"

# The era read off the fork's own headers: this library's headers stand in for a fork's (its
# drop-in marks taken out), so the fingerprint fits era 31, the default; with their growth rule
# changed the fork fits no era, and the script says so and changes nothing.
fork_headers() {
  local dest=$1
  rm -rf "$dest.impl" && cp -R "$top/src" "$dest.impl" && chmod -R u+w "$dest.impl"
  for h in memusage.h prevector.h indirectmap.h support/allocators/pool.h; do
    grep -v 'MEMUSAGE_DROPIN_\|memusage/dropins.h' "$top/src/$h" >"$dest/src/$h"
    rm -f "$dest.impl/$h"
  done
}
detect=$work/detect
miniature cmake "$detect"
fork_headers "$detect"
expect "into-core.sh without --core-version reads era 31 off the fork's headers and vendors" "$work/detect.log" sh -c "
  CPPFLAGS='-I$detect.impl' '$into_core' '$detect' | grep -q 'fit --core-version=31' && grep -q 'set(MEMUSAGE_CORE_VERSION 31)' '$detect/src/CMakeLists.txt'"
nofit=$work/nofit
miniature cmake "$nofit"
fork_headers "$nofit"
sed -i 's/return new_size + (new_size >> 1);/return new_size + (new_size >> 2);/' "$nofit.impl/prevector/prevector.h"
before=$(fingerprint "$nofit")
refuse "into-core.sh without --core-version refuses a fork whose headers fit no era, naming the rows" "$work/nofit.log" \
  "fit no Core era (no Core era: growth, emplace_back)" env CPPFLAGS="-I$nofit.impl" "$into_core" "$nofit"
[ "$before" = "$(fingerprint "$nofit")" ] && pass "into-core.sh leaves a tree whose era it cannot tell as it was" \
  || fail "into-core.sh leaves a tree whose era it cannot tell as it was"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
