#!/usr/bin/env bash
# Copyright (c) 2026 The libmemusage developers
# Distributed under the MIT software license.
#
# Vendors this tree into a fresh export of Bitcoin Core (or a fork) with into-core.sh, builds
# Core's bitcoind, test_bitcoin and libmemusage.a by Core's documented build (wallet, IPC and GUI
# off), checks that every object reading one of the four headers read the subtree's copy with the
# era and model given, and runs Core's whole unit suite. Takes about an hour on two cores.
#
# Usage: contrib/vendor/check-core.sh [--core-version=N] [--malloc-model=M] [--jobs=N]
#          [--cxxflags=FLAGS] CORE_TREE
# --cxxflags replaces the build's optimisation and debug flags (Core's -O2 -g), e.g. "-O0 -g0"
# for a build in half the time. Writes CORE_TREE/check-core.log (the build) and prints the
# summary lines doc/vendoring.md quotes. A tree into-core.sh refuses is not built.
set -eu
set -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
jobs=$(nproc)
vendor_args=()
cxxflags=
tree=
usage="usage: $0 [--core-version=N] [--malloc-model=M] [--jobs=N] [--cxxflags=FLAGS] CORE_TREE"
for arg in "$@"; do
  case $arg in
    --jobs=*) jobs=${arg#*=} ;;
    --cxxflags=*) cxxflags=${arg#*=} ;;
    --core-version=*|--malloc-model=*) vendor_args+=("$arg") ;;
    -*) echo "$usage" >&2; exit 2 ;;
    *) tree=$arg ;;
  esac
done
[ -n "$tree" ] || { echo "$usage" >&2; exit 2; }
tree=$(cd "$tree" && pwd)
log=$tree/check-core.log

"$here/into-core.sh" ${vendor_args[@]+"${vendor_args[@]}"} "$tree" 2>&1 | tee "$log"
summary=$(tail -n 1 "$log")
era=$(echo "$summary" | sed -n 's/.*--core-version=\([0-9]*\).*/\1/p')
model=$(echo "$summary" | sed -n 's/.*--malloc-model=\([a-z]*\).*/\1/p')
wanted=(--define "MEMUSAGE_CORE_VERSION=$era")
[ "$model" = core ] || wanted+=(--define "MEMUSAGE_MALLOC_MODEL_$(echo "$model" | tr a-z A-Z)")

start=$SECONDS
cd "$tree"
if [ -f CMakeLists.txt ] && grep -q 'add_subdirectory(memusage' src/CMakeLists.txt; then
  # Core's documented build, with wallet, IPC and GUI off (doc/build-unix.md).
  flags=()
  [ -z "$cxxflags" ] || flags=("-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=$cxxflags" "-DCMAKE_C_FLAGS_RELWITHDEBINFO=$cxxflags")
  cmake -B build -DENABLE_WALLET=OFF -DENABLE_IPC=OFF -DBUILD_GUI=OFF -DWITH_CCACHE=OFF \
    -DCMAKE_EXPORT_COMPILE_COMMANDS=ON ${flags[@]+"${flags[@]}"} >>"$log" 2>&1
  cmake --build build -j"$jobs" --target bitcoind test_bitcoin memusage >>"$log" 2>&1
  test_bitcoin=build/bin/test_bitcoin
  python3 "$here/check-objects.py" --tree "$tree" "${wanted[@]}" --compile-commands build/compile_commands.json | tail -n 20
else
  ./autogen.sh >>"$log" 2>&1
  flags=()
  [ -z "$cxxflags" ] || flags=("CXXFLAGS=$cxxflags" "CFLAGS=$cxxflags")
  ./configure --disable-wallet --without-gui --disable-bench --disable-fuzz-binary ${flags[@]+"${flags[@]}"} >>"$log" 2>&1
  make -C src -j"$jobs" V=1 bitcoind test/test_bitcoin memusage/libmemusage.a >"$tree/check-core-make.log" 2>&1 \
    || { tail -n 40 "$tree/check-core-make.log"; exit 1; }
  test_bitcoin=src/test/test_bitcoin
  python3 "$here/check-objects.py" --tree "$tree" "${wanted[@]}" --make-log "$tree/check-core-make.log" --make-dir "$tree/src" | tail -n 20
fi
echo "build: $(((SECONDS - start) / 60)) min with -j$jobs"
echo "subpackage: $(ls -l "$(find "$tree" -name libmemusage.a | head -n 1)" | awk '{print $5}') bytes of libmemusage.a"

start=$SECONDS
set +e
"$test_bitcoin" --report_level=short --log_level=test_suite --color_output=no >"$tree/check-core-tests.log" 2>&1
status=$?
set -e
# The summary lines, whatever they find: a count of nothing is no reason to stop here.
{ grep -E 'test cases? out of|skipped|Leaving test suite' "$tree/check-core-tests.log" | grep -vE 'Leaving test suite' | tail -n 5; } || true
{ grep -cE 'Leaving test suite "[a-z_0-9]+_tests"' "$tree/check-core-tests.log" | sed 's/$/ suites left/'; } || true
{ grep -E 'error: |failure' "$tree/check-core-tests.log" | grep -v 'Entering test case\|Leaving test case' | head -n 20; } || true
echo "unit suite: exit $status, $(((SECONDS - start) / 60)) min"
exit "$status"
