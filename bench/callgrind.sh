#!/bin/sh
# Instructions per operation for each prevector benchmark case and per DynamicUsage call, counted
# by callgrind: stable on a noisy shared machine where timings are not. Builds bench/count.cpp
# itself (no configure needed), runs it once under valgrind --tool=callgrind and prints markdown
# tables. With --baseline=DIR it also builds the same program against the headers of another
# checkout (DIR/src, e.g. `git worktree add /tmp/before HEAD~3`) and sets the two side by side:
# "never slower than before" is then a column of ratios at or below 1.00. DIR/src may hold just
# one header, such as Core's own prevector.h: whatever else the program includes comes from this
# tree's src/, searched after DIR/src.
#
# usage: bench/callgrind.sh [--baseline=DIR] [ITERATIONS]     (default 1000 runs of each case)
# environment: CXX (default g++), CXXFLAGS (default -O2 -gdwarf-4: valgrind 3.19 cannot read clang's DWARF 5),
# CXXSTD (default c++20)
set -eu

baseline=
case "${1:-}" in
    --baseline=*) baseline=${1#--baseline=}; shift ;;
esac
iterations=${1:-1000}
srcdir=$(cd "$(dirname "$0")/.." && pwd)
cxx=${CXX:-g++}
cxxflags=${CXXFLAGS:--O2 -gdwarf-4}
cxxstd=${CXXSTD:-c++20}

command -v valgrind >/dev/null || { echo "valgrind is missing: apt-get install valgrind" >&2; exit 1; }
if [ -n "$baseline" ] && [ ! -f "$baseline/src/prevector.h" ]; then
    echo "--baseline=$baseline: no src/prevector.h there" >&2
    exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Builds the counting program (bench/count.cpp and its units) against the headers in $1/src, runs it under callgrind and writes one line per
# dump to $2: "Case/Container/size instructions-per-run". Each dump file names its case in
# "desc: Trigger: Client Request: NAME" and holds its count in "summary:"; dumps are numbered in
# the order the cases ran, which the tables keep. The loop around each run adds about 3.
count_tree() {
    dir=$work/build-$(basename "$2")
    mkdir -p "$dir"
    # A header of another tree (Core's own prevector.h) has no drop-in mark, and
    # memusage/dropins.h refuses it beside ours: here the mix is the point, so mark it.
    marks=
    for h in prevector.h memusage.h indirectmap.h support/allocators/pool.h; do
        if [ -f "$1/src/$h" ] && ! grep -q 'MEMUSAGE_DROPIN_' "$1/src/$h"; then
            marks="$marks -DMEMUSAGE_DROPIN_$(echo "$h" | tr 'a-z/.' 'A-Z__')="
        fi
    done
    # Boost is header-only here; Google Benchmark is linked for its DoNotOptimize's sake only.
    for unit in count count_usage Prevector Vector SmallVector; do
        case $unit in
            count*) src=$unit.cpp; define= ;;
            *) src=count_cases.cpp; define=-DBENCH_CONTAINER=$unit ;;
        esac
        # shellcheck disable=SC2086
        "$cxx" -std="$cxxstd" $cxxflags $define $marks -Wall -Wextra -Werror -I"$1/src" -I"$srcdir/src" -I"$srcdir/bench" \
            -c "$srcdir/bench/$src" -o "$dir/$unit.o"
    done
    "$cxx" "$dir"/*.o -o "$dir/count" -lbenchmark -lpthread
    valgrind --tool=callgrind --callgrind-out-file="$dir/cg.out" "$dir/count" "$iterations" \
        >"$dir/stdout" 2>"$dir/valgrind.log" || { cat "$dir/valgrind.log" >&2; exit 1; }
    for f in $(cd "$dir" && ls cg.out.* | sort -t. -k3 -n); do
        awk '/^desc: Trigger: Client Request:/ { name = $5 } /^summary:/ { print name, $2 }' "$dir/$f"
    done | awk -v n="$iterations" '{ printf "%s %.1f\n", $1, $2 / n }' >"$2"
}

count_tree "$srcdir" "$work/after"
if [ -n "$baseline" ]; then
    count_tree "$baseline" "$work/before"
else
    : >"$work/before"
fi

echo "Instructions per operation (callgrind, $("$cxx" --version | head -n 1), -std=$cxxstd $cxxflags, $iterations runs each)"
[ -n "$baseline" ] && echo "before: the headers of $baseline"
echo
awk -v has_before="$([ -n "$baseline" ] && echo 1 || echo 0)" '
    FNR == NR { before[$1] = $2; next }
    {
        split($1, part, "/")
        if (part[1] == "DynamicUsage") {
            fam = part[3]
            if (!(fam in fseen)) { fseen[fam] = 1; forder[++fams] = fam }
            usage[fam, part[2]] = $2
            if ($1 in before) ubefore[fam, part[2]] = before[$1]
            next
        }
        key = part[1] " | " part[3]
        if (!(key in seen)) { seen[key] = 1; order[++keys] = key }
        count[key, part[2]] = $2
        if ($1 in before) pbefore[key, part[2]] = before[$1]
    }
    END {
        head = "| case | size | prevector | vector | small_vector | prevector/vector | prevector/small_vector |"
        rule = "|---|---:|---:|---:|---:|---:|---:|"
        if (has_before) { head = head " prevector before | after/before |"; rule = rule "---:|---:|" }
        print head; print rule
        worse = 0
        for (i = 1; i < keys + 1; ++i) {
            k = order[i]
            p = count[k, "Prevector"]; v = count[k, "Vector"]; s = count[k, "SmallVector"]
            line = sprintf("| %s | %.1f | %.1f | %.1f | %.2f | %.2f |", k, p, v, s, p / v, p / s)
            if (has_before) {
                b = pbefore[k, "Prevector"]
                line = line sprintf(" %.1f | %.3f |", b, p / b)
                if (p > b) ++worse
            }
            print line
        }
        print ""
        head = "| DynamicUsage of | ours | Core formula | ours/Core |"
        rule = "|---|---:|---:|---:|"
        if (has_before) { head = head " ours before | after/before |"; rule = rule "---:|---:|" }
        print head; print rule
        for (i = 1; i < fams + 1; ++i) {
            f = forder[i]
            o = usage[f, "Ours"]; c = usage[f, "Core"]
            line = sprintf("| %s | %.1f | %.1f | %.3f |", f, o, c, o / c)
            if (has_before) {
                b = ubefore[f, "Ours"]
                line = line sprintf(" %.1f | %.3f |", b, o / b)
                if (o > b) ++worse
            }
            print line
        }
        if (has_before) { print ""; print worse " rows above their baseline count" }
    }' "$work/before" "$work/after"
