// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

// memusage-probe's workloads at small sizes: the AccountingAllocator's counter against the
// formulas, the blocks each shape must hold (counted by hand), Core's figures against this
// library's, and, where glibc's mallinfo2 can be read, the exact model against the real heap.
#include <memusage/workloads.h>

#include <memusage.h>
#include <memusage/probe.h>

#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <cstdlib>
#include <vector>

namespace {

using memusage::workloads::WorkloadSample;

} // namespace

BOOST_AUTO_TEST_SUITE(workloads_tests)

BOOST_AUTO_TEST_CASE(real_heap_is_read_where_the_probe_measures)
{
    // The heap is read exactly where the probe can measure (glibc 2.33+ through mallinfo2, or
    // jemalloc, mimalloc and tcmalloc through their own statistics; no sanitizer or valgrind
    // allocator); elsewhere the real column stays empty and the checks below against it are not made.
    const bool readable{memusage::workloads::HeapInUse().has_value()};
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    BOOST_CHECK_EQUAL(readable, memusage::probe::IsSupported());
#else
    BOOST_CHECK(!readable);
#endif
    if (!readable) BOOST_TEST_MESSAGE("the real heap cannot be read here: the workloads' checks against it are not made");
}

BOOST_AUTO_TEST_CASE(script_lengths_follow_the_mix)
{
    using memusage::workloads::ScriptLength;
    BOOST_CHECK_EQUAL(ScriptLength(0, 0), 22U);
    BOOST_CHECK_EQUAL(ScriptLength(31, 0), 22U);
    BOOST_CHECK_EQUAL(ScriptLength(32, 0), 25U);
    BOOST_CHECK_EQUAL(ScriptLength(56, 0), 23U);
    BOOST_CHECK_EQUAL(ScriptLength(68, 0), 34U);
    BOOST_CHECK_EQUAL(ScriptLength(90, 0), 35U);
    BOOST_CHECK_EQUAL(ScriptLength(92, 0), 105U);
    BOOST_CHECK_EQUAL(ScriptLength(94, 0), 40U);
    BOOST_CHECK_EQUAL(ScriptLength(99, 160), 200U);
    BOOST_CHECK_EQUAL(ScriptLength(99, 161), 40U);
}

BOOST_AUTO_TEST_CASE(mempool_counter_equals_the_formula)
{
    if (!memusage::workloads::HaveMempool()) {
        BOOST_TEST_MESSAGE("built without Boost.MultiIndex: no mempool workload");
        BOOST_CHECK(memusage::workloads::RunMempool({10}).empty());
        return;
    }
    const auto samples{memusage::workloads::RunMempool({0, 1, 100, 3000})};
    BOOST_REQUIRE_EQUAL(samples.size(), 4U);
    for (const WorkloadSample& s : samples) {
        BOOST_TEST_CONTEXT("mempool of " << s.m_entries)
        {
            // The counter sees every block of both containers: it is the formula, to the byte.
            BOOST_CHECK_EQUAL(s.m_counter, s.m_compiled);
            // One node per entry, two mapNextTx nodes per entry, the header, two bucket arrays.
            BOOST_CHECK_EQUAL(s.m_blocks, 3 * s.m_entries + 1 + 2);
            // Core's guess leaves out the header and the bucket arrays.
            BOOST_CHECK_LT(s.m_core_guess, s.m_core);
            if (s.m_real && s.m_allocator_model) {
                // jemalloc, mimalloc, tcmalloc: their statistics count the size class of each live
                // block, which is what their model charges.
                BOOST_CHECK_EQUAL(*s.m_real, *s.m_allocator_model);
            } else if (s.m_real) {
                // Every block is a heap chunk here (the largest, 3000 entries' buckets, is about
                // 25 KiB, far below the mmap threshold), so the exact model is the heap's sum to
                // the byte, except for blocks freed on the way that glibc's per-thread cache
                // still counts as in use: each rehash frees the old bucket arrays of both
                // hashed indices, at most 1 KiB each into the cache, at most 7 per size.
                const long diff{static_cast<long>(*s.m_real) - static_cast<long>(s.m_exact)};
                BOOST_TEST_MESSAGE("mempool of " << s.m_entries << ": real " << *s.m_real << ", exact " << s.m_exact);
                BOOST_CHECK_GE(diff, 0L);
                BOOST_CHECK_LE(diff, 2 * 7 * 1040L);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(coins_core_figure_is_the_pool_formula)
{
    for (const unsigned n : {28U, 36U}) {
        const auto samples{memusage::workloads::RunCoins(n, {1000, 20000})};
        BOOST_REQUIRE_EQUAL(samples.size(), 2U);
        for (const WorkloadSample& s : samples) {
            BOOST_TEST_CONTEXT("coins N=" << n << " of " << s.m_entries)
            {
                BOOST_CHECK_EQUAL(s.m_entries, s.m_entries == 1000 ? 1000U : 20000U);
                BOOST_CHECK_EQUAL(s.m_core_guess, s.m_core);
                // The counter sees one request per node and the bucket array, nothing else.
                BOOST_CHECK_EQUAL(s.m_blocks, s.m_entries + 1);
                // Each node request is charged as a block of its own: at least the pooled
                // bytes, which the chunks hold with no header, so the counter exceeds the
                // pool's nodes. (The chunks' unused tail can make the pool formula larger.)
                BOOST_CHECK_GT(s.m_counter, 0U);
                if (s.m_real && s.m_allocator_model) {
                    BOOST_CHECK_EQUAL(*s.m_real, *s.m_allocator_model); // as for the mempool
                } else if (s.m_real) {
                    BOOST_TEST_MESSAGE("coins N=" << n << " of " << s.m_entries << ": real " << *s.m_real << ", exact " << s.m_exact
                                                  << ", core " << s.m_core << ", counter " << s.m_counter);
                    // The exact model charges the pool's chunks as heap chunks; glibc serves a
                    // 256 KiB chunk by mmap while its threshold is below it, at most one page
                    // and 16 bytes more each (doc/accuracy.md). Freed buckets cached per thread
                    // add at most 7 blocks of at most 1 KiB.
                    const long diff{static_cast<long>(*s.m_real) - static_cast<long>(s.m_exact)};
                    BOOST_CHECK_GE(diff, 0L);
                    const size_t chunks{(s.m_entries * 128) / 262144 + 2};
                    BOOST_CHECK_LE(diff, static_cast<long>(chunks * 4112 + 7 * 1040));
                }
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(unknown_workload_is_refused)
{
    BOOST_CHECK(!memusage::workloads::RunWorkloads("coins,nodes", false, {}));
    BOOST_CHECK(memusage::workloads::ErrorPercent(110, 100).value() > 9.99);
    BOOST_CHECK(!memusage::workloads::ErrorPercent(110, std::nullopt));
}

BOOST_AUTO_TEST_SUITE_END()
