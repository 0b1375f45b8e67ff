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

// Each rule that differs by era, as the headers apply it. doc/vendoring.md gives each row's
// release, PR and the file it was read from.

/** prevector: the whole class byte-packed, size first, alignof 1 (before v0.20, PR 17708). */
#define MEMUSAGE_ERA_PREVECTOR_PACKED (MEMUSAGE_CORE_VERSION < 20)
/** prevector: copy assignment sizes the target exactly (before v0.17, PR 12549). */
#define MEMUSAGE_ERA_PREVECTOR_EXACT_COPY_ASSIGN (MEMUSAGE_CORE_VERSION < 17)
/** prevector: moves swap with the source (v0.14, PR 9349); before, there are none. */
#define MEMUSAGE_ERA_PREVECTOR_MOVE_SWAPS (MEMUSAGE_CORE_VERSION >= 14 && MEMUSAGE_CORE_VERSION < 26)
/** prevector: moves are noexcept and take the source's storage (v26, PR 27334). */
#define MEMUSAGE_ERA_PREVECTOR_MOVE_STEALS (MEMUSAGE_CORE_VERSION >= 26)
/** prevector: operator< is lexicographic; every release through v31 orders by size first. */
#define MEMUSAGE_ERA_PREVECTOR_LEXICOGRAPHIC (MEMUSAGE_CORE_VERSION >= 32)
/** PoolResource poisons free memory under AddressSanitizer (v30, PR 32581). */
#define MEMUSAGE_ERA_POOL_POISONS (MEMUSAGE_CORE_VERSION >= 30)

namespace memusage {

/** MEMUSAGE_CORE_VERSION, for reports. */
inline constexpr int CORE_VERSION{MEMUSAGE_CORE_VERSION};

} // namespace memusage

#endif // MEMUSAGE_MEMUSAGE_CORE_VERSION_H
