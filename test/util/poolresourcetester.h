// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_TEST_UTIL_POOLRESOURCETESTER_H
#define MEMUSAGE_TEST_UTIL_POOLRESOURCETESTER_H

#include <support/allocators/pool.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

/** Reads a PoolResource's internals, as the friend the resource names, so tests can see where
 *  every byte of every chunk went. */
class PoolResourceTester
{
    /** A free block's link, read past the poison AddressSanitizer keeps on free blocks. */
    template <typename Node>
    static const Node* Next(const Node* node)
    {
        MEMUSAGE_POOL_UNPOISON(node, sizeof(Node));
        const Node* next{node->m_next};
        MEMUSAGE_POOL_POISON(node, sizeof(Node));
        return next;
    }

public:
    /** Length of each free list, indexed by block size in units of ELEM_ALIGN_BYTES. */
    template <std::size_t MAX_BLOCK_SIZE_BYTES, std::size_t ALIGN_BYTES>
    static std::vector<std::size_t> FreeListSizes(const PoolResource<MAX_BLOCK_SIZE_BYTES, ALIGN_BYTES>& resource)
    {
        std::vector<std::size_t> sizes;
        for (const auto* node : resource.m_free_lists) {
            std::size_t length{0};
            for (; node != nullptr; node = Next(node)) ++length;
            sizes.push_back(length);
        }
        return sizes;
    }

    template <std::size_t MAX_BLOCK_SIZE_BYTES, std::size_t ALIGN_BYTES>
    static std::size_t AvailableMemoryFromChunk(const PoolResource<MAX_BLOCK_SIZE_BYTES, ALIGN_BYTES>& resource)
    {
        return static_cast<std::size_t>(resource.m_available_memory_end - resource.m_available_memory_it);
    }

    template <std::size_t MAX_BLOCK_SIZE_BYTES, std::size_t ALIGN_BYTES>
    static constexpr std::size_t ElemAlignBytes()
    {
        return PoolResource<MAX_BLOCK_SIZE_BYTES, ALIGN_BYTES>::ELEM_ALIGN_BYTES;
    }

    /** Whether p lies inside one of the resource's chunks. */
    template <std::size_t MAX_BLOCK_SIZE_BYTES, std::size_t ALIGN_BYTES>
    static bool IsInChunk(const PoolResource<MAX_BLOCK_SIZE_BYTES, ALIGN_BYTES>& resource, const void* p)
    {
        const auto addr{reinterpret_cast<std::uintptr_t>(p)};
        return std::any_of(resource.m_allocated_chunks.begin(), resource.m_allocated_chunks.end(), [&](const std::byte* chunk) {
            const auto begin{reinterpret_cast<std::uintptr_t>(chunk)};
            return addr >= begin && addr < begin + resource.ChunkSizeBytes();
        });
    }

    /** With nothing allocated, the free blocks and the unused tail of the current chunk must
     *  tile every chunk exactly: no byte lost, none counted twice. */
    template <std::size_t MAX_BLOCK_SIZE_BYTES, std::size_t ALIGN_BYTES>
    static bool AllMemoryAccountedFor(const PoolResource<MAX_BLOCK_SIZE_BYTES, ALIGN_BYTES>& resource)
    {
        using Range = std::pair<std::uintptr_t, std::size_t>;
        constexpr std::size_t unit{ElemAlignBytes<MAX_BLOCK_SIZE_BYTES, ALIGN_BYTES>()};
        std::vector<Range> free_ranges;
        for (std::size_t units = 0; units < resource.m_free_lists.size(); ++units) {
            for (const auto* node = resource.m_free_lists[units]; node != nullptr; node = Next(node)) {
                free_ranges.emplace_back(reinterpret_cast<std::uintptr_t>(node), units * unit);
            }
        }
        if (resource.m_available_memory_it != resource.m_available_memory_end) {
            free_ranges.emplace_back(reinterpret_cast<std::uintptr_t>(resource.m_available_memory_it), AvailableMemoryFromChunk(resource));
        }
        std::sort(free_ranges.begin(), free_ranges.end());
        std::vector<Range> chunks;
        for (const std::byte* chunk : resource.m_allocated_chunks) {
            chunks.emplace_back(reinterpret_cast<std::uintptr_t>(chunk), resource.ChunkSizeBytes());
        }
        std::sort(chunks.begin(), chunks.end());

        auto free_it{free_ranges.begin()};
        for (const auto& [chunk_begin, chunk_size] : chunks) {
            std::uintptr_t covered{chunk_begin};
            while (free_it != free_ranges.end() && free_it->first < chunk_begin + chunk_size) {
                if (free_it->first != covered) return false; // a gap or an overlap
                covered += free_it->second;
                ++free_it;
            }
            if (covered != chunk_begin + chunk_size) return false;
        }
        return free_it == free_ranges.end();
    }
};

#endif // MEMUSAGE_TEST_UTIL_POOLRESOURCETESTER_H
