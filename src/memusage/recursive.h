// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_MEMUSAGE_RECURSIVE_H
#define MEMUSAGE_MEMUSAGE_RECURSIVE_H

#include <memusage/builtin.h>
#include <memusage/core_containers.h>
#include <memusage/malloc.h>
#include <memusage/standard.h>

#include <cstddef>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <vector>

// The seed's additions to Core: RecursiveDynamicUsage, which follows owning pointers into
// what they own, and the incremental and optional rules Core lacks.
//
// A type of the caller's joins by declaring `size_t RecursiveDynamicUsage(const T&)` in T's own
// namespace (or the global one, for a global T), where argument-dependent lookup finds it from
// inside these templates, as Core's core_memusage.h does for CTransaction. A container family
// with overloads of its own (such as <memusage/boost.h>) must be included before this header
// for shared_ptr, unique_ptr and optional to recurse into it.

namespace memusage {

// Declared before any definition, so that every overload sees every other when they nest
// (std::shared_ptr<std::optional<std::vector<int>>>).
template <typename X>
static inline size_t RecursiveDynamicUsage(const std::unique_ptr<X>& p);
template <typename X>
static inline size_t RecursiveDynamicUsage(const std::shared_ptr<X>& p);
template <typename X>
static inline size_t RecursiveDynamicUsage(const std::optional<X>& o);
template <typename X>
static inline size_t IncrementalDynamicUsage(const std::shared_ptr<X>& p);

/** std::optional holds its value inside itself: nothing on the heap of its own. */
template <typename X>
static inline size_t DynamicUsage(const std::optional<X>&)
{
    return 0;
}

/** Scalars and raw pointers own nothing, as in DynamicUsage. */
template <typename X, std::enable_if_t<std::is_arithmetic_v<X> || std::is_pointer_v<X>, int> = 0>
static inline size_t RecursiveDynamicUsage(const X&)
{
    return 0;
}

// Containers: their own allocations only. Core leaves the elements' memory to the caller,
// for speed; a caller that wants it iterates, or caches the figure as it modifies.
template <typename T, typename Allocator>
static inline size_t RecursiveDynamicUsage(const std::vector<T, Allocator>& v) { return DynamicUsage(v); }
static inline size_t RecursiveDynamicUsage(const std::string& s) { return DynamicUsage(s); }
template <unsigned int N, typename X, typename S, typename D>
static inline size_t RecursiveDynamicUsage(const prevector<N, X, S, D>& v) { return DynamicUsage(v); }
template <typename X, typename Y>
static inline size_t RecursiveDynamicUsage(const std::set<X, Y>& s) { return DynamicUsage(s); }
template <typename X, typename Y, typename Z>
static inline size_t RecursiveDynamicUsage(const std::map<X, Y, Z>& m) { return DynamicUsage(m); }
template <typename X, typename Y>
static inline size_t RecursiveDynamicUsage(const std::multiset<X, Y>& s) { return DynamicUsage(s); }
template <typename X, typename Y, typename Z>
static inline size_t RecursiveDynamicUsage(const std::multimap<X, Y, Z>& m) { return DynamicUsage(m); }
template <typename X>
static inline size_t RecursiveDynamicUsage(const std::list<X>& l) { return DynamicUsage(l); }
template <typename X, typename Y>
static inline size_t RecursiveDynamicUsage(const std::unordered_set<X, Y>& s) { return DynamicUsage(s); }
template <typename X, typename Y, typename Z>
static inline size_t RecursiveDynamicUsage(const std::unordered_map<X, Y, Z>& m) { return DynamicUsage(m); }
template <typename X, typename Y>
static inline size_t RecursiveDynamicUsage(const indirectmap<X, Y>& m) { return DynamicUsage(m); }

// Owning pointers: the block they own, then whatever that object owns in turn.
template <typename X>
static inline size_t RecursiveDynamicUsage(const std::unique_ptr<X>& p)
{
    return p ? DynamicUsage(p) + RecursiveDynamicUsage(*p) : 0;
}

template <typename X>
static inline size_t RecursiveDynamicUsage(const std::shared_ptr<X>& p)
{
    return p ? DynamicUsage(p) + RecursiveDynamicUsage(*p) : 0;
}

template <typename X>
static inline size_t RecursiveDynamicUsage(const std::optional<X>& o)
{
    return o ? RecursiveDynamicUsage(*o) : 0;
}

/** Growing the shared object costs what growing it costs; the pointer is already paid for. */
template <typename X>
static inline size_t IncrementalDynamicUsage(const std::shared_ptr<X>& p)
{
    return p ? IncrementalDynamicUsage(*p) : 0;
}

} // namespace memusage

#endif // MEMUSAGE_MEMUSAGE_RECURSIVE_H
