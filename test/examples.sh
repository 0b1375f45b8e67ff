#!/bin/sh
# Runs the doc examples and compares what they print with the figures worked out by hand in
# doc/examples/<name>.<bits>[.exact|.sizeclass].expected, picking the file for the word size the examples
# were built for (ELF class byte: 1 is 32-bit, 2 is 64-bit) and the malloc model the build
# compiled in (MEMUSAGE_MALLOC_MODEL, set by make check and ctest).
set -u
srcdir=${srcdir:-.}
case ${MEMUSAGE_MALLOC_MODEL:-core} in
  core) model_suffix= ;;
  exact) model_suffix=.exact ;;
  jemalloc|mimalloc|tcmalloc) model_suffix=.sizeclass ;; # the three agree on every size these examples allocate
  *) echo "FAIL: unknown MEMUSAGE_MALLOC_MODEL '$MEMUSAGE_MALLOC_MODEL'"; exit 1 ;;
esac
status=0
for example in basic recursive budget; do
  binary=doc/examples/$example
  class=$(od -An -tu1 -j4 -N1 "$binary" | tr -d ' ')
  case $class in
    1) bits=32 ;;
    2) bits=64 ;;
    *) echo "FAIL: $example (cannot tell the word size of $binary)"; status=1; continue ;;
  esac
  if "./$binary" | diff -u "$srcdir/doc/examples/$example.$bits$model_suffix.expected" -; then
    echo "PASS: $example"
  else
    echo "FAIL: $example"
    status=1
  fi
done
exit $status
