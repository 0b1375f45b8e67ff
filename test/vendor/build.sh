#!/bin/sh
# Builds the sample fork against a fresh export of this tree (committed HEAD, as a subtree
# would receive it) with autotools or CMake, then runs it. Usage: test/vendor/build.sh autotools|cmake [WORKDIR]
set -eu
era=$1
top=$(cd "$(dirname "$0")/../.." && pwd)
work=${2:-$(mktemp -d)}
rm -rf "$work/fork" && mkdir -p "$work/fork/src/memusage"
cp -R "$top/test/vendor/." "$work/fork/"
rm -f "$work/fork/build.sh"
if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
  git -C "$top" archive HEAD | tar -x -C "$work/fork/src/memusage"
else
  (cd "$top" && tar -cf - --exclude=./test/vendor .) | tar -x -C "$work/fork/src/memusage"
fi
cd "$work/fork"
case $era in
  autotools)
    autoreconf -fi
    mkdir build && cd build
    ../configure
    make
    ./samplefork
    ;;
  cmake)
    cmake -S . -B build
    cmake --build build
    ./build/samplefork
    ;;
  *) echo "usage: $0 autotools|cmake [WORKDIR]" >&2; exit 2 ;;
esac
