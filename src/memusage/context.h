// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_MEMUSAGE_CONTEXT_H
#define MEMUSAGE_MEMUSAGE_CONTEXT_H

#include <memusage/builtin.h>
#include <memusage/core_containers.h>
#include <memusage/malloc.h>
#include <memusage/recursive.h>
#include <memusage/standard.h>

#include <array>
#include <cstddef>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

// The whole-object figure: RecursiveDynamicUsage(x, context) charges what x owns directly, then
// walks into every element of every container and through every owning pointer, charging a
// std::shared_ptr's control block and payload only the first time any walk through the same
// context reaches them. A transaction held by a mempool, an orphanage and a block cache is then
// charged once when the three are measured through one context, as Rust's allocative and
// deepsize do with their contexts. The one-argument forms (recursive.h) stay as Core and the
// seed have them: a container's own allocations, a shared payload once per holder.
//
// Every overload takes the context as its second argument, so argument-dependent lookup finds
// namespace memusage from inside any template, whatever the order the headers were included in.
// A caller's type joins by declaring `size_t RecursiveDynamicUsage(const T&, memusage::UsageContext&)`
// in T's namespace, charging its members through the same call. A type without one falls back
// to its one-argument RecursiveDynamicUsage (its shared payloads then charged per holder), then,
// if it is trivially copyable, to 0 (it owns nothing on the heap); anything else does not compile.

namespace memusage {

/** Remembers which shared objects a walk has charged, by owner (control block), so that two
 *  shared_ptrs to one object are charged once, and an aliasing shared_ptr (pointing into a
 *  member) counts as its owner. It holds a weak_ptr to each owner it has seen: the control
 *  blocks outlive their objects until the context goes. Not thread-safe; one per walk. */
class UsageContext
{
public:
    /** True the first time this context sees p's owner (false for a null p). */
    template <typename X>
    bool FirstVisit(const std::shared_ptr<X>& p)
    {
        if (!p) return false;
        return m_owners.insert(std::weak_ptr<const void>{p}).second;
    }

    /** Distinct owners seen so far. */
    size_t SharedObjects() const { return m_owners.size(); }

