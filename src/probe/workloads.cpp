// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

// What the workloads share: the real heap, the thread cache held empty while it is read, the
// script lengths, the error in per cent.

#include <probe/workloads.h>

#include <memusage/heap.h>
#include <probe/measure.h>
#include <probe/probe.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>

namespace memusage {
namespace workloads {

std::optional<double> ErrorPercent(size_t estimate, const std::optional<size_t>& real)
{
    if (!real || *real == 0) return std::nullopt;
    return (static_cast<double>(estimate) - static_cast<double>(*real)) * 100.0 / static_cast<double>(*real);
}

std::optional<size_t> HeapInUse()
{
    if (!probe::IsSupported()) return std::nullopt;
    const std::optional<HeapStats> stats{ReadHeapStats()};
    if (!stats) return std::nullopt;
    return stats->in_use;
}

size_t ScriptLength(uint64_t r, uint64_t tail_draw)
{
    if (r < 32) return 22;                    // P2WPKH
    if (r < 56) return 25;                    // P2PKH
    if (r < 68) return 23;                    // P2SH
    if (r < 90) return 34;                    // P2TR, P2WSH
    if (r < 92) return 35;                    // P2PK (compressed key)
    if (r < 94) return 105;                   // bare 1-of-3 multisig
    return 40 + static_cast<size_t>(tail_draw % 161); // everything else: 40-200
}

TcacheDrain::TcacheDrain()
{
    const std::optional<probe::ChunkRule> rule{probe::MeasuredChunkRule()};
    if (!rule || !HeapInUse()) return;
    m_blocks.reserve(SIZES * MAX_PER_SIZE);
    for (size_t k{0}; k < SIZES; ++k) {
        // One chunk size per tcache bin, in steps of the measured alignment (8 on 32-bit ARM).
        const size_t request{rule->m_min_chunk + k * rule->m_alignment - rule->m_header};
        for (size_t j{0}; j < MAX_PER_SIZE; ++j) {
            const size_t before{*HeapInUse()};
            void* block{std::malloc(request)};
            if (!block) return;
            m_blocks.push_back(block);
            if (*HeapInUse() - before == rule->HeapChunk(request)) break;
        }
    }
}

TcacheDrain::~TcacheDrain()
{
    for (void* block : m_blocks) std::free(block);
}

} // namespace workloads
} // namespace memusage
