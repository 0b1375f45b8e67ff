#!/bin/sh
# Draw the usage tree of `memusage-probe --workload=node --report=folded` as an icicle chart:
# one row per level of the tree, each node a bar as wide as its bytes, the top level above
# (doc/api.md shows the result and says how to read it).
#
#   doc/plot-node.sh [PROBE [OUTPUT [FOLDED]]]
#
# PROBE defaults to ./memusage-probe (run from the build tree), OUTPUT to doc/node.png. With
# FOLDED, an existing file of folded stacks ("a;b;c BYTES" lines, any tool's) is drawn instead of
# running the probe. Names are percent-decoded as UsageReport::ToFolded encodes them. Needs
# gnuplot (Debian: apt-get install gnuplot-nox).
set -eu
probe=${1:-./memusage-probe}
output=${2:-doc/node.png}
input=${3:-}
command -v gnuplot >/dev/null 2>&1 || { echo "plot-node.sh: gnuplot not found (Debian: apt-get install gnuplot-nox)" >&2; exit 1; }
folded=$(mktemp)
boxes=$(mktemp)
labels=$(mktemp)
trap 'rm -f "$folded" "$boxes" "$labels"' EXIT
if [ -n "$input" ]; then
  cp "$input" "$folded"
else
  "$probe" --workload=node --report=folded > "$folded"
fi
[ -s "$folded" ] || { echo "plot-node.sh: no folded stacks to draw" >&2; exit 1; }
title=$("$probe" --workload=node --report=json 2>/dev/null | sed -n 's/.*"model":"\([^"]*\)","allocator":"\([^"]*\)","transactions":\([0-9]*\),"real":\([0-9a-z]*\),"unaccounted":\([-0-9a-z]*\),.*/compiled model \1; \3 transaction references; heap really in use (\2, ReadHeapStats): \4 bytes, unaccounted: \5/p' || true)
[ -n "$input" ] && title="$input"

# Each line takes the next stretch of the x axis; at each depth, consecutive lines with the same
# frames up to that depth merge into one box. Output: depth, from, to (MiB), colour, name.
awk '
function decode(s,    out, i, c, h) {
  out = ""
  for (i = 1; i <= length(s); i++) {
    c = substr(s, i, 1)
    if (c == "%" && i + 2 <= length(s)) {
      h = toupper(substr(s, i + 1, 2))
      out = out sprintf("%c", index("0123456789ABCDEF", substr(h, 1, 1)) * 16 - 17 + index("0123456789ABCDEF", substr(h, 2, 1)))
      i += 2
    } else out = out c
  }
  return out
}
function flush(d) { if (key[d] != "") printf "%d\t%.6f\t%.6f\t%s\t%s\n", d, start[d], end[d], colour[d], name[d] }
BEGIN { split("#1b9e77 #d95f02 #7570b3 #e7298a #66a61e #e6ab02 #a6761d #666666", palette, " ") }
{
  count = $NF; stack = $0; sub(/ [0-9]+$/, "", stack)
  n = split(stack, frames, ";")
  x0 = total; total += count / 1048576
  prefix = ""
  for (d = 1; d <= n; d++) {
    prefix = prefix ";" frames[d]
    if (d == 1 && !(frames[1] in top)) top[frames[1]] = ++tops
    if (key[d] == prefix && end[d] == x0) { end[d] = total; continue }
    for (k = d; k <= depth; k++) { flush(k); key[k] = "" }
    key[d] = prefix; start[d] = x0; end[d] = total; name[d] = decode(frames[d])
    colour[d] = palette[(top[frames[1]] - 1) % 8 + 1]
  }
  for (k = n + 1; k <= depth; k++) { flush(k); key[k] = "" }
  if (n > depth) depth = n
}
END { for (k = 1; k <= depth; k++) flush(k); printf "# total %.6f\n", total }
' "$folded" | tr -d '"' > "$boxes"
total=$(sed -n 's/^# total //p' "$boxes")
# Names only where the box is wide enough to hold them.
awk -F'\t' -v total="$total" '!/^#/ && ($3 - $2) > total / 30 {
  w = $3 - $2
  printf "%.6f\t%d\t%s\n", ($2 + $3) / 2, $1, (w > total / 8 ? sprintf("%s (%.1f MiB)", $5, w) : $5)
}' "$boxes" > "$labels"
depth=$(awk -F'\t' '!/^#/ && $1 > d { d = $1 } END { print d }' "$boxes")

gnuplot <<GNUPLOT
set terminal pngcairo size 1350,$((140 + 70 * depth)) font "sans,10"
set output "$output"
set datafile separator "\t"
set title "A node's memory by structure (memusage-probe --workload=node --report=folded, one shared context)\n$title" noenhanced
set xlabel "MiB (each bar as wide as what it holds; a row per level of the tree)"
set xrange [0:$total]
set yrange [$depth + 0.5:0.5]
set ytics 1
set ylabel "depth"
set grid x
unset key
set style fill solid 0.85 border rgb "white"
plot "$boxes" using ((\$2 + \$3) / 2):1:((\$3 - \$2) / 2):(0.45):(int("0x" . substr(strcol(4), 2, 7))) with boxxyerror lc rgb variable, \
     "$labels" using 1:2:3 with labels font "sans,9" noenhanced
GNUPLOT
echo "plot-node.sh: wrote $output"
