// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_MEMUSAGE_STANDARD_H
#define MEMUSAGE_MEMUSAGE_STANDARD_H

#include <memusage/malloc.h>
#include <memusage/nodes.h>

#include <cstddef>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

// Declared here so that the unordered_map overload below can refuse a PoolAllocator map, whose
// overload (core_containers.h) charges the pool's chunks instead of nodes.
template <class T, std::size_t MAX_BLOCK_SIZE_BYTES, std::size_t ALIGN_BYTES>
class PoolAllocator;

// Standard containers, with any allocator that obtains its blocks from malloc and uses plain
// pointers (the node layouts assume both): std::allocator, memusage::AccountingAllocator, a
// counting allocator in a test. As in Core these are not recursive: DynamicUsage(vector<vector<int>>)
// counts the outer buffer only. Callers that need the inner memory iterate, or cache and
// update the figure as they modify the container, because these functions must stay cheap.

namespace memusage {
namespace detail {

template <typename A>
inline constexpr bool IS_POOL_ALLOCATOR{false};
template <class T, std::size_t M, std::size_t N>
inline constexpr bool IS_POOL_ALLOCATOR<::PoolAllocator<T, M, N>>{true};

// Each container's figure under any malloc model (malloc.h), from the numbers it exposes, so
// that the probe can print the models side by side. The overloads below use COMPILED_MODEL;
// under the core model each reduces to Core's expression, shim for shim; every other model
// describes a real allocator and uses libstdc++'s real layouts (IsRealAllocatorModel).

/** A tree node: the same layout under every model, libstdc++'s _Rb_tree_node being Core's shim. */
template <MallocModel MODEL, typename X>
constexpr size_t TreeNodeUsage()
{
    return ModelMallocUsage<MODEL>(sizeof(stl_tree_node<X>));
}

/** A list node: the same layout under every model, as for trees (_List_node). */
template <MallocModel MODEL, typename X>
constexpr size_t ListNodeUsage()
{
    return ModelMallocUsage<MODEL>(sizeof(list_node<X>));
}

/** A hash node holding X, for a table keyed by Key and hashed by Hash: Core's shim, or
 *  libstdc++'s node with the hash code where libstdc++ caches it. */
template <MallocModel MODEL, typename X, typename Key, typename Hash>
constexpr size_t HashNodeUsage()
{
    if constexpr (IsRealAllocatorModel(MODEL)) {
        return ModelMallocUsage<MODEL>(sizeof(stl_hash_node<X, HASH_NODE_CACHES_HASH<Key, Hash>>));
    } else {
        return ModelMallocUsage<MODEL>(sizeof(unordered_node<X>));
    }
}

/** A hash table's bucket array, one pointer per bucket. libstdc++ keeps a table of one bucket
 *  inside the table object (_M_single_bucket) and allocates nothing for it. */
template <MallocModel MODEL>
constexpr size_t HashBucketsUsage(size_t bucket_count)
{
#if defined(__GLIBCXX__)
    if (IsRealAllocatorModel(MODEL) && bucket_count == 1) return 0;
#endif
    return BlockUsage<MODEL>(sizeof(void*) * bucket_count);
}

/** A string's heap buffer: Core charges the capacity; the buffer really holds one more byte,
 *  the terminating null (libstdc++ and libc++ both allocate capacity() + 1). */
template <MallocModel MODEL>
constexpr size_t StringHeapUsage(size_t capacity)
{
    if constexpr (IsRealAllocatorModel(MODEL)) {
        return BlockUsage<MODEL>(capacity + 1);
    } else {
        return BlockUsage<MODEL>(capacity);
    }
}

/** A string's own allocation: none while the characters sit inside the object itself (short
 *  strings: up to 15 characters in libstdc++, 22 in libc++), else its heap buffer. Any
 *  basic_string, so that the probe can measure one on a recording allocator. */
template <MallocModel MODEL, typename String>
inline size_t StringUsage(const String& s)
{
    const char* object{reinterpret_cast<const char*>(&s)};
    if (!std::less<const char*>{}(s.data(), object) &&
        !std::greater<const char*>{}(s.data() + s.size(), object + sizeof(s))) {
        return 0;
    }
    return StringHeapUsage<MODEL>(s.capacity());
}

/** A non-null shared_ptr<X>. std::make_shared puts the counters and the object in one block, a
 *  plain shared_ptr allocates them apart. The pointer cannot tell which, so charge the costlier:
 *  two blocks. Under the exact model the counter block is libstdc++'s _Sp_counted_ptr, and two
 *  blocks cost at least as much as make_shared's one: for an object aligned to at most 16, that
 *  block is the object plus at most 16 bytes of counters and padding, so its chunk is at most
 *  the object's chunk + 16, less than the counter block's (32 bytes, on i386 too).
 *  test/exact_tests.cpp measures both ways. Under the size-class models (jemalloc, mimalloc,
 *  tcmalloc) the same holds for objects up to 112 bytes, where classes are 16 bytes apart; above,
 *  16 more bytes can cross into a class more than 32 bytes up (a 1024-byte object: make_shared's
 *  block of 1040 is the 1280 class, the two blocks 1024 + 32), so there it can be less. */
template <MallocModel MODEL, typename X>
constexpr size_t SharedPtrUsage()
{
    if constexpr (IsRealAllocatorModel(MODEL)) {
        return ModelMallocUsage<MODEL>(sizeof(X)) + ModelMallocUsage<MODEL>(sizeof(stl_sp_counted_ptr));
    } else {
        return ModelMallocUsage<MODEL>(sizeof(X)) + ModelMallocUsage<MODEL>(sizeof(stl_shared_counter));
    }
}

} // namespace detail

template <typename T, typename Allocator>
static inline size_t DynamicUsage(const std::vector<T, Allocator>& v)
{
    return detail::BlockUsage(v.capacity() * sizeof(T));
}

static inline size_t DynamicUsage(const std::string& s)
{
    return detail::StringUsage<detail::COMPILED_MODEL>(s);
}

template <typename X, typename Y, typename A>
static inline size_t DynamicUsage(const std::set<X, Y, A>& s)
{
    return detail::TreeNodeUsage<detail::COMPILED_MODEL, X>() * s.size();
}

template <typename X, typename Y, typename A>
static inline size_t IncrementalDynamicUsage(const std::set<X, Y, A>&)
{
    return detail::TreeNodeUsage<detail::COMPILED_MODEL, X>();
}

// The multi variants are the same tree (Core has no overloads for them).
template <typename X, typename Y, typename A>
static inline size_t DynamicUsage(const std::multiset<X, Y, A>& s)
{
    return detail::TreeNodeUsage<detail::COMPILED_MODEL, X>() * s.size();
}

template <typename X, typename Y, typename A>
static inline size_t IncrementalDynamicUsage(const std::multiset<X, Y, A>&)
{
    return detail::TreeNodeUsage<detail::COMPILED_MODEL, X>();
}

template <typename X, typename Y, typename Z, typename A>
static inline size_t DynamicUsage(const std::map<X, Y, Z, A>& m)
{
    return detail::TreeNodeUsage<detail::COMPILED_MODEL, std::pair<const X, Y>>() * m.size();
}

template <typename X, typename Y, typename Z, typename A>
static inline size_t IncrementalDynamicUsage(const std::map<X, Y, Z, A>&)
{
    return detail::TreeNodeUsage<detail::COMPILED_MODEL, std::pair<const X, Y>>();
}

template <typename X, typename Y, typename Z, typename A>
static inline size_t DynamicUsage(const std::multimap<X, Y, Z, A>& m)
{
    return detail::TreeNodeUsage<detail::COMPILED_MODEL, std::pair<const X, Y>>() * m.size();
}

template <typename X, typename Y, typename Z, typename A>
static inline size_t IncrementalDynamicUsage(const std::multimap<X, Y, Z, A>&)
{
    return detail::TreeNodeUsage<detail::COMPILED_MODEL, std::pair<const X, Y>>();
}

template <typename X, typename A>
static inline size_t DynamicUsage(const std::list<X, A>& l)
{
    return detail::ListNodeUsage<detail::COMPILED_MODEL, X>() * l.size();
}

template <typename X>
static inline size_t DynamicUsage(const std::unique_ptr<X>& p)
{
    return p ? MallocUsage(sizeof(X)) : 0;
}

template <typename X>
static inline size_t DynamicUsage(const std::shared_ptr<X>& p)
{
    // make_shared or not, the pointer cannot tell: charge two blocks (detail::SharedPtrUsage).
    return p ? detail::SharedPtrUsage<detail::COMPILED_MODEL, X>() : 0;
}

template <typename X, typename Y, typename E, typename A>
static inline size_t DynamicUsage(const std::unordered_set<X, Y, E, A>& s)
{
    return detail::HashNodeUsage<detail::COMPILED_MODEL, X, X, Y>() * s.size() +
           detail::HashBucketsUsage<detail::COMPILED_MODEL>(s.bucket_count());
}

template <typename X, typename Y, typename Z, typename E, typename A>
static inline size_t DynamicUsage(const std::unordered_map<X, Y, Z, E, A>& m)
{
    static_assert(!detail::IS_POOL_ALLOCATOR<A>, "a PoolAllocator map is charged by its chunks: include <memusage/core_containers.h>");
    return detail::HashNodeUsage<detail::COMPILED_MODEL, std::pair<const X, Y>, X, Z>() * m.size() +
           detail::HashBucketsUsage<detail::COMPILED_MODEL>(m.bucket_count());
}

// One more element costs one node; the bucket array is held fixed. A rehash may follow the
// insert, but when is the hash policy's business. Core has no incremental rule for hash tables.
template <typename X, typename Y, typename E, typename A>
static inline size_t IncrementalDynamicUsage(const std::unordered_set<X, Y, E, A>&)
{
    return detail::HashNodeUsage<detail::COMPILED_MODEL, X, X, Y>();
}

template <typename X, typename Y, typename Z, typename E, typename A>
static inline size_t IncrementalDynamicUsage(const std::unordered_map<X, Y, Z, E, A>&)
{
    return detail::HashNodeUsage<detail::COMPILED_MODEL, std::pair<const X, Y>, X, Z>();
}

} // namespace memusage

#endif // MEMUSAGE_MEMUSAGE_STANDARD_H
