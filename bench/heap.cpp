// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#include <memusage/heap.h>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdlib>
#include <string>
#include <vector>

// What one memusage::ReadHeapStats() call costs, for a node that would call it once a second,
// on three heaps: quiet (the benchmark's own blocks), one million live 64-byte blocks, and the
// same with every other block freed (half a million free chunks: glibc's mallinfo2 walks every
// free list, mimalloc's count visits every live block). Run it under each allocator with
// LD_PRELOAD (doc/api.md has the figures). valgrind and the sanitizers have no heap figure, so
// callgrind cannot count this: the figures are times.

namespace {

/** A heap shape held for the benchmark's length. */
class Heap
{
public:
    Heap(size_t live, bool fragmented)
    {
        m_blocks.reserve(live);
        for (size_t i{0}; i < live; ++i) m_blocks.push_back(std::malloc(64));
        if (!fragmented) return;
        for (size_t i{0}; i < live; i += 2) {
            std::free(m_blocks[i]);
            m_blocks[i] = nullptr;
        }
    }
    ~Heap()
    {
        for (void* block : m_blocks) std::free(block);
    }
    Heap(const Heap&) = delete;
    Heap& operator=(const Heap&) = delete;

private:
    std::vector<void*> m_blocks;
};

void ReadHeapStatsOn(benchmark::State& state, size_t live, bool fragmented)
{
    const Heap heap{live, fragmented};
    if (!memusage::ReadHeapStats()) {
        state.SkipWithError(("no heap figure here: " + memusage::HeapStatsUnavailableReason().value_or("?")).c_str());
        return;
    }
    for (auto _ : state) {
        auto stats{memusage::ReadHeapStats()};
        benchmark::DoNotOptimize(stats);
    }
    state.SetLabel(memusage::DescribeAllocator());
}

const bool g_registered{[] {
    benchmark::RegisterBenchmark("ReadHeapStats/quiet", [](benchmark::State& s) { ReadHeapStatsOn(s, 0, false); })
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark("ReadHeapStats/1M_live", [](benchmark::State& s) { ReadHeapStatsOn(s, 1000000, false); })
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark("ReadHeapStats/500k_live_500k_free", [](benchmark::State& s) { ReadHeapStatsOn(s, 1000000, true); })
        ->Unit(benchmark::kMicrosecond);
    return true;
}()};

} // namespace
