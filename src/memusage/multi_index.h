// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_MEMUSAGE_MULTI_INDEX_H
#define MEMUSAGE_MEMUSAGE_MULTI_INDEX_H

#include <memusage/context.h>
#include <memusage/malloc.h>

#include <boost/mpl/at.hpp>
#include <boost/mpl/size.hpp>
#include <boost/multi_index/hashed_index_fwd.hpp>
#include <boost/multi_index/ordered_index_fwd.hpp>
#include <boost/multi_index/random_access_index_fwd.hpp>
#include <boost/multi_index/ranked_index_fwd.hpp>
#include <boost/multi_index/sequenced_index_fwd.hpp>
#include <boost/multi_index_container.hpp>
#include <boost/type_traits/alignment_of.hpp>

#include <cstddef>
#include <memory>
#include <type_traits>
#include <utility>

// boost::multi_index_container (Core's mapTx) at Boost's real layout, read from Boost 1.74 and
// 1.81 (unchanged between them in every respect used here) and proved by
// test/multi_index_tests.cpp against a counting allocator:
// - one node per element, a single block: the value (index_node_base's aligned storage, at
//   boost::alignment_of), then each index's links;
// - one more node of the same type, the header, from construction to destruction;
// - each hashed index: a bucket array of bucket_count() + 1 pointers (the extra one is the end
//   sentinel), allocated from construction on, so an empty container holds one too (53 buckets);
// - each random_access index: an array of capacity() + 1 pointers (again the end), also from
//   construction on.
// Core charges MallocUsage(sizeof(entry) + 15 * sizeof(void*)) per entry, no header, no arrays.

