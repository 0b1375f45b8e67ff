#!/bin/sh
# Runs the doc examples and compares what they print with the figures worked out by hand in
# doc/examples/<name>.<bits>[.exact[.arm]|.sizeclass].expected, picking the file for the word size the examples
# were built for (ELF class byte: 1 is 32-bit, 2 is 64-bit) and the malloc model the build
# compiled in (MEMUSAGE_MALLOC_MODEL, set by make check and ctest). A cross build runs them
# through MEMUSAGE_TEST_RUNNER (qemu-user, wine) and names them with MEMUSAGE_EXEEXT (.exe).
set -u
srcdir=${srcdir:-.}
case ${MEMUSAGE_MALLOC_MODEL:-core} in
  core) model_suffix= ;;
  exact) model_suffix=.exact ;;
  jemalloc|mimalloc|tcmalloc) model_suffix=.sizeclass ;; # the three agree on every size these examples allocate
  *) echo "FAIL: unknown MEMUSAGE_MALLOC_MODEL '$MEMUSAGE_MALLOC_MODEL'"; exit 1 ;;
esac
runner=${MEMUSAGE_TEST_RUNNER:-}

# word_size BINARY: 32 or 64.
. "$srcdir/test/util/word_size.sh"

status=0
for example in basic recursive budget; do
  binary=doc/examples/$example${MEMUSAGE_EXEEXT:-}
  bits=$(word_size "$binary")
  if [ -z "$bits" ]; then
    echo "FAIL: $example (cannot tell the word size of $binary)"; status=1; continue
  fi
  # 32-bit ARM's glibc steps in 8 bytes where i386's steps in 16 (ELF machine 40 is ARM): the
  # exact model's figures there have their own file.
  host_suffix=
  if [ "$model_suffix" = .exact ] && [ "$bits" = 32 ] && [ "$(od -An -tu1 -j18 -N1 "$binary" | tr -d ' ')" = 40 ]; then
    host_suffix=.arm
  fi
  # Windows' C runtime ends lines with CR LF; the expected figures do not depend on it.
  # shellcheck disable=SC2086 # the runner is a command with its arguments
  if $runner "./$binary" | tr -d '\r' | diff -u "$srcdir/doc/examples/$example.$bits$model_suffix$host_suffix.expected" -; then
    echo "PASS: $example"
  else
    echo "FAIL: $example"
    status=1
  fi
done
exit $status
