#!/bin/sh
# Instructions per operation for each prevector benchmark case, counted by callgrind: stable on a
# noisy shared machine where timings are not. Builds bench/count.cpp itself (no configure needed),
# runs it once under valgrind --tool=callgrind and prints a markdown table.
#
# usage: bench/callgrind.sh [ITERATIONS]     (default 1000 runs of each case)
# environment: CXX (default g++), CXXFLAGS (default -O2 -g), CXXSTD (default c++20)
set -eu

iterations=${1:-1000}
srcdir=$(cd "$(dirname "$0")/.." && pwd)
cxx=${CXX:-g++}
cxxflags=${CXXFLAGS:--O2 -g}
cxxstd=${CXXSTD:-c++20}

command -v valgrind >/dev/null || { echo "valgrind is missing: apt-get install valgrind" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Boost is header-only here; Google Benchmark is linked for its DoNotOptimize's sake only.
# shellcheck disable=SC2086
"$cxx" -std="$cxxstd" $cxxflags -Wall -Wextra -Werror -I"$srcdir/src" "$srcdir/bench/count.cpp" \
    -o "$work/count" -lbenchmark -lpthread

valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$work/count" "$iterations" \
    >"$work/stdout" 2>"$work/valgrind.log" || { cat "$work/valgrind.log" >&2; exit 1; }

echo "Instructions per operation (callgrind, $("$cxx" --version | head -n 1), -std=$cxxstd $cxxflags, $iterations runs each)"
echo
# Each dump file names its case in "desc: Trigger: Client Request: Case/Container/size" and holds
# its instruction count in "summary:". The loop around Run() adds about 3 instructions.
# Dumps are numbered in the order the cases ran; keep that order.
for f in $(cd "$work" && ls cg.out.* | sort -t. -k3 -n); do
    awk '/^desc: Trigger: Client Request:/ { name = $5 } /^summary:/ { print name, $2 }' "$work/$f"
done | awk -v n="$iterations" '
    {
        split($1, part, "/")
        key = part[1] " | " part[3]
        if (!(key in seen)) { seen[key] = 1; order[++keys] = key }
        count[key, part[2]] = $2 / n
    }
    END {
        print "| case | size | prevector | vector | small_vector | prevector/vector | prevector/small_vector |"
        print "|---|---:|---:|---:|---:|---:|---:|"
        for (i = 1; i <= keys; ++i) {
            k = order[i]
            p = count[k, "Prevector"]; v = count[k, "Vector"]; s = count[k, "SmallVector"]
            printf "| %s | %.1f | %.1f | %.1f | %.2f | %.2f |\n", k, p, v, s, p / v, p / s
        }
    }'
