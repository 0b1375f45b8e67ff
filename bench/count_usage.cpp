// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

// The DynamicUsage half of bench/count.cpp, in a translation unit of its own: g++ limits how
// much inlining may grow a whole unit, so the memusage headers must not change what gets inlined
// into the prevector cases, nor the other way round.

#include "core_reference.h"
#include "usage_families.h"

#include <benchmark/benchmark.h>
#include <valgrind/callgrind.h>

#include <cstddef>
#include <string>

namespace {

/** Counts one DynamicUsage call per family, ours and Core's formula, each behind a call the
 *  compiler cannot inline or fold: the container's address is laundered through DoNotOptimize,
 *  so size, capacity and bucket count are loaded from memory as in a node. */
struct UsageCounter {
    int m_iterations;

    template <typename C>
    static size_t __attribute__((noinline)) Ours(const C& c) { return memusage::DynamicUsage(c); }
    template <typename C>
    static size_t __attribute__((noinline)) Core(const C& c) { return core_reference::DynamicUsage(c); }

    template <typename C>
    void Add(const std::string& family, const C& c)
    {
        Count(family, "Ours", c, &Ours<C>);
        Count(family, "Core", c, &Core<C>);
    }

    template <typename C>
    void Count(const std::string& family, const char* who, const C& c, size_t (*usage)(const C&))
    {
        const std::string label{"DynamicUsage/" + std::string{who} + "/" + family};
        const C* p{&c};
        size_t sink{usage(*p)};
        CALLGRIND_ZERO_STATS;
        for (int i = 0; i < m_iterations; ++i) {
            benchmark::DoNotOptimize(p);
            sink += usage(*p);
        }
        CALLGRIND_DUMP_STATS_AT(label.c_str());
        benchmark::DoNotOptimize(sink);
    }
};

} // namespace

void CountDynamicUsage(int iterations)
{
    const bench::UsageFamilies families{64};
    UsageCounter counter{iterations};
    bench::ForEachFamily(counter, families);
}
