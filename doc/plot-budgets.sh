#!/bin/sh
# Plot the node-shaped workloads of `memusage-probe --workload=coins,mempool --csv`: each way of
# charging a budget against the heap really in use, over the number of entries
# (doc/budgets.md shows the result and says how to read it).
#
#   doc/plot-budgets.sh [PROBE [OUTPUT [CSV]]]
#
# PROBE defaults to ./memusage-probe (run from the build tree), OUTPUT to doc/budgets.png. With
# CSV, an existing file of the probe's rows is plotted instead of running the probe (doc/budgets.csv
# is the run doc/budgets.md shows). Needs gnuplot (Debian: apt-get install gnuplot-nox).
set -eu
probe=${1:-./memusage-probe}
output=${2:-doc/budgets.png}
input=${3:-}
command -v gnuplot >/dev/null 2>&1 || { echo "plot-budgets.sh: gnuplot not found (Debian: apt-get install gnuplot-nox)" >&2; exit 1; }
csv=$(mktemp)
coins28=$(mktemp)
coins36=$(mktemp)
mempool=$(mktemp)
trap 'rm -f "$csv" "$coins28" "$coins36" "$mempool"' EXIT
if [ -n "$input" ]; then
  cp "$input" "$csv"
else
  "$probe" --workload=coins,mempool --csv > "$csv"
fi
# Columns: workload,entries,blocks,real,core_guess,core,exact,counter. Rows without a real heap
# figure (probe unsupported) cannot be plotted.
awk -F, '$1 == "coins N=28" && $4 != ""' "$csv" > "$coins28"
awk -F, '$1 == "coins N=36" && $4 != ""' "$csv" > "$coins36"
awk -F, '$1 == "mempool" && $4 != ""' "$csv" > "$mempool"
[ -s "$mempool" ] || [ -s "$coins28" ] || { echo "plot-budgets.sh: no row has a real heap figure" >&2; exit 1; }

gnuplot <<GNUPLOT
set terminal pngcairo size 1350,450 font "sans,10"
set output "$output"
set datafile separator ","
set key bottom right
set grid
set logscale x
set xlabel "entries"
set ylabel "(estimate - real) / real, per cent"
err(c) = (column(c) - column(4)) * 100.0 / column(4)
set multiplot layout 1,3 title "Each way of charging a node's budgets against the heap really in use (glibc mallinfo2)" noenhanced
set title "coins cache, prevector<28> scripts (Core up to 29)"
set yrange [-4:22]
plot "$coins28" using 2:(err(6)) with linespoints lw 2 pt 7 lc rgb "#d95f02" title "Core (= core model)", \
     "$coins28" using 2:(err(7)) with linespoints lw 2 pt 5 lc rgb "#1b9e77" title "exact model", \
     "$coins28" using 2:(err(8)) with linespoints lw 2 pt 9 dt 2 lc rgb "#7570b3" title "AccountingAllocator over the pool"
set title "coins cache, prevector<36> scripts (Core 30+)"
plot "$coins36" using 2:(err(6)) with linespoints lw 2 pt 7 lc rgb "#d95f02" title "Core (= core model)", \
     "$coins36" using 2:(err(7)) with linespoints lw 2 pt 5 lc rgb "#1b9e77" title "exact model", \
     "$coins36" using 2:(err(8)) with linespoints lw 2 pt 9 dt 2 lc rgb "#7570b3" title "AccountingAllocator over the pool"
set title "mempool: mapTx (2 hashed + 3 ordered) + mapNextTx"
set yrange [-20:2]
plot "$mempool" using 2:(err(5)) with linespoints lw 2 pt 7 lc rgb "#e7298a" title "Core (15-pointer guess)", \
     "$mempool" using 2:(err(6)) with linespoints lw 2 pt 7 lc rgb "#d95f02" title "core model", \
     "$mempool" using 2:(err(7)) with linespoints lw 2 pt 5 dt 3 lc rgb "#1b9e77" title "exact model", \
     "$mempool" using 2:(err(8)) with linespoints lw 1 pt 9 dt 2 lc rgb "#7570b3" title "AccountingAllocator"
unset multiplot
GNUPLOT
echo "plot-budgets.sh: wrote $output"
