// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_TEST_UTIL_EXPECTED_H
#define MEMUSAGE_TEST_UTIL_EXPECTED_H

#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <cstdint>

// Helpers for tests whose expected figures are worked out by hand, once per pointer width.

/** Whether this build charges Core's numbers (the default malloc model). */
#if defined(MEMUSAGE_MALLOC_MODEL_EXACT) || defined(MEMUSAGE_MALLOC_MODEL_JEMALLOC) || defined(MEMUSAGE_MALLOC_MODEL_MIMALLOC) || \
    defined(MEMUSAGE_MALLOC_MODEL_TCMALLOC)
constexpr bool CORE_MODEL{false};
#else
constexpr bool CORE_MODEL{true};
#endif

/** Whether this build charges jemalloc's, mimalloc's or tcmalloc's size classes. */
#if defined(MEMUSAGE_MALLOC_MODEL_JEMALLOC) || defined(MEMUSAGE_MALLOC_MODEL_MIMALLOC) || defined(MEMUSAGE_MALLOC_MODEL_TCMALLOC)
constexpr bool SIZE_CLASS_MODEL{true};
#else
constexpr bool SIZE_CLASS_MODEL{false};
#endif

/** Decorates a test case that pins Core's numbers: under the other models Boost.Test reports it
 *  as skipped (never as passed); exact_tests and allocator_tests prove those models against real
 *  allocations. */
using CoreModelOnly = boost::unit_test::enable_if<CORE_MODEL>;

constexpr bool IS_64BIT{sizeof(void*) == 8};

/** Picks the hand-worked figure for this build's pointer width. */
constexpr size_t Pick(size_t on_64bit, size_t on_32bit) { return IS_64BIT ? on_64bit : on_32bit; }

/** 32-bit ABIs differ where a node holds an 8-byte scalar: i386 aligns int64_t and double to 4
 *  inside a struct, 32-bit ARM (EABI) to 8. */
constexpr bool WIDE_SCALARS_ALIGNED_TO_8{alignof(int64_t) == 8};

/** Picks the figure for 64-bit, i386-like 32-bit (int64_t aligned to 4) or ARM-like 32-bit
 *  (aligned to 8), for the figures where the two 32-bit ABIs differ. */
constexpr size_t Pick(size_t on_64bit, size_t on_i386, size_t on_arm32)
{
    return IS_64BIT ? on_64bit : WIDE_SCALARS_ALIGNED_TO_8 ? on_arm32 : on_i386;
}

/** Core's arithmetic as Core writes it (no saturation), for the parts whose sizes come from a
 *  container's own policy (bucket counts) rather than from the test. */
constexpr size_t CoreArithmetic(size_t alloc)
{
    if (alloc == 0) return 0;
    return IS_64BIT ? ((alloc + 31) >> 4) << 4 : ((alloc + 15) >> 3) << 3;
}

#endif // MEMUSAGE_TEST_UTIL_EXPECTED_H
