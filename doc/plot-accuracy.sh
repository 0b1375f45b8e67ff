#!/bin/sh
# Plot what glibc really charges for each request size against both malloc models, from
# `memusage-probe --csv` (doc/accuracy.md shows the result and says how to read it).
#
#   doc/plot-accuracy.sh [PROBE [OUTPUT]]
#
# PROBE defaults to ./memusage-probe (run from the build tree), OUTPUT to doc/accuracy.png.
# Needs gnuplot (Debian: apt-get install gnuplot-nox).
set -eu
probe=${1:-./memusage-probe}
output=${2:-doc/accuracy.png}
command -v gnuplot >/dev/null 2>&1 || { echo "plot-accuracy.sh: gnuplot not found (Debian: apt-get install gnuplot-nox)" >&2; exit 1; }
csv=$(mktemp)
small=$(mktemp)
large=$(mktemp)
trap 'rm -f "$csv" "$small" "$large"' EXIT
"$probe" --csv --max=512k > "$csv"
# Keep the plot small: every size up to 160 bytes; from 96 KiB on, every 16th byte-by-byte size
# (the steps are 16 bytes wide) and every coarse one.
awk -F, 'NR > 1 && $1 <= 160' "$csv" > "$small"
awk -F, 'NR > 1 && $1 >= 98304 && ($5 == 1 || $1 % 16 == 0)' "$csv" > "$large"
platform=$("$probe" | sed -n 's/^platform *//p; s/^C library *//p' | tr '\n' ' ')

# Left: the sawtooth of small requests, where the models differ by a step. Right: around the
# mmap threshold, where real costs jump to whole pages and both models fall short.
gnuplot <<GNUPLOT
set terminal pngcairo size 1100,460 font "sans,10"
set output "$output"
set datafile separator ","
set key top left
set grid
set multiplot layout 1,2 title "Bytes charged per malloc request: glibc against the two models ($platform)" noenhanced
set title "requests 1..160 bytes: 16-byte steps"
set xlabel "request (bytes)"
set ylabel "bytes"
set xrange [0:160]
set yrange [0:*]
plot "$small" using 1:3 with steps lw 3 lc rgb "#333333" title "real (glibc)", \
     "$small" using 1:6 with steps lw 2 dt 2 lc rgb "#d95f02" title "core model", \
     "$small" using 1:7 with steps lw 2 dt 3 lc rgb "#1b9e77" title "exact model"
set title "model - real around the mmap threshold (request in KiB)"
set xlabel "request (KiB)"
set ylabel "model - real (bytes)"
set xrange [96:512]
set yrange [-4500:500]
plot "$large" using (\$1/1024.0):(\$6-\$3) with points pt 7 ps 0.8 lc rgb "#d95f02" title "core - real", \
     "$large" using (\$1/1024.0):(\$7-\$3) with points pt 7 ps 0.4 lc rgb "#1b9e77" title "exact - real"
unset multiplot
GNUPLOT
echo "plot-accuracy.sh: wrote $output"