namespace memusage {
namespace detail {

#if defined(BOOST_MULTI_INDEX_DISABLE_COMPRESSED_ORDERED_INDEX_NODES)
/** Colour (an enum), parent, left, right: the colour takes a whole pointer with its padding. */
inline constexpr size_t MULTI_INDEX_ORDERED_WORDS{4};
#else
/** Parent and colour packed in one uintptr_t (the parent is at least 2-aligned, so bit 0 is
 *  free), then left and right: Boost does this for every allocator with plain pointers. */
inline constexpr size_t MULTI_INDEX_ORDERED_WORDS{3};
#endif

enum class MultiIndexKind {
    ORDERED,       //!< ordered_unique, ordered_non_unique, ranked_*
    HASHED,        //!< hashed_unique, hashed_non_unique: plus a bucket array
    SEQUENCED,     //!< sequenced
    RANDOM_ACCESS, //!< random_access: plus a pointer array
};

/** What an index specifier adds to each node (pointer-sized words: every field Boost puts there
 *  is a pointer, a uintptr_t or a size_t) and what the index allocates beside the nodes. An
 *  index kind not listed here does not compile, rather than be charged a guess. */
template <typename Specifier>
struct MultiIndexLinks;

template <typename A1, typename A2, typename A3>
struct MultiIndexLinks<boost::multi_index::ordered_unique<A1, A2, A3>> {
    static constexpr size_t WORDS{MULTI_INDEX_ORDERED_WORDS};
    static constexpr MultiIndexKind KIND{MultiIndexKind::ORDERED};
};
template <typename A1, typename A2, typename A3>
struct MultiIndexLinks<boost::multi_index::ordered_non_unique<A1, A2, A3>> {
    static constexpr size_t WORDS{MULTI_INDEX_ORDERED_WORDS};
    static constexpr MultiIndexKind KIND{MultiIndexKind::ORDERED};
};
/** A ranked node is an ordered node plus the size of its subtree (ranked_node::size). */
template <typename A1, typename A2, typename A3>
struct MultiIndexLinks<boost::multi_index::ranked_unique<A1, A2, A3>> {
    static constexpr size_t WORDS{MULTI_INDEX_ORDERED_WORDS + 1};
    static constexpr MultiIndexKind KIND{MultiIndexKind::ORDERED};
};
template <typename A1, typename A2, typename A3>
struct MultiIndexLinks<boost::multi_index::ranked_non_unique<A1, A2, A3>> {
    static constexpr size_t WORDS{MULTI_INDEX_ORDERED_WORDS + 1};
    static constexpr MultiIndexKind KIND{MultiIndexKind::ORDERED};
};
/** prior_ and next_ (hashed_index_node_impl), for unique and non-unique alike. */
template <typename A1, typename A2, typename A3, typename A4>
struct MultiIndexLinks<boost::multi_index::hashed_unique<A1, A2, A3, A4>> {
    static constexpr size_t WORDS{2};
    static constexpr MultiIndexKind KIND{MultiIndexKind::HASHED};
};
template <typename A1, typename A2, typename A3, typename A4>
struct MultiIndexLinks<boost::multi_index::hashed_non_unique<A1, A2, A3, A4>> {
    static constexpr size_t WORDS{2};
    static constexpr MultiIndexKind KIND{MultiIndexKind::HASHED};
};
/** prior_ and next_ (sequenced_index_node_impl). */
template <typename T>
struct MultiIndexLinks<boost::multi_index::sequenced<T>> {
    static constexpr size_t WORDS{2};
    static constexpr MultiIndexKind KIND{MultiIndexKind::SEQUENCED};
};
/** up_: the node's slot in the pointer array (random_access_index_node_impl). */
template <typename T>
struct MultiIndexLinks<boost::multi_index::random_access<T>> {
    static constexpr size_t WORDS{1};
    static constexpr MultiIndexKind KIND{MultiIndexKind::RANDOM_ACCESS};
};

template <typename Specifiers, size_t I>
using MultiIndexLinksAt = MultiIndexLinks<typename boost::mpl::at_c<Specifiers, I>::type>;

template <typename Specifiers, size_t... I>
constexpr size_t MultiIndexLinkWords(std::index_sequence<I...>)
{
    return (MultiIndexLinksAt<Specifiers, I>::WORDS + ...);
}

template <typename Specifiers>
using MultiIndexSequence = std::make_index_sequence<boost::mpl::size<Specifiers>::value>;

/** Boost's node for value V in a container with the given index specifiers: the value, then
 *  every index's links. */
template <typename V, typename Specifiers>
struct multi_index_node {
private:
    alignas(boost::alignment_of<V>::value) unsigned char value[sizeof(V)];
    void* links[MultiIndexLinkWords<Specifiers>(MultiIndexSequence<Specifiers>{})];
};

/** One element's node under either malloc model. */
template <MallocModel MODEL, typename V, typename Specifiers>
constexpr size_t MultiIndexNodeUsage()
{
    return ModelMallocUsage<MODEL>(sizeof(multi_index_node<V, Specifiers>));
}

/** Index I's own array: a hashed index's buckets, a random_access index's pointers, else none. */
template <MallocModel MODEL, size_t I, typename V, typename S, typename A>
size_t MultiIndexArrayUsage(const boost::multi_index_container<V, S, A>& c)
{
    constexpr MultiIndexKind kind{MultiIndexLinksAt<S, I>::KIND};
    if constexpr (kind == MultiIndexKind::HASHED) {
        return BlockUsage<MODEL>((boost::multi_index::get<I>(c).bucket_count() + 1) * sizeof(void*));
    } else if constexpr (kind == MultiIndexKind::RANDOM_ACCESS) {
        return BlockUsage<MODEL>((boost::multi_index::get<I>(c).capacity() + 1) * sizeof(void*));
    } else {
        return 0;
    }
}

template <MallocModel MODEL, typename V, typename S, typename A, size_t... I>
size_t MultiIndexArraysUsage(const boost::multi_index_container<V, S, A>& c, std::index_sequence<I...>)
{
    return (MultiIndexArrayUsage<MODEL, I>(c) + ...);
}

/** A multi_index_container's usage under either malloc model: the nodes, the header node and
 *  the indices' arrays. The node layouts assume plain pointers, as std::allocator has. */
template <MallocModel MODEL, typename V, typename S, typename A>
size_t MultiIndexUsage(const boost::multi_index_container<V, S, A>& c)
{
    static_assert(std::is_pointer_v<typename std::allocator_traits<A>::pointer>,
                  "Boost lays out nodes differently for an allocator with fancy pointers");
    return MultiIndexNodeUsage<MODEL, V, S>() * (c.size() + 1) +
           MultiIndexArraysUsage<MODEL>(c, MultiIndexSequence<S>{});
}

} // namespace detail

template <typename V, typename S, typename A>
static inline size_t DynamicUsage(const boost::multi_index_container<V, S, A>& c)
{
    return detail::MultiIndexUsage<detail::COMPILED_MODEL>(c);
}

/** One more element costs one node; the arrays are held fixed (a hashed index rehashes, and a
 *  random_access one grows its array, only now and then), as for the unordered containers. */
template <typename V, typename S, typename A>
static inline size_t IncrementalDynamicUsage(const boost::multi_index_container<V, S, A>&)
{
    return detail::MultiIndexNodeUsage<detail::COMPILED_MODEL, V, S>();
}

/** The whole-object figure (context.h): the nodes, header and arrays, then each element's. */
template <typename V, typename S, typename A>
static inline size_t RecursiveDynamicUsage(const boost::multi_index_container<V, S, A>& c, UsageContext& context)
{
    return detail::ContainerUsage(DynamicUsage(c), c, context);
}

} // namespace memusage

#endif // MEMUSAGE_MEMUSAGE_MULTI_INDEX_H
