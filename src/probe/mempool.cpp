// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

// The mempool workload: Core's mapTx (a multi_index_container) and mapNextTx at several sizes,
// where Boost.MultiIndex is found at compile time.

#include <probe/workloads.h>

#include <memusage.h>
#include <memusage/accounting.h>
#include <probe/chain.h>
#include <probe/measure.h>

#if __has_include(<boost/multi_index_container.hpp>)
#define MEMUSAGE_WORKLOADS_HAVE_MULTI_INDEX 1
#include <memusage/multi_index.h>

#include <boost/multi_index/hashed_index.hpp>
#include <boost/multi_index/member.hpp>
#include <boost/multi_index/ordered_index.hpp>
#include <boost/multi_index_container.hpp>
#endif

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

namespace memusage {
namespace workloads {

#if defined(MEMUSAGE_WORKLOADS_HAVE_MULTI_INDEX)
namespace {

using detail::MallocModel;

/** A 32-byte hash (uint256). */
struct Hash256 {
    unsigned char m_bytes[32];
    bool operator==(const Hash256& other) const { return std::memcmp(m_bytes, other.m_bytes, 32) == 0; }
};

struct Hash256Hasher {
    size_t operator()(const Hash256& hash) const
    {
        uint64_t word;
        std::memcpy(&word, hash.m_bytes, 8);
        return static_cast<size_t>(word);
    }
};

/** A mempool entry of 200 bytes: its ids, the figures mapTx orders by, and the rest of what
 *  Core's CTxMemPoolEntry holds (fees, sizes, ancestor and descendant state) as padding. The
 *  transaction itself, which Core's entry holds through a shared_ptr, is left out. */
struct MempoolEntry {
    Hash256 m_txid;
    Hash256 m_wtxid;
    double m_descendant_score;
    int64_t m_time;
    double m_ancestor_score;
    unsigned char m_rest[200 - 64 - 24];
};
static_assert(sizeof(MempoolEntry) == 200);

namespace bmi = boost::multi_index;

using MapTx = boost::multi_index_container<
    MempoolEntry,
    bmi::indexed_by<
        bmi::hashed_unique<bmi::member<MempoolEntry, Hash256, &MempoolEntry::m_txid>, Hash256Hasher>,
        bmi::hashed_unique<bmi::member<MempoolEntry, Hash256, &MempoolEntry::m_wtxid>, Hash256Hasher>,
        bmi::ordered_non_unique<bmi::member<MempoolEntry, double, &MempoolEntry::m_descendant_score>>,
        bmi::ordered_non_unique<bmi::member<MempoolEntry, int64_t, &MempoolEntry::m_time>>,
        bmi::ordered_non_unique<bmi::member<MempoolEntry, double, &MempoolEntry::m_ancestor_score>>>,
    AccountingAllocator<MempoolEntry>>;

using NextTxPair = std::pair<const Outpoint, const MempoolEntry*>;
using MapNextTx = std::map<Outpoint, const MempoolEntry*, std::less<Outpoint>, AccountingAllocator<NextTxPair>>;

/** Inputs per entry in mapNextTx. */
constexpr size_t INPUTS_PER_ENTRY{2};

WorkloadSample BuildMempool(size_t entries)
{
    WorkloadSample sample;
    sample.m_workload = "mempool";
    Draws draws;
    AllocationCounter counter;
    const TcacheDrain drain;
    const std::optional<size_t> before{HeapInUse()};
    {
        MapTx map_tx{MapTx::ctor_args_list{}, AccountingAllocator<MempoolEntry>{counter}};
        MapNextTx map_next_tx{AccountingAllocator<NextTxPair>{counter}};
        for (size_t i{0}; i < entries; ++i) {
            MempoolEntry entry{};
            const Outpoint id{DrawOutpoint(draws)};
            std::memcpy(entry.m_txid.m_bytes, id.m_txid, 32);
            std::memcpy(entry.m_wtxid.m_bytes, DrawOutpoint(draws).m_txid, 32);
            entry.m_descendant_score = static_cast<double>(draws.Next() % 1000000) / 1000;
            entry.m_time = static_cast<int64_t>(1700000000 + draws.Next() % 1209600);
            entry.m_ancestor_score = static_cast<double>(draws.Next() % 1000000) / 1000;
            const auto [it, inserted]{map_tx.insert(entry)};
            if (!inserted) continue;
            for (size_t input{0}; input < INPUTS_PER_ENTRY; ++input) map_next_tx.emplace(DrawOutpoint(draws), &*it);
        }
        const std::optional<size_t> after{HeapInUse()};
        if (before && after) sample.m_real = *after - *before;
        const auto next_tx{[&](auto model) { return detail::TreeNodeUsage<decltype(model)::value, NextTxPair>() * map_next_tx.size(); }};
        const auto usage_of{[&](auto model) { return detail::MultiIndexUsage<decltype(model)::value>(map_tx) + next_tx(model); }};
        const std::integral_constant<MallocModel, MallocModel::CORE> core;
        sample.m_entries = map_tx.size();
        sample.m_core_guess = detail::ModelMallocUsage<MallocModel::CORE>(sizeof(MempoolEntry) + 15 * sizeof(void*)) * map_tx.size() + next_tx(core);
        sample.m_core = usage_of(core);
        sample.m_exact = usage_of(std::integral_constant<MallocModel, MallocModel::EXACT>{});
        sample.m_allocator_model = UnderAllocatorModel(usage_of);
        sample.m_compiled = usage_of(std::integral_constant<MallocModel, detail::COMPILED_MODEL>{});
        sample.m_counter = counter.Usage();
        sample.m_blocks = counter.Blocks();
    }
    return sample;
}

} // namespace

#endif

bool HaveMempool()
{
#if defined(MEMUSAGE_WORKLOADS_HAVE_MULTI_INDEX)
    return true;
#else
    return false;
#endif
}

std::vector<WorkloadSample> RunMempool(const std::vector<size_t>& sizes)
{
    std::vector<WorkloadSample> samples;
#if defined(MEMUSAGE_WORKLOADS_HAVE_MULTI_INDEX)
    for (const size_t size : sizes) samples.push_back(BuildMempool(size));
#else
    (void)sizes;
#endif
    return samples;
}

} // namespace workloads
} // namespace memusage
