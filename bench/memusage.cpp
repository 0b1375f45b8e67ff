// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#include <memusage.h>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

// What one memusage::DynamicUsage call costs for each container family. Core calls these on
// every coins cache and mempool update, so they must not depend on the container's size: each
// runs at 16 and at 4096 elements, and the two times should match. The container goes through
// DoNotOptimize first, so its size and capacity are loaded from memory, never folded.

namespace {

template <typename C>
void DynamicUsageOf(benchmark::State& state, const C& c)
{
    for (auto _ : state) {
        benchmark::DoNotOptimize(c);
        size_t usage{memusage::DynamicUsage(c)};
        benchmark::DoNotOptimize(usage);
    }
}

void DynamicUsageVector(benchmark::State& state)
{
    const std::vector<int64_t> v(static_cast<size_t>(state.range(0)));
    DynamicUsageOf(state, v);
}

void DynamicUsageString(benchmark::State& state)
{
    const std::string s(static_cast<size_t>(state.range(0)), 'x');
    DynamicUsageOf(state, s);
}

void DynamicUsageSet(benchmark::State& state)
{
    std::set<int64_t> s;
    for (int64_t i = 0; i < state.range(0); ++i) s.insert(i);
    DynamicUsageOf(state, s);
}

void DynamicUsageMap(benchmark::State& state)
{
    std::map<int64_t, int64_t> m;
    for (int64_t i = 0; i < state.range(0); ++i) m.emplace(i, i);
    DynamicUsageOf(state, m);
}

void DynamicUsageUnorderedMap(benchmark::State& state)
{
    std::unordered_map<int64_t, int64_t> m;
    for (int64_t i = 0; i < state.range(0); ++i) m.emplace(i, i);
    DynamicUsageOf(state, m);
}

void DynamicUsagePrevector(benchmark::State& state)
{
    const prevector<28, unsigned char> v(static_cast<uint32_t>(state.range(0)));
    DynamicUsageOf(state, v);
}

/** The coins cache's arrangement: an unordered_map whose nodes come from a PoolResource. */
void DynamicUsagePoolMap(benchmark::State& state)
{
    using Pair = std::pair<const int64_t, int64_t>;
    using Allocator = PoolAllocator<Pair, sizeof(Pair) + 4 * sizeof(void*)>;
    using Map = std::unordered_map<int64_t, int64_t, std::hash<int64_t>, std::equal_to<int64_t>, Allocator>;
    Allocator::ResourceType resource;
    Map m{0, std::hash<int64_t>{}, std::equal_to<int64_t>{}, Allocator{&resource}};
    for (int64_t i = 0; i < state.range(0); ++i) m.emplace(i, i);
    DynamicUsageOf(state, m);
}

} // namespace

BENCHMARK(DynamicUsageVector)->Arg(16)->Arg(4096);
BENCHMARK(DynamicUsageString)->Arg(16)->Arg(4096);
BENCHMARK(DynamicUsageSet)->Arg(16)->Arg(4096);
BENCHMARK(DynamicUsageMap)->Arg(16)->Arg(4096);
BENCHMARK(DynamicUsageUnorderedMap)->Arg(16)->Arg(4096);
BENCHMARK(DynamicUsagePrevector)->Arg(16)->Arg(4096);
BENCHMARK(DynamicUsagePoolMap)->Arg(16)->Arg(4096);
