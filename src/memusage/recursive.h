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
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

// Beyond Core: RecursiveDynamicUsage, which follows owning pointers into what they own, and the
// incremental and optional rules Core lacks.
//
// A type of the caller's joins by declaring `size_t RecursiveDynamicUsage(const T&)` in T's own
// namespace (or the global one, for a global T), where argument-dependent lookup finds it from
// inside these templates, as Core's core_memusage.h does for CTransaction. A container family
// with DynamicUsage overloads of its own (such as <memusage/boost.h>) must be included before
// this header: its containers' RecursiveDynamicUsage is the fallback below, which sees the
// DynamicUsage overloads declared before it.

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

namespace detail {

template <typename T, typename = void>
struct HasDynamicUsage : std::false_type {
};
template <typename T>
struct HasDynamicUsage<T, std::void_t<decltype(DynamicUsage(std::declval<const T&>()))>> : std::true_type {
};

/** A leaf container: anything with a DynamicUsage overload (of any allocator, comparator or
 *  hasher) that the scalar rule above and the owning-pointer rules below do not take. */
template <typename C>
inline constexpr bool IS_LEAF_CONTAINER{!std::is_arithmetic_v<C> && !std::is_pointer_v<C> && HasDynamicUsage<C>::value};

} // namespace detail

/** Containers: their own allocations only. Core leaves the elements' memory to the caller, for
 *  speed; a caller that wants it iterates, caches the figure as it modifies, or walks the whole
 *  object through a UsageContext (<memusage/context.h>). */
template <typename C, std::enable_if_t<detail::IS_LEAF_CONTAINER<C>, int> = 0>
static inline size_t RecursiveDynamicUsage(const C& c)
{
    return DynamicUsage(c);
}

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
