// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef BITCOIN_SUPPORT_ALLOCATORS_POOL_H
#define BITCOIN_SUPPORT_ALLOCATORS_POOL_H
// This tree's copy, not the fork's own (memusage/dropins.h tells them apart).
#define MEMUSAGE_DROPIN_SUPPORT_ALLOCATORS_POOL_H

#include <algorithm>
#include <array>
#include <cassert>
#include <cstddef>
#include <list>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

#include <memusage/core_version.h>

// Core poisons the pool's free and not yet handed out memory under AddressSanitizer from v30 on
// (PR 32581). Before that a freed block's free-list link stayed readable, and the tests of those
// releases (their PoolResourceTester) walk the free lists by reading it. Core asks only
// __has_feature(address_sanitizer), so it poisons under clang's ASan and not under g++ 12's
// (g++ has __has_feature from 14): so does this header.
// Core's util/check.h also keeps an includer's own ASAN_POISON_MEMORY_REGION and
// ASAN_UNPOISON_MEMORY_REGION, defined before it, and its pool then calls those: so does this
// header in the same eras (contrib/vendor/era-of.cpp records the calls that way).
#if MEMUSAGE_ERA_POOL_POISONS && defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MEMUSAGE_POOL_ASAN 1
#endif
#endif
#ifdef MEMUSAGE_POOL_ASAN
#include <sanitizer/asan_interface.h>
#endif
#if MEMUSAGE_ERA_POOL_POISONS && defined(ASAN_POISON_MEMORY_REGION) && defined(ASAN_UNPOISON_MEMORY_REGION)
#define MEMUSAGE_POOL_POISON(addr, size) ASAN_POISON_MEMORY_REGION((addr), (size))
#define MEMUSAGE_POOL_UNPOISON(addr, size) ASAN_UNPOISON_MEMORY_REGION((addr), (size))
#else
#define MEMUSAGE_POOL_POISON(addr, size) ((void)(addr), (void)(size))
#define MEMUSAGE_POOL_UNPOISON(addr, size) ((void)(addr), (void)(size))
#endif

/** A memory resource for node-based containers whose nodes are all a few sizes, as the
 *  coins cache's std::unordered_map is.
 *
 *  Memory comes from chunks of m_chunk_size_bytes, carved front to back and never returned
 *  until the resource dies. Sizes are counted in units of ELEM_ALIGN_BYTES; a freed block goes
 *  onto the free list for its unit count and serves the next request of that count. When the
 *  current chunk cannot fit a request, its remainder joins the free list of its own size and a
 *  fresh chunk is started. Requests larger than MAX_BLOCK_SIZE_BYTES, or aligned more strictly
 *  than ELEM_ALIGN_BYTES, bypass the pool and go to operator new.
 *
 *  Under AddressSanitizer, in the eras that do so (from Core v30) and where Core's check sees
 *  it, memory that is free or not yet handed out is poisoned.
 */
template <std::size_t MAX_BLOCK_SIZE_BYTES, std::size_t ALIGN_BYTES>
class PoolResource final
{
    static_assert(ALIGN_BYTES > 0, "ALIGN_BYTES must be nonzero");
    static_assert((ALIGN_BYTES & (ALIGN_BYTES - 1)) == 0, "ALIGN_BYTES must be a power of two");

    /** A free block's first bytes link it to the next free block of the same size. */
    struct ListNode {
        ListNode* m_next;
        explicit ListNode(ListNode* next) : m_next(next) {}
    };
    static_assert(std::is_trivially_destructible_v<ListNode>, "free blocks are dropped without a destructor call");

    static constexpr std::size_t ELEM_ALIGN_BYTES = std::max(alignof(ListNode), ALIGN_BYTES);
    static_assert((ELEM_ALIGN_BYTES & (ELEM_ALIGN_BYTES - 1)) == 0, "ELEM_ALIGN_BYTES must be a power of two");
    static_assert(sizeof(ListNode) <= ELEM_ALIGN_BYTES, "a free block of one unit must hold a ListNode");
    static_assert((MAX_BLOCK_SIZE_BYTES & (ELEM_ALIGN_BYTES - 1)) == 0, "MAX_BLOCK_SIZE_BYTES must be a multiple of the alignment");

