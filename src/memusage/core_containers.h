// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_MEMUSAGE_CORE_CONTAINERS_H
#define MEMUSAGE_MEMUSAGE_CORE_CONTAINERS_H

#include <indirectmap.h>
#include <memusage/malloc.h>
#include <memusage/nodes.h>
#include <prevector.h>
#include <support/allocators/pool.h>

#include <cstddef>
#include <unordered_map>
#include <utility>

// Bitcoin Core's own containers: prevector, indirectmap and the pool-backed unordered_map.

namespace memusage {

template <unsigned int N, typename X, typename S, typename D>
static inline size_t DynamicUsage(const prevector<N, X, S, D>& v)
{
    return detail::BlockUsage(v.allocated_memory());
}

/** indirectmap is a std::map keyed by pointer: one tree node per entry. */
template <typename X, typename Y>
static inline size_t DynamicUsage(const indirectmap<X, Y>& m)
{
    return MallocUsage(sizeof(stl_tree_node<std::pair<const X*, Y>>)) * m.size();
}

template <typename X, typename Y>
static inline size_t IncrementalDynamicUsage(const indirectmap<X, Y>&)
{
    return MallocUsage(sizeof(stl_tree_node<std::pair<const X*, Y>>));
}

namespace detail {

/** A pool-backed map under any malloc model, from its resource and bucket count, so that the
 *  probe can print the models side by side (and count a map whose allocator wraps the pool). */
template <MallocModel MODEL, std::size_t MAX_BLOCK_SIZE_BYTES, std::size_t ALIGN_BYTES>
size_t PoolMapUsage(const PoolResource<MAX_BLOCK_SIZE_BYTES, ALIGN_BYTES>& pool_resource, size_t bucket_count)
{
    // The resource keeps its chunks in a std::list: each list node holds two links and the
    // chunk's address, three pointers.
    const size_t estimated_list_node_size = ModelMallocUsage<MODEL>(sizeof(void*) * 3);
    const size_t usage_resource = estimated_list_node_size * pool_resource.NumAllocatedChunks();
    if constexpr (MODEL == MallocModel::CORE) {
        const size_t usage_chunks = BlockUsage<MODEL>(pool_resource.ChunkSizeBytes()) * pool_resource.NumAllocatedChunks();
        return usage_resource + usage_chunks + BlockUsage<MODEL>(sizeof(void*) * bucket_count);
    } else {
        // The chunks, aligned to the pool's unit, and the bucket array, too large for the pool, come
        // from the aligned operator new (AlignedBlockUsage).
        constexpr size_t CHUNK_ALIGN{ALIGN_BYTES > alignof(void*) ? ALIGN_BYTES : alignof(void*)};
        const size_t usage_chunks = AlignedBlockUsage<MODEL>(pool_resource.ChunkSizeBytes(), CHUNK_ALIGN) * pool_resource.NumAllocatedChunks();
        return usage_resource + usage_chunks + AlignedBlockUsage<MODEL>(sizeof(void*) * bucket_count, alignof(void*));
    }
}

} // namespace detail

/** A pool-backed map owns whole chunks whatever its size, plus its bucket array, which the
 *  pool does not serve (it is larger than any pooled block). */
template <class Key, class T, class Hash, class Pred, std::size_t MAX_BLOCK_SIZE_BYTES, std::size_t ALIGN_BYTES>
static inline size_t DynamicUsage(const std::unordered_map<Key, T, Hash, Pred, PoolAllocator<std::pair<const Key, T>, MAX_BLOCK_SIZE_BYTES, ALIGN_BYTES>>& m)
{
    return detail::PoolMapUsage<detail::COMPILED_MODEL>(*m.get_allocator().resource(), m.bucket_count());
}

} // namespace memusage

#endif // MEMUSAGE_MEMUSAGE_CORE_CONTAINERS_H
