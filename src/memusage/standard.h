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

// Standard containers. As in Core these are not recursive: DynamicUsage(vector<vector<int>>)
// counts the outer buffer only. Callers that need the inner memory iterate, or cache and
// update the figure as they modify the container, because these functions must stay cheap.

namespace memusage {

template <typename T, typename Allocator>
static inline size_t DynamicUsage(const std::vector<T, Allocator>& v)
{
    return MallocUsage(v.capacity() * sizeof(T));
}

static inline size_t DynamicUsage(const std::string& s)
{
    // Short strings live inside the object itself (up to 15 characters in libstdc++ and
    // 22 in libc++), and then there is no allocation to charge.
    const char* object{reinterpret_cast<const char*>(&s)};
    if (!std::less<const char*>{}(s.data(), object) &&
        !std::greater<const char*>{}(s.data() + s.size(), object + sizeof(s))) {
        return 0;
    }
    return MallocUsage(s.capacity());
}

template <typename X, typename Y>
static inline size_t DynamicUsage(const std::set<X, Y>& s)
{
    return MallocUsage(sizeof(stl_tree_node<X>)) * s.size();
}

template <typename X, typename Y>
static inline size_t IncrementalDynamicUsage(const std::set<X, Y>&)
{
    return MallocUsage(sizeof(stl_tree_node<X>));
}

template <typename X, typename Y, typename Z>
static inline size_t DynamicUsage(const std::map<X, Y, Z>& m)
{
    return MallocUsage(sizeof(stl_tree_node<std::pair<const X, Y>>)) * m.size();
}

template <typename X, typename Y, typename Z>
static inline size_t IncrementalDynamicUsage(const std::map<X, Y, Z>&)
{
    return MallocUsage(sizeof(stl_tree_node<std::pair<const X, Y>>));
}

template <typename X>
static inline size_t DynamicUsage(const std::list<X>& l)
{
    return MallocUsage(sizeof(list_node<X>)) * l.size();
}

template <typename X>
static inline size_t DynamicUsage(const std::unique_ptr<X>& p)
{
    return p ? MallocUsage(sizeof(X)) : 0;
}

template <typename X>
static inline size_t DynamicUsage(const std::shared_ptr<X>& p)
{
    // std::make_shared puts the counters and the object in one block, a plain shared_ptr
    // allocates them apart. The pointer cannot tell which, so charge the costlier: two blocks.
    return p ? MallocUsage(sizeof(X)) + MallocUsage(sizeof(stl_shared_counter)) : 0;
}

template <typename X, typename Y>
static inline size_t DynamicUsage(const std::unordered_set<X, Y>& s)
{
    return MallocUsage(sizeof(unordered_node<X>)) * s.size() + MallocUsage(sizeof(void*) * s.bucket_count());
}

template <typename X, typename Y, typename Z>
static inline size_t DynamicUsage(const std::unordered_map<X, Y, Z>& m)
{
    return MallocUsage(sizeof(unordered_node<std::pair<const X, Y>>)) * m.size() + MallocUsage(sizeof(void*) * m.bucket_count());
}

// One more element costs one node; the bucket array is held fixed. A rehash may follow the
// insert, but when is the hash policy's business (the seed's rule, which Core lacks).
template <typename X, typename Y>
static inline size_t IncrementalDynamicUsage(const std::unordered_set<X, Y>&)
{
    return MallocUsage(sizeof(unordered_node<X>));
}

template <typename X, typename Y, typename Z>
static inline size_t IncrementalDynamicUsage(const std::unordered_map<X, Y, Z>&)
{
    return MallocUsage(sizeof(unordered_node<std::pair<const X, Y>>));
}

} // namespace memusage

#endif // MEMUSAGE_MEMUSAGE_STANDARD_H