    const std::size_t m_chunk_size_bytes;
    std::list<std::byte*> m_allocated_chunks{};
    /** Index i holds free blocks of i units; index 0 stays empty (a 0-byte request takes one unit). */
    std::array<ListNode*, MAX_BLOCK_SIZE_BYTES / ELEM_ALIGN_BYTES + 1> m_free_lists{};
    std::byte* m_available_memory_it{nullptr};
    std::byte* m_available_memory_end{nullptr};

    [[nodiscard]] static constexpr std::size_t NumElemAlignBytes(std::size_t bytes)
    {
        return (bytes + ELEM_ALIGN_BYTES - 1) / ELEM_ALIGN_BYTES + (bytes == 0);
    }

    [[nodiscard]] static constexpr bool IsFreeListUsable(std::size_t bytes, std::size_t alignment)
    {
        return alignment <= ELEM_ALIGN_BYTES && bytes <= MAX_BLOCK_SIZE_BYTES;
    }

    void PlacementAddToList(void* p, ListNode*& node)
    {
        node = new (p) ListNode{node};
    }

    void AllocateChunk()
    {
        // Whatever is left of the current chunk is a whole number of units: keep it as a free block.
        const std::size_t remaining_bytes = static_cast<std::size_t>(m_available_memory_end - m_available_memory_it);
        if (remaining_bytes != 0) {
            MEMUSAGE_POOL_UNPOISON(m_available_memory_it, sizeof(ListNode));
            PlacementAddToList(m_available_memory_it, m_free_lists[remaining_bytes / ELEM_ALIGN_BYTES]);
            MEMUSAGE_POOL_POISON(m_available_memory_it, sizeof(ListNode));
        }

        void* storage = ::operator new (m_chunk_size_bytes, std::align_val_t{ELEM_ALIGN_BYTES});
        m_available_memory_it = new (storage) std::byte[m_chunk_size_bytes];
        m_available_memory_end = m_available_memory_it + m_chunk_size_bytes;
        MEMUSAGE_POOL_POISON(m_available_memory_it, m_chunk_size_bytes);
        m_allocated_chunks.emplace_back(m_available_memory_it);
    }

    /** Core's test helper inspects the free lists and chunks through this. */
    friend class PoolResourceTester;

public:
    /** chunk_size_bytes is rounded up to whole units and must hold the largest pooled block. */
    explicit PoolResource(std::size_t chunk_size_bytes)
        : m_chunk_size_bytes(NumElemAlignBytes(chunk_size_bytes) * ELEM_ALIGN_BYTES)
    {
        assert(m_chunk_size_bytes >= MAX_BLOCK_SIZE_BYTES);
        AllocateChunk();
    }

    /** 256 KiB chunks, Core's default. */
    PoolResource() : PoolResource(262144) {}

    PoolResource(const PoolResource&) = delete;
    PoolResource& operator=(const PoolResource&) = delete;
    PoolResource(PoolResource&&) = delete;
    PoolResource& operator=(PoolResource&&) = delete;

    ~PoolResource()
    {
        for (std::byte* chunk : m_allocated_chunks) {
            std::destroy(chunk, chunk + m_chunk_size_bytes);
            // Unpoison before handing the chunk back: afterwards it is no longer ours to touch.
            MEMUSAGE_POOL_UNPOISON(chunk, m_chunk_size_bytes);
            ::operator delete (static_cast<void*>(chunk), std::align_val_t{ELEM_ALIGN_BYTES});
        }
    }

    void* Allocate(std::size_t bytes, std::size_t alignment)
    {
        if (!IsFreeListUsable(bytes, alignment)) {
            return ::operator new (bytes, std::align_val_t{alignment});
        }
        const std::size_t num_alignments = NumElemAlignBytes(bytes);
        ListNode*& free_list = m_free_lists[num_alignments];
        if (free_list != nullptr) {
            // Reuse a freed block of the same unit count; it holds nothing that needs destroying.
            MEMUSAGE_POOL_UNPOISON(free_list, sizeof(ListNode));
            ListNode* next = free_list->m_next;
            MEMUSAGE_POOL_POISON(free_list, sizeof(ListNode));
            MEMUSAGE_POOL_UNPOISON(free_list, bytes);
            return std::exchange(free_list, next);
        }
        const std::ptrdiff_t round_bytes = static_cast<std::ptrdiff_t>(num_alignments * ELEM_ALIGN_BYTES);
        if (round_bytes > m_available_memory_end - m_available_memory_it) {
            AllocateChunk();
        }
        MEMUSAGE_POOL_UNPOISON(m_available_memory_it, round_bytes);
        return std::exchange(m_available_memory_it, m_available_memory_it + round_bytes);
    }

