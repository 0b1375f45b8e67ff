// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_MEMUSAGE_CORE_VERSION_H
#define MEMUSAGE_MEMUSAGE_CORE_VERSION_H

/** The Bitcoin Core release whose behaviour this build reproduces where Core changed between
 *  releases: its major version, and for the 0.x releases the minor one (0.21 -> 21), so the
 *  numbers rise with time. A fork sets it to its base (./configure --with-core-version=MAJOR,
 *  CMake -DMEMUSAGE_CORE_VERSION=MAJOR; libmemusage.pc passes it on). Where nothing defines it,
 *  a header gets the newest Core this tree follows. What each era changes: doc/vendoring.md. */
#ifndef MEMUSAGE_CORE_VERSION
#define MEMUSAGE_CORE_VERSION 31
#endif

#if MEMUSAGE_CORE_VERSION < 10
#error "MEMUSAGE_CORE_VERSION is Core's major version (0.x releases: the minor, e.g. 21 for 0.21), from 10 on"
#endif

namespace memusage {

/** MEMUSAGE_CORE_VERSION, for reports. */
inline constexpr int CORE_VERSION{MEMUSAGE_CORE_VERSION};

} // namespace memusage

#endif // MEMUSAGE_MEMUSAGE_CORE_VERSION_H
