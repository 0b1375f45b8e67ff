#!/bin/sh
# Runs the already built fuzz_prevector (./configure --enable-fuzz with CXX=clang++, then make)
# for a bounded time, on a scratch copy of the seed corpus so that the committed seeds never
# change. Exits non-zero when libFuzzer finds a crash; the reproducer is left in the current
# directory (crash-*), to be replayed with ./fuzz_prevector crash-...
#
# usage: fuzz/run.sh [SECONDS] [FUZZER]     (defaults: 60, ./fuzz_prevector)
set -eu

seconds=${1:-60}
fuzzer=${2:-./fuzz_prevector}
srcdir=$(cd "$(dirname "$0")/.." && pwd)

if [ ! -x "$fuzzer" ]; then
    echo "$fuzzer is missing: CXX=clang++ ./configure --enable-fuzz && make fuzz_prevector" >&2
    exit 2
fi

corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
cp "$srcdir"/fuzz/corpus/prevector/* "$corpus"/

# -max_len: the seeds are small; longer inputs only repeat operations the 2000-step bound cuts.
"$fuzzer" -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 "$corpus"