    void Deallocate(void* p, std::size_t bytes, std::size_t alignment) noexcept
    {
        if (!IsFreeListUsable(bytes, alignment)) {
            ::operator delete (p, std::align_val_t{alignment});
            return;
        }
        MEMUSAGE_POOL_POISON(p, bytes);
        MEMUSAGE_POOL_UNPOISON(p, sizeof(ListNode));
        PlacementAddToList(p, m_free_lists[NumElemAlignBytes(bytes)]);
        MEMUSAGE_POOL_POISON(p, std::max(bytes, sizeof(ListNode)));
    }

    /** Chunks held, each of ChunkSizeBytes(); memory usage accounting multiplies the two. */
    [[nodiscard]] std::size_t NumAllocatedChunks() const { return m_allocated_chunks.size(); }

    [[nodiscard]] std::size_t ChunkSizeBytes() const { return m_chunk_size_bytes; }
};

/** A standard allocator over a PoolResource, which it does not own: copies share the resource. */
template <class T, std::size_t MAX_BLOCK_SIZE_BYTES, std::size_t ALIGN_BYTES = alignof(T)>
class PoolAllocator
{
    PoolResource<MAX_BLOCK_SIZE_BYTES, ALIGN_BYTES>* m_resource;

    template <typename U, std::size_t M, std::size_t A>
    friend class PoolAllocator;

public:
    using value_type = T;
    using ResourceType = PoolResource<MAX_BLOCK_SIZE_BYTES, ALIGN_BYTES>;

    PoolAllocator(ResourceType* resource) noexcept : m_resource(resource) {}

    PoolAllocator(const PoolAllocator& other) noexcept = default;
    PoolAllocator& operator=(const PoolAllocator& other) noexcept = default;

    template <class U>
    PoolAllocator(const PoolAllocator<U, MAX_BLOCK_SIZE_BYTES, ALIGN_BYTES>& other) noexcept : m_resource(other.resource())
    {
    }

    /** Rebinding keeps the pool's parameters, so nodes of every type draw from one resource. */
    template <typename U>
    struct rebind {
        using other = PoolAllocator<U, MAX_BLOCK_SIZE_BYTES, ALIGN_BYTES>;
    };

    T* allocate(size_t n)
    {
        return static_cast<T*>(m_resource->Allocate(n * sizeof(T), alignof(T)));
    }

    void deallocate(T* p, size_t n) noexcept
    {
        m_resource->Deallocate(p, n * sizeof(T), alignof(T));
    }

    ResourceType* resource() const noexcept
    {
        return m_resource;
    }
};

template <class T1, class T2, std::size_t MAX_BLOCK_SIZE_BYTES, std::size_t ALIGN_BYTES>
bool operator==(const PoolAllocator<T1, MAX_BLOCK_SIZE_BYTES, ALIGN_BYTES>& a,
                const PoolAllocator<T2, MAX_BLOCK_SIZE_BYTES, ALIGN_BYTES>& b) noexcept
{
    return a.resource() == b.resource();
}

template <class T1, class T2, std::size_t MAX_BLOCK_SIZE_BYTES, std::size_t ALIGN_BYTES>
bool operator!=(const PoolAllocator<T1, MAX_BLOCK_SIZE_BYTES, ALIGN_BYTES>& a,
                const PoolAllocator<T2, MAX_BLOCK_SIZE_BYTES, ALIGN_BYTES>& b) noexcept
{
    return !(a == b);
}

#include <memusage/dropins.h>

#endif // BITCOIN_SUPPORT_ALLOCATORS_POOL_H