    /** Forget every owner: the next walk charges each shared object again. */
    void Clear() { m_owners.clear(); }

private:
    std::set<std::weak_ptr<const void>, std::owner_less<>> m_owners;
};

namespace detail {

template <typename T, typename = void>
struct HasOneArgumentRecursive : std::false_type {
};
template <typename T>
struct HasOneArgumentRecursive<T, std::void_t<decltype(RecursiveDynamicUsage(std::declval<const T&>()))>> : std::true_type {
};

template <typename T>
inline constexpr bool ALWAYS_FALSE{false};

/** Elements that own nothing and need not be visited one by one. */
template <typename X>
inline constexpr bool OWNS_NOTHING{std::is_arithmetic_v<X> || std::is_enum_v<X> || std::is_pointer_v<X>};

} // namespace detail

/** A type with no two-argument form of its own: its one-argument form, or 0 for a trivially
 *  copyable type (see the comment at the top). */
template <typename T>
static inline size_t RecursiveDynamicUsage(const T& x, UsageContext&)
{
    if constexpr (detail::OWNS_NOTHING<T>) {
        return 0;
    } else if constexpr (detail::HasOneArgumentRecursive<T>::value) {
        return RecursiveDynamicUsage(x);
    } else if constexpr (std::is_trivially_copyable_v<T>) {
        return 0;
    } else {
        static_assert(detail::ALWAYS_FALSE<T>, "declare size_t RecursiveDynamicUsage(const T&, memusage::UsageContext&) for this type");
        return 0;
    }
}

namespace detail {

/** A container's own allocations (own, its DynamicUsage, which the caller computes: a family
 *  declared after this header, such as Boost's, is not visible from here), then each element's
 *  whole figure. */
template <typename Container>
size_t ContainerUsage(size_t own, const Container& c, UsageContext& context)
{
    size_t usage{own};
    if constexpr (!OWNS_NOTHING<typename Container::value_type>) {
        for (const auto& element : c) usage += RecursiveDynamicUsage(element, context);
    }
    return usage;
}

} // namespace detail

template <typename A, typename B>
static inline size_t RecursiveDynamicUsage(const std::pair<A, B>& p, UsageContext& context)
{
    return RecursiveDynamicUsage(p.first, context) + RecursiveDynamicUsage(p.second, context);
}

template <typename... X>
static inline size_t RecursiveDynamicUsage(const std::tuple<X...>& t, UsageContext& context)
{
    return std::apply([&](const auto&... x) { return (size_t{0} + ... + RecursiveDynamicUsage(x, context)); }, t);
}

/** Inline elements: nothing of its own, each element's figure. */
template <typename X, size_t N>
static inline size_t RecursiveDynamicUsage(const std::array<X, N>& a, UsageContext& context)
{
    size_t usage{0};
    if constexpr (!detail::OWNS_NOTHING<X>) {
        for (const X& x : a) usage += RecursiveDynamicUsage(x, context);
    }
    return usage;
}

template <typename X, typename A>
static inline size_t RecursiveDynamicUsage(const std::vector<X, A>& v, UsageContext& context) { return detail::ContainerUsage(DynamicUsage(v), v, context); }
static inline size_t RecursiveDynamicUsage(const std::string& s, UsageContext&) { return DynamicUsage(s); }
template <typename X, typename C, typename A>
static inline size_t RecursiveDynamicUsage(const std::set<X, C, A>& s, UsageContext& context) { return detail::ContainerUsage(DynamicUsage(s), s, context); }
template <typename X, typename C, typename A>
static inline size_t RecursiveDynamicUsage(const std::multiset<X, C, A>& s, UsageContext& context) { return detail::ContainerUsage(DynamicUsage(s), s, context); }
template <typename K, typename V, typename C, typename A>
static inline size_t RecursiveDynamicUsage(const std::map<K, V, C, A>& m, UsageContext& context) { return detail::ContainerUsage(DynamicUsage(m), m, context); }
template <typename K, typename V, typename C, typename A>
static inline size_t RecursiveDynamicUsage(const std::multimap<K, V, C, A>& m, UsageContext& context) { return detail::ContainerUsage(DynamicUsage(m), m, context); }
template <typename X, typename A>
static inline size_t RecursiveDynamicUsage(const std::list<X, A>& l, UsageContext& context) { return detail::ContainerUsage(DynamicUsage(l), l, context); }
template <typename X, typename H, typename E, typename A>
static inline size_t RecursiveDynamicUsage(const std::unordered_set<X, H, E, A>& s, UsageContext& context) { return detail::ContainerUsage(DynamicUsage(s), s, context); }
/** Also Core's pool-backed maps: DynamicUsage charges their chunks, which hold the nodes. */
template <typename K, typename V, typename H, typename E, typename A>
static inline size_t RecursiveDynamicUsage(const std::unordered_map<K, V, H, E, A>& m, UsageContext& context) { return detail::ContainerUsage(DynamicUsage(m), m, context); }
template <unsigned int N, typename X, typename S, typename D>
static inline size_t RecursiveDynamicUsage(const prevector<N, X, S, D>& v, UsageContext& context) { return detail::ContainerUsage(DynamicUsage(v), v, context); }
/** The keys are pointers to objects held elsewhere: only the values are walked into. */
template <typename K, typename V>
static inline size_t RecursiveDynamicUsage(const indirectmap<K, V>& m, UsageContext& context) { return detail::ContainerUsage(DynamicUsage(m), m, context); }

template <typename X>
static inline size_t RecursiveDynamicUsage(const std::unique_ptr<X>& p, UsageContext& context)
{
    return p ? DynamicUsage(p) + RecursiveDynamicUsage(*p, context) : 0;
}

/** The control block and the object the first time the context meets their owner, then 0.
 *  As DynamicUsage does, two blocks are charged: make_shared's single block costs no more. */
template <typename X>
static inline size_t RecursiveDynamicUsage(const std::shared_ptr<X>& p, UsageContext& context)
{
    if (!context.FirstVisit(p)) return 0;
    return DynamicUsage(p) + RecursiveDynamicUsage(*p, context);
}

/** A weak_ptr owns nothing: whatever it sees is charged through a shared_ptr. */
template <typename X>
static inline size_t RecursiveDynamicUsage(const std::weak_ptr<X>&, UsageContext&)
{
    return 0;
}

template <typename X>
static inline size_t RecursiveDynamicUsage(const std::optional<X>& o, UsageContext& context)
{
    return o ? RecursiveDynamicUsage(*o, context) : 0;
}

} // namespace memusage

#endif // MEMUSAGE_MEMUSAGE_CONTEXT_H
