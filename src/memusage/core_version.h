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
#if MEMUSAGE_CORE_VERSION > 32
#error "MEMUSAGE_CORE_VERSION is at most 32 (Core master after v31, as of 58a7869f86): no newer Core code has been read"
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
/** prevector: == compares elements with T's == (master after v31, PR 33772, std::ranges::equal);
 *  every release through v31 looks for a difference with T's !=. */
#define MEMUSAGE_ERA_PREVECTOR_EQUALITY_BY_EQ (MEMUSAGE_CORE_VERSION >= 32)
/** prevector: operator< is lexicographic, as std::vector's. No era's default: every Core release
 *  and master up to 58a7869f86 (2026-08-21) order by size first. Only the opt-in
 *  MEMUSAGE_PREVECTOR_LEXICOGRAPHIC_ORDER=1 selects it, after a commit of a Core contributor's
 *  fork ("prevector: compare lexicographically", l0rinc/bitcoin 8e35974acb) that no Core master
 *  contains. */
#if defined(MEMUSAGE_PREVECTOR_LEXICOGRAPHIC_ORDER) && MEMUSAGE_PREVECTOR_LEXICOGRAPHIC_ORDER
#define MEMUSAGE_ERA_PREVECTOR_LEXICOGRAPHIC 1
#else
#define MEMUSAGE_ERA_PREVECTOR_LEXICOGRAPHIC 0
#endif
/** PoolResource poisons free memory under AddressSanitizer (v30, PR 32581). */
#define MEMUSAGE_ERA_POOL_POISONS (MEMUSAGE_CORE_VERSION >= 30)

// The band: every Core release whose four files behave as this era on every row above, and the
// era that stands for it (its newest release); contrib/vendor/era-of.sh names the same bands.
#if MEMUSAGE_CORE_VERSION < 14
#define MEMUSAGE_CORE_ERA_BAND "0.10 to 0.13"
#define MEMUSAGE_CORE_ERA_PICK 13
#elif MEMUSAGE_CORE_VERSION < 17
#define MEMUSAGE_CORE_ERA_BAND "0.14 to 0.16"
#define MEMUSAGE_CORE_ERA_PICK 16
#elif MEMUSAGE_CORE_VERSION < 20
#define MEMUSAGE_CORE_ERA_BAND "0.17 to 0.19"
#define MEMUSAGE_CORE_ERA_PICK 19
#elif MEMUSAGE_CORE_VERSION < 26
#define MEMUSAGE_CORE_ERA_BAND "0.20 to 25"
#define MEMUSAGE_CORE_ERA_PICK 25
#elif MEMUSAGE_CORE_VERSION < 30
#define MEMUSAGE_CORE_ERA_BAND "26 to 29"
#define MEMUSAGE_CORE_ERA_PICK 29
#elif MEMUSAGE_CORE_VERSION < 32
#define MEMUSAGE_CORE_ERA_BAND "30 and 31"
#define MEMUSAGE_CORE_ERA_PICK 31
#else
#define MEMUSAGE_CORE_ERA_BAND "master after 31"
#define MEMUSAGE_CORE_ERA_PICK 32
#endif

namespace memusage {

/** MEMUSAGE_CORE_VERSION, for reports. */
inline constexpr int CORE_VERSION{MEMUSAGE_CORE_VERSION};

/** The Core releases that behave as this era does ("0.20 to 25"), and the era that stands for
 *  them: builds of any era in the band behave alike. */
inline constexpr const char* CORE_ERA_BAND{MEMUSAGE_CORE_ERA_BAND};
inline constexpr int CORE_ERA_PICK{MEMUSAGE_CORE_ERA_PICK};

} // namespace memusage

#endif // MEMUSAGE_MEMUSAGE_CORE_VERSION_H
