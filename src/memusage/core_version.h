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

// The range starts at Core 0.12, the first release with prevector.h: Core 0.10 has none of the
// four files, and 0.11 only a memusage.h whose catch-all DynamicUsage(const X&) (x's own
// DynamicMemoryUsage()) and RecursiveDynamicUsage templates Core replaced in 0.12. A fork that
// kept them keeps them in a header of its own (doc/vendoring.md).
#if MEMUSAGE_CORE_VERSION < 12
#error "MEMUSAGE_CORE_VERSION is Core's major version (0.x releases: the minor, e.g. 21 for 0.21), from 12 (Core 0.12, the first with prevector.h) on"
#endif
#if MEMUSAGE_CORE_VERSION > 32
#error "MEMUSAGE_CORE_VERSION is at most 32 (Core master after v31, as of 58a7869f86): no newer Core code has been read"
#endif

// The releases where Core's four files changed in a way the era switches: each stated once,
// here, for the headers' rules below and for contrib/vendor/era-of.cpp's bands. doc/vendoring.md
// gives each one's PR and the file it was read from.

/** prevector gains move operations that swap with the source (v0.14, PR 9349). */
#define MEMUSAGE_ERA_SINCE_MOVE_SWAPS 14
/** memusage.h's boost::unordered_set/map overloads are gone (v0.15, PR 10248). */
#define MEMUSAGE_ERA_SINCE_NO_BOOST_UNORDERED 15
/** prevector's copy assignment keeps a larger buffer (v0.17, PR 12549). */
#define MEMUSAGE_ERA_SINCE_ASSIGN_KEEPS_BUFFER 17
/** prevector: only the union packed, aligned as a pointer (v0.20, PR 17708). */
#define MEMUSAGE_ERA_SINCE_ALIGNED_LAYOUT 20
/** prevector's moves are noexcept and take the source's storage (v26, PR 27334). */
#define MEMUSAGE_ERA_SINCE_MOVE_STEALS 26
/** PoolResource poisons free memory under AddressSanitizer (v30, PR 32581). */
#define MEMUSAGE_ERA_SINCE_POOL_POISONS 30
/** prevector's == compares with T's == (master after v31, PR 33772). */
#define MEMUSAGE_ERA_SINCE_EQUALITY_BY_EQ 32

// Each rule that differs by era, as the headers apply it.

/** prevector: the whole class byte-packed, size first, alignof 1. */
#define MEMUSAGE_ERA_PREVECTOR_PACKED (MEMUSAGE_CORE_VERSION < MEMUSAGE_ERA_SINCE_ALIGNED_LAYOUT)
/** prevector: copy assignment sizes the target exactly. */
#define MEMUSAGE_ERA_PREVECTOR_EXACT_COPY_ASSIGN (MEMUSAGE_CORE_VERSION < MEMUSAGE_ERA_SINCE_ASSIGN_KEEPS_BUFFER)
/** prevector: moves swap with the source; before, there are none. */
#define MEMUSAGE_ERA_PREVECTOR_MOVE_SWAPS (MEMUSAGE_CORE_VERSION >= MEMUSAGE_ERA_SINCE_MOVE_SWAPS && MEMUSAGE_CORE_VERSION < MEMUSAGE_ERA_SINCE_MOVE_STEALS)
/** prevector: moves are noexcept and take the source's storage. */
#define MEMUSAGE_ERA_PREVECTOR_MOVE_STEALS (MEMUSAGE_CORE_VERSION >= MEMUSAGE_ERA_SINCE_MOVE_STEALS)
/** prevector: == compares elements with T's == (std::ranges::equal); every release through v31
 *  looks for a difference with T's !=. */
#define MEMUSAGE_ERA_PREVECTOR_EQUALITY_BY_EQ (MEMUSAGE_CORE_VERSION >= MEMUSAGE_ERA_SINCE_EQUALITY_BY_EQ)
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
/** PoolResource poisons free memory under AddressSanitizer. */
#define MEMUSAGE_ERA_POOL_POISONS (MEMUSAGE_CORE_VERSION >= MEMUSAGE_ERA_SINCE_POOL_POISONS)
/** memusage.h declares Core's boost::unordered_set/map overloads (and includes Boost's headers
 *  for them), as Core's did through 0.14, where CCoinsMap was a boost::unordered_map. Kept
 *  through the whole band 0.14 to 0.16, whose era (16) a 0.14 fork is given: a 0.15 or 0.16
 *  fork gains overloads it never calls. */
#define MEMUSAGE_ERA_BOOST_UNORDERED (MEMUSAGE_CORE_VERSION < MEMUSAGE_ERA_SINCE_ASSIGN_KEEPS_BUFFER)

namespace memusage {

/** Core releases whose four files behave alike on every row of the era table, named as a
 *  maintainer would say it; the era that stands for them is the newest, m_last. */
struct CoreEraBand {
    int m_first;
    int m_last;
    const char* m_name;
};

/** The bands, oldest first: each starts where one of the releases above changed a rule. */
inline constexpr CoreEraBand CORE_ERA_BANDS[]{
    {12, MEMUSAGE_ERA_SINCE_MOVE_SWAPS - 1, "0.12 and 0.13"},
    {MEMUSAGE_ERA_SINCE_MOVE_SWAPS, MEMUSAGE_ERA_SINCE_ASSIGN_KEEPS_BUFFER - 1, "0.14 to 0.16"},
    {MEMUSAGE_ERA_SINCE_ASSIGN_KEEPS_BUFFER, MEMUSAGE_ERA_SINCE_ALIGNED_LAYOUT - 1, "0.17 to 0.19"},
    {MEMUSAGE_ERA_SINCE_ALIGNED_LAYOUT, MEMUSAGE_ERA_SINCE_MOVE_STEALS - 1, "0.20 to 25"},
    {MEMUSAGE_ERA_SINCE_MOVE_STEALS, MEMUSAGE_ERA_SINCE_POOL_POISONS - 1, "26 to 29"},
    {MEMUSAGE_ERA_SINCE_POOL_POISONS, MEMUSAGE_ERA_SINCE_EQUALITY_BY_EQ - 1, "30 and 31"},
    {MEMUSAGE_ERA_SINCE_EQUALITY_BY_EQ, 32, "master after 31"},
};

/** The band that holds era (which core_version.h has checked is in range). */
constexpr const CoreEraBand& CoreEraBandOf(int era)
{
    for (const CoreEraBand& band : CORE_ERA_BANDS) {
        if (era <= band.m_last) return band;
    }
    return CORE_ERA_BANDS[sizeof(CORE_ERA_BANDS) / sizeof(CORE_ERA_BANDS[0]) - 1];
}

/** MEMUSAGE_CORE_VERSION, for reports. */
inline constexpr int CORE_VERSION{MEMUSAGE_CORE_VERSION};

/** The Core releases that behave as this era does ("0.20 to 25"), and the era that stands for
 *  them: builds of any era in the band behave alike. */
inline constexpr const char* CORE_ERA_BAND{CoreEraBandOf(CORE_VERSION).m_name};
inline constexpr int CORE_ERA_PICK{CoreEraBandOf(CORE_VERSION).m_last};

} // namespace memusage

#endif // MEMUSAGE_MEMUSAGE_CORE_VERSION_H
