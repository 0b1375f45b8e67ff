// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_PROBE_MEASURE_H
#define MEMUSAGE_PROBE_MEASURE_H

#include <memusage/malloc.h>
#include <probe/probe.h>

#include <cstddef>
#include <optional>
#include <vector>

// What the workloads measure with: the real heap before and after (HeapInUse, workloads.h), with
// glibc's thread cache held empty, and the figure under the running allocator's own model. Not
// installed.

namespace memusage {
namespace workloads {

/** usage_of(std::integral_constant<MallocModel, M>{}) for the model of the allocator running, when
 *  that is a size-class model (jemalloc, mimalloc, tcmalloc); glibc's is the exact column. */
template <typename UsageOf>
inline std::optional<size_t> UnderAllocatorModel(UsageOf usage_of)
{
    using detail::MallocModel;
    const MallocModel model{probe::ModelFor(probe::RunningAllocator()).value_or(MallocModel::CORE)};
    if (model == MallocModel::CORE || model == MallocModel::EXACT) return std::nullopt;
    return detail::WithModel(model, usage_of);
}

/** Empties glibc's per-thread cache (tcache: freed chunks up to 1 KiB, which mallinfo2 counts as
 *  in use) for as long as it lives, by holding blocks of every cached size. Without it a
 *  workload's small blocks could come out of the cache unseen by the mallinfo2 delta. Taking a
 *  block can refill the cache from the bins (glibc moves a bin's other chunks of that size into
 *  it), so for each size blocks are taken until one costs exactly its chunk in mallinfo2: that
 *  one came from the arena with the cache empty before and after. What the workload frees on
 *  the way (old bucket arrays), or glibc moves into the cache while serving it, stays counted:
 *  the delta can exceed the live blocks by that much, never fall short of them. */
class TcacheDrain
{
public:
    static constexpr size_t SIZES{65};
    static constexpr size_t MAX_PER_SIZE{256};

    TcacheDrain();
    ~TcacheDrain();
    TcacheDrain(const TcacheDrain&) = delete;
    TcacheDrain& operator=(const TcacheDrain&) = delete;

private:
    std::vector<void*> m_blocks; //!< reserved before the first block is taken: never grows while held
};

} // namespace workloads
} // namespace memusage

#endif // MEMUSAGE_PROBE_MEASURE_H
