// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

// The coins workload: Core's coins cache (CCoinsMap on a PoolAllocator) at several sizes.

#include <probe/workloads.h>

#include <memusage.h>
#include <memusage/accounting.h>
#include <probe/chain.h>
#include <probe/measure.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <vector>

namespace memusage {
namespace workloads {
namespace {

using detail::MallocModel;

template <unsigned N>
using CoinsMap = std::unordered_map<Outpoint, Coin<N>, OutpointHasher, std::equal_to<Outpoint>,
                                    AccountingAllocator<CoinsPair<N>, CoinsPool<N>>>;

template <unsigned N>
WorkloadSample BuildCoins(size_t entries)
{
    WorkloadSample sample;
    sample.m_workload = "coins N=" + std::to_string(N);
    sample.m_entries = entries;
    Draws draws;
    AllocationCounter counter;
    const TcacheDrain drain;
    const std::optional<size_t> before{HeapInUse()};
    {
        typename CoinsPool<N>::ResourceType resource;
        CoinsMap<N> map{0, OutpointHasher{}, std::equal_to<Outpoint>{},
                        AccountingAllocator<CoinsPair<N>, CoinsPool<N>>{counter, CoinsPool<N>{&resource}}};
        for (size_t i{0}; i < entries; ++i) {
            const auto [it, inserted]{map.try_emplace(DrawOutpoint(draws))};
            if (!inserted) continue; // a 256-bit collision: never
            const uint64_t r{draws.Next() % 100};
            const uint64_t tail{draws.Next()};
            it->second.m_value = static_cast<int64_t>(draws.Next() % 2100000000000000);
            it->second.m_script.assign(ScriptLength(r, tail), static_cast<unsigned char>(i));
        }
        const std::optional<size_t> after{HeapInUse()};
        if (before && after) sample.m_real = *after - *before;
        const auto usage_of{[&](auto model) {
            size_t scripts{0};
            for (const auto& [outpoint, coin] : map) scripts += detail::BlockUsage<decltype(model)::value>(coin.m_script.allocated_memory());
            return detail::PoolMapUsage<decltype(model)::value>(resource, map.bucket_count()) + scripts;
        }};
        size_t scripts_compiled{0};
        for (const auto& [outpoint, coin] : map) scripts_compiled += memusage::DynamicUsage(coin.m_script);
        sample.m_entries = map.size();
        sample.m_core = usage_of(std::integral_constant<MallocModel, MallocModel::CORE>{});
        sample.m_exact = usage_of(std::integral_constant<MallocModel, MallocModel::EXACT>{});
        sample.m_allocator_model = UnderAllocatorModel(usage_of);
        sample.m_compiled = usage_of(std::integral_constant<MallocModel, detail::COMPILED_MODEL>{});
        sample.m_core_guess = sample.m_core;
        sample.m_counter = counter.Usage() + scripts_compiled;
        sample.m_blocks = counter.Blocks();
    }
    return sample;
}

} // namespace

std::vector<WorkloadSample> RunCoins(unsigned script_n, const std::vector<size_t>& sizes)
{
    std::vector<WorkloadSample> samples;
    for (const size_t size : sizes) {
        if (script_n == 28) {
            samples.push_back(BuildCoins<28>(size));
        } else if (script_n == 36) {
            samples.push_back(BuildCoins<36>(size));
        }
    }
    return samples;
}

} // namespace workloads
} // namespace memusage
