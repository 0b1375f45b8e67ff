#!/bin/sh
# Plot what jemalloc, mimalloc or tcmalloc really reserves for each request size against Core's
# formula and that allocator's own model, from `memusage-probe --csv` run with the allocator
# preloaded (doc/accuracy.md shows the results). A sibling of plot-accuracy.sh, which plots glibc.
#
#   doc/plot-allocators.sh ALLOCATOR LIBRARY [PROBE [OUTPUT]]
#
# ALLOCATOR is jemalloc, mimalloc or tcmalloc; LIBRARY the shared object to preload, e.g.
# /usr/lib/x86_64-linux-gnu/libjemalloc.so.2. PROBE defaults to ./memusage-probe (any model:
# the CSV carries every model's figure), OUTPUT to doc/accuracy-ALLOCATOR.png. Needs gnuplot.
set -eu
allocator=$1
library=$2
probe=${3:-./memusage-probe}
output=${4:-doc/accuracy-$allocator.png}
case $allocator in
  jemalloc) column=8 ;;
  mimalloc) column=9 ;;
  tcmalloc) column=10 ;;
  *) echo "plot-allocators.sh: ALLOCATOR is jemalloc, mimalloc or tcmalloc" >&2; exit 2 ;;
esac
command -v gnuplot >/dev/null 2>&1 || { echo "plot-allocators.sh: gnuplot not found (Debian: apt-get install gnuplot-nox)" >&2; exit 1; }
csv=$(mktemp)
thin=$(mktemp)
trap 'rm -f "$csv" "$thin"' EXIT
LD_PRELOAD=$library "$probe" --csv --max=1M > "$csv"
LD_PRELOAD=$library "$probe" --check 2>/dev/null | grep -q "^allocator   $allocator" \
  || { echo "plot-allocators.sh: the probe does not run on $allocator with $library" >&2; exit 1; }
# About 64 sizes per doubling, evenly spaced, and every size where the real cost or a model
# changes (so the steps are drawn where they are).
awk -F, -v c="$column" 'NR > 1 {
  step = 1; while (step * 64 < $1) step *= 2
  if ($1 % step == 0 || $3 != real || $6 != core || $c != model) print
  real = $3; core = $6; model = $c }' "$csv" > "$thin"
platform=$(LD_PRELOAD=$library "$probe" --check 2>/dev/null | sed -n 's/^platform *//p; s/^allocator *//p' | tr '\n' ' ')

# Left: bytes over 1..1 MiB, log scales, where the size classes and Core's 16-byte steps part.
# Right: how far each model is from real, in percent of real.
gnuplot <<GNUPLOT
set terminal pngcairo size 1100,460 font "sans,10"
set output "$output"
set datafile separator ","
set key top left
set grid
set multiplot layout 1,2 title "Bytes reserved per malloc request: $allocator, Core's formula and the $allocator model\n$platform" noenhanced
set title "requests 1 B..1 MiB (log scales)"
set xlabel "request (bytes)"
set ylabel "bytes"
set logscale xy 2
set format x "%.0b %BB"
set format y "%.0b %BB"
set xrange [1:1048576]
set yrange [4:2097152]
plot "$thin" using 1:3 with steps lw 3 lc rgb "#333333" title "real ($allocator)", \
     "$thin" using 1:6 with steps lw 2 dt 2 lc rgb "#d95f02" title "core model", \
     "$thin" using 1:$column with steps lw 2 dt 3 lc rgb "#1b9e77" title "$allocator model"
set title "(model - real) / real"
set ylabel "percent of real"
unset logscale y
set yrange [*:*]
set format y "%g%%"
set yrange [-55:60]
plot "$thin" using 1:(100.0*(\$6-\$3)/\$3) with steps lw 1 lc rgb "#d95f02" title "core", \
     "$thin" using 1:(100.0*(\$$column-\$3)/\$3) with steps lw 2 lc rgb "#1b9e77" title "$allocator model"
unset multiplot
GNUPLOT
echo "plot-allocators.sh: wrote $output"
