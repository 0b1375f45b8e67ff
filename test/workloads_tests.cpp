// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

// memusage-probe's workloads at small sizes: the AccountingAllocator's counter against the
// formulas, the blocks each shape must hold (counted by hand), Core's figures against this
// library's, and, where glibc's mallinfo2 can be read, the exact model against the real heap.
#include <probe/workloads.h>

#include <memusage.h>
#include <memusage/report.h>
#include <probe/probe.h>

#include <test/util/json.h>

#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <cstdlib>
#include <sstream>
#include <string>
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

BOOST_AUTO_TEST_CASE(error_percent_needs_a_real_heap)
{
    BOOST_CHECK(memusage::workloads::ErrorPercent(110, 100).value() > 9.99);
    BOOST_CHECK(!memusage::workloads::ErrorPercent(110, std::nullopt));
}

namespace {

memusage::workloads::NodeOptions SmallNode()
{
    memusage::workloads::NodeOptions options;
    options.m_coins = 2000;
    options.m_mempool = 500;
    options.m_orphans = 20;
    options.m_blocks = 2;
    options.m_block_txs = 100;
    return options;
}

/** A holder's subtree in a parsed report: {name: bytes} of its children, and its own bytes. */
std::pair<uint64_t, std::vector<std::pair<std::string, uint64_t>>> Holder(const JsonValue& tree, const std::string& name)
{
    for (const JsonValue& child : tree.Member("children")->m_items) {
        if (child.Member("name")->m_text != name) continue;
        std::vector<std::pair<std::string, uint64_t>> leaves;
        for (const JsonValue& leaf : child.Member("children")->m_items) {
            leaves.emplace_back(leaf.Member("name")->m_text, std::stoull(leaf.Member("bytes")->m_text));
        }
        return {std::stoull(child.Member("bytes")->m_text), leaves};
    }
    BOOST_FAIL("no holder " << name);
    return {};
}

} // namespace

BOOST_AUTO_TEST_CASE(node_workload_charges_shared_transactions_once)
{
    const auto report{memusage::workloads::BuildNode(SmallNode())};
    BOOST_CHECK_EQUAL(report.m_transactions, 500U + 20 + 2 * 100);
    std::string error;
    const auto per_holder_json{JsonParser::Parse(report.m_per_holder.ToJson(), &error)};
    BOOST_REQUIRE_MESSAGE(per_holder_json, error << ": " << report.m_per_holder.ToJson());
    const auto shared_json{JsonParser::Parse(report.m_shared.ToJson(), &error)};
    BOOST_REQUIRE_MESSAGE(shared_json, error << ": " << report.m_shared.ToJson());
    const JsonValue& per_holder{*per_holder_json};
    const JsonValue& shared{*shared_json};
    // The coins, the mempool and the orphanage are reached first (or alone): the same in both.
    for (const char* name : {"coins", "mempool", "orphanage"}) {
        BOOST_TEST_CONTEXT(name) { BOOST_CHECK(Holder(per_holder, name) == Holder(shared, name)); }
    }
    // The blocks share every other transaction with the mempool: their own containers cost the
    // same, their transactions less; half of them are their own, so more than nothing.
    const auto blocks_apart{Holder(per_holder, "recentBlocks").second};
    const auto blocks_shared{Holder(shared, "recentBlocks").second};
    BOOST_REQUIRE_EQUAL(blocks_apart.size(), 2U);
    BOOST_REQUIRE_EQUAL(blocks_shared.size(), 2U);
    BOOST_CHECK(blocks_apart[0] == blocks_shared[0]);
    BOOST_CHECK_EQUAL(blocks_shared[1].first, "transactions");
    BOOST_CHECK_LT(blocks_shared[1].second, blocks_apart[1].second);
    BOOST_CHECK_GT(blocks_shared[1].second, blocks_apart[1].second / 4);
    const uint64_t shared_tree{std::stoull(shared.Member("bytes")->m_text)};
    if (report.m_real) {
        // The unaccounted leaf brings the shared tree up to the heap, when the heap holds more.
        BOOST_REQUIRE(report.m_unaccounted);
        const int64_t accounted{static_cast<int64_t>(*report.m_real) - *report.m_unaccounted};
        BOOST_CHECK_EQUAL(shared_tree, *report.m_unaccounted > 0 ? *report.m_real : static_cast<uint64_t>(accounted));
        // Charged once, the transactions come closer to what the heap holds than charged per holder.
        const auto distance{[&](int64_t figure) { return figure > static_cast<int64_t>(*report.m_real) ? figure - static_cast<int64_t>(*report.m_real) : static_cast<int64_t>(*report.m_real) - figure; }};
        BOOST_TEST_MESSAGE("node: real " << *report.m_real << ", shared " << accounted << ", per holder " << report.m_per_holder.Total());
        BOOST_CHECK_LT(distance(accounted), distance(static_cast<int64_t>(report.m_per_holder.Total())));
    } else {
        BOOST_TEST_MESSAGE("node: the heap cannot be read here: no unaccounted leaf");
        BOOST_CHECK(!report.m_unaccounted);
        BOOST_CHECK_EQUAL(shared_tree, report.m_shared.Total());
    }
    // The folded stacks are the shared tree, leaf by leaf.
    std::istringstream folded{report.m_shared.ToFolded()};
    std::string line;
    uint64_t sum{0};
    while (std::getline(folded, line)) sum += std::stoull(line.substr(line.rfind(' ') + 1));
    BOOST_CHECK_EQUAL(sum, report.m_shared.Total());
}

BOOST_AUTO_TEST_SUITE_END()
