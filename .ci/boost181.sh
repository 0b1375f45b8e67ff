#!/usr/bin/env bash
# Unpacks Debian 12's Boost 1.81 headers (libboost1.81-dev) beside the system's default Boost
# (1.74), without installing them, so the tests can also be built where boost::unordered_flat_map
# and boost::unordered_flat_set exist (Boost 1.81; unordered_node_map/set need 1.82).
#
# Usage: .ci/boost181.sh [DIR]    (DIR defaults to ./ci-boost181; it is created if missing)
# The last line printed is the folder to pass to `./configure --with-boost=...`. AX_BOOST_BASE
# looks for the headers in <that folder>/include, and the package keeps them in usr/include, so
# that folder is DIR/usr. Boost.Test is used header-only, so no libraries are needed.
set -eu

dest=${1:-ci-boost181}
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)

work=$(mktemp -d)
# apt-get fetches as the unprivileged _apt user where it exists, and warns if it cannot write here.
chown _apt "$work" 2>/dev/null || chmod 777 "$work"
trap 'rm -rf "$work"' EXIT

# `apt-get download` fetches the .deb into the current folder, without root and without
# installing; it needs the package lists, so a fresh container runs `apt-get update` first.
( cd "$work" && apt-get download -qq libboost1.81-dev ) || {
  echo "apt-get download libboost1.81-dev failed (run apt-get update first; Debian 12 has it)" >&2
  exit 1
}
dpkg -x "$work"/libboost1.81-dev_*.deb "$dest"

version=$(sed -n 's/^#define BOOST_VERSION \([0-9]*\).*/\1/p' "$dest/usr/include/boost/version.hpp")
if [ "$version" != 108100 ]; then
  echo "unexpected BOOST_VERSION '$version' in $dest/usr/include/boost/version.hpp" >&2
  exit 1
fi
echo "$dest/usr"
