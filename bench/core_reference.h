// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_BENCH_CORE_REFERENCE_H
#define MEMUSAGE_BENCH_CORE_REFERENCE_H

#include <memusage.h>

#include <cstddef>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

// Core's DynamicUsage formulas restated, for bench/count.cpp to count their instructions beside
// ours: the yardstick for "never slower than Core". The arithmetic is Core's (memusage.h, the
// same from v0.12 to v31): no guard against wrapping, a zero test, then the rounding. Node sizes
// come from our shims, which are Core's to the byte (test/memusage_tests.cpp). Not installed.

namespace core_reference {

inline size_t MallocUsage(size_t alloc)
{
    if (alloc == 0) return 0;
    return sizeof(void*) == 8 ? ((alloc + 31) >> 4) << 4 : ((alloc + 15) >> 3) << 3;
}

template <typename X>
size_t DynamicUsage(const std::vector<X>& v) { return MallocUsage(v.capacity() * sizeof(X)); }

inline size_t DynamicUsage(const std::string& s)
{
    const char* object{reinterpret_cast<const char*>(&s)};
    if (!std::less<const char*>{}(s.data(), object) && !std::greater<const char*>{}(s.data() + s.size(), object + sizeof(s))) return 0;
    return MallocUsage(s.capacity());
}

template <typename X>
size_t DynamicUsage(const std::set<X>& s) { return MallocUsage(sizeof(memusage::stl_tree_node<X>)) * s.size(); }

template <typename K, typename V>
size_t DynamicUsage(const std::map<K, V>& m) { return MallocUsage(sizeof(memusage::stl_tree_node<std::pair<const K, V>>)) * m.size(); }

template <typename X>
size_t DynamicUsage(const std::list<X>& l) { return MallocUsage(sizeof(memusage::list_node<X>)) * l.size(); }

template <typename X>
size_t DynamicUsage(const std::unique_ptr<X>& p) { return p ? MallocUsage(sizeof(X)) : 0; }

template <typename X>
size_t DynamicUsage(const std::shared_ptr<X>& p)
{
    return p ? MallocUsage(sizeof(X)) + MallocUsage(sizeof(memusage::stl_shared_counter)) : 0;
}

template <typename X>
size_t DynamicUsage(const std::unordered_set<X>& s)
{
    return MallocUsage(sizeof(memusage::unordered_node<X>)) * s.size() + MallocUsage(sizeof(void*) * s.bucket_count());
}

template <typename K, typename V>
size_t DynamicUsage(const std::unordered_map<K, V>& m)
{
    return MallocUsage(sizeof(memusage::unordered_node<std::pair<const K, V>>)) * m.size() + MallocUsage(sizeof(void*) * m.bucket_count());
}

template <unsigned int N, typename X>
size_t DynamicUsage(const prevector<N, X>& v) { return MallocUsage(v.allocated_memory()); }

template <typename K, typename V>
size_t DynamicUsage(const indirectmap<K, V>& m) { return MallocUsage(sizeof(memusage::stl_tree_node<std::pair<const K*, V>>)) * m.size(); }

template <class K, class V, class H, class E, std::size_t MAX_BLOCK_SIZE_BYTES, std::size_t ALIGN_BYTES>
size_t DynamicUsage(const std::unordered_map<K, V, H, E, PoolAllocator<std::pair<const K, V>, MAX_BLOCK_SIZE_BYTES, ALIGN_BYTES>>& m)
{
    const auto* resource = m.get_allocator().resource();
    const size_t chunks{resource->NumAllocatedChunks()};
    return MallocUsage(sizeof(void*) * 3) * chunks + MallocUsage(resource->ChunkSizeBytes()) * chunks +
           MallocUsage(sizeof(void*) * m.bucket_count());
}

} // namespace core_reference

#endif // MEMUSAGE_BENCH_CORE_REFERENCE_H
