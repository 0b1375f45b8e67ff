// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#include "usage_families.h"

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <string>

// What one memusage::DynamicUsage call costs for each overload family (usage_families.h, the
// same containers bench/callgrind.sh counts). Core calls these on every coins cache and mempool
// update, so they must not depend on the container's size: each family runs at 16 and at 4096
// elements, and the two times should match. The container goes through DoNotOptimize first, so
// its size and capacity are loaded from memory, never folded.

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

/** One benchmark per family and size; the families live as long as the program. */
struct Registrar {
    size_t m_size;

    template <typename C>
    void Add(const std::string& family, const C& c)
    {
        benchmark::RegisterBenchmark(("DynamicUsage/" + family + "/" + std::to_string(m_size)).c_str(),
                                     [&c](benchmark::State& state) { DynamicUsageOf(state, c); });
    }
};

const bool g_registered{[] {
    static const bench::UsageFamilies small{16}, large{4096}; // outlive the benchmarks, which run from main()
    for (const bench::UsageFamilies* families : {&small, &large}) {
        Registrar registrar{families->vector.size()};
        bench::ForEachFamily(registrar, *families);
    }
    return true;
}()};

} // namespace
