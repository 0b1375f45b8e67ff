// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_TEST_UTIL_ERA_H
#define MEMUSAGE_TEST_UTIL_ERA_H

#include <memusage/core_version.h>

#include <cstddef>
#include <vector>

// prevector's rules in the era this build reproduces, stated again from Core's files of each
// release (doc/vendoring.md) for the tests' models, independently of prevector.h's own switches.

/** How a prevector moves: from Core v26 it takes the source's storage and empties it (PR 27334);
 *  from v0.14 to v25 it swaps with the source (PR 9349); before v0.14 there are no move
 *  operations, so an rvalue is copied. */
enum class EraMove { COPY, SWAP, STEAL };
constexpr EraMove ERA_MOVE{MEMUSAGE_CORE_VERSION >= 26 ? EraMove::STEAL : MEMUSAGE_CORE_VERSION >= 14 ? EraMove::SWAP : EraMove::COPY};

/** Copy assignment sizes the target exactly to the source before Core v0.17 (PR 12549); from then
 *  on it keeps a larger buffer, as assign() does. */
constexpr bool COPY_ASSIGN_EXACT{MEMUSAGE_CORE_VERSION < 17};

/** prevector's == compares elements with T's == in Core master after v31 (PR 33772), era 32;
 *  every release through v31 looks for a difference with T's !=. */
constexpr bool EQUALITY_BY_EQ{MEMUSAGE_CORE_VERSION >= 32};

/** Lexicographic order, as std::vector's, only where the build opts in with
 *  MEMUSAGE_PREVECTOR_LEXICOGRAPHIC_ORDER=1: no Core era has it. */
#if defined(MEMUSAGE_PREVECTOR_LEXICOGRAPHIC_ORDER) && MEMUSAGE_PREVECTOR_LEXICOGRAPHIC_ORDER
constexpr bool LEXICOGRAPHIC_ORDER{true};
#else
constexpr bool LEXICOGRAPHIC_ORDER{false};
#endif

/** prevector's operator<: size first, then element by element, in every Core release and in
 *  master up to 58a7869f86 (2026-08-21), so in every era; lexicographic only with the opt-in.
 *  Written out element by element rather than through std::vector's operator<, which GCC 12's
 *  C++20 library gets wrong for wide elements on big-endian hosts. */
template <typename T>
bool CoreLess(const std::vector<T>& x, const std::vector<T>& y)
{
    if (!LEXICOGRAPHIC_ORDER && x.size() != y.size()) return x.size() < y.size();
    for (std::size_t i{0}; i < x.size() && i < y.size(); ++i) {
        if (x[i] < y[i]) return true;
        if (y[i] < x[i]) return false;
    }
    return x.size() < y.size();
}

#endif // MEMUSAGE_TEST_UTIL_ERA_H
