// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_MEMUSAGE_BOOST_H
#define MEMUSAGE_MEMUSAGE_BOOST_H

#include <memusage/boost_unordered.h>
#include <memusage/malloc.h>
#include <memusage/nodes.h>
#include <memusage/standard.h>

#include <boost/container/detail/type_traits.hpp>
#include <boost/container/flat_map.hpp>
#include <boost/container/flat_set.hpp>
#include <boost/container/map.hpp>
#include <boost/container/set.hpp>
#include <boost/container/small_vector.hpp>
#include <boost/container/static_vector.hpp>
#include <boost/container/vector.hpp>
#include <boost/version.hpp>
#if BOOST_VERSION >= 108100
#include <boost/unordered/unordered_flat_map.hpp>
#include <boost/unordered/unordered_flat_set.hpp>
#endif
#if BOOST_VERSION >= 108200
#include <boost/unordered/unordered_node_map.hpp>
#include <boost/unordered/unordered_node_set.hpp>
#endif

#include <cstddef>
#include <functional>
#include <type_traits>
#include <utility>
#include <vector>

// Boost containers, kept apart so that a translation unit that includes only <memusage.h> pays
// for no Boost header. Not recursive, as for the standard containers: RecursiveDynamicUsage of
// a container is its own allocations only.
//
// Include this header BEFORE <memusage.h> (or <memusage/recursive.h>): it ends by including
// <memusage/recursive.h>, whose rules must see these overloads when they are defined: the leaf
// containers' RecursiveDynamicUsage (a Boost container's is its DynamicUsage) and the shared_ptr,
// unique_ptr and optional rules, so that, for example,
// RecursiveDynamicUsage(std::shared_ptr<boost::container::vector<int>>) follows the pointer into
// the vector. Included after it, the one-argument RecursiveDynamicUsage of a Boost container does
// not compile; the two-argument forms at the end work in any order.
//
// Left out: boost::container::deque. Its map of block pointers grows with the history of pushes
// at either end, and how many blocks it holds depends on where the first element sits in its
// block; neither is visible through the public interface, so any formula would be a guess.

namespace memusage {

/** A boost::container::set/map node with the default options (red-black tree, optimize_size):
 *  Boost.Intrusive's compact hook, parent (the colour packed in its low bit), left and right,
 *  then raw storage for the value, aligned by Boost.Container's own alignment_of. That is not
 *  always alignof: clang on 32-bit x86 gives int64_t 8 there (gcc 4), so the node of a
 *  set<int64_t> takes 24 bytes under clang and 20 under gcc. */
template <typename X>
struct boost_tree_node {
private:
    void* parent;
    void* left;
    void* right;
    alignas(boost::container::dtl::alignment_of<X>::value) unsigned char x[sizeof(X)];
};

namespace detail {

/** Whether p points into the object of object_size bytes at object. */
static inline bool PointsInside(const void* p, const void* object, size_t object_size)
{
    const char* begin{static_cast<const char*>(object)};
    const char* c{static_cast<const char*>(p)};
    return !std::less<const char*>{}(c, begin) && std::less<const char*>{}(c, begin + object_size);
}

/** The sequences a boost flat container can keep that always hold their elements on the heap. */
template <typename S>
struct IsHeapVector : std::false_type {
};
template <typename T, typename A, typename O>
struct IsHeapVector<boost::container::vector<T, A, O>> : std::true_type {
};
template <typename T, typename A>
struct IsHeapVector<std::vector<T, A>> : std::true_type {
};

/** A flat container's buffer: capacity() elements of its sequence's value type. */
template <typename Flat>
static inline size_t FlatUsage(const Flat& f)
{
    static_assert(IsHeapVector<typename Flat::sequence_type>::value, "only vector-backed flat containers are modelled");
    return detail::BlockUsage(f.capacity() * sizeof(typename Flat::sequence_type::value_type));
}

/** Bytes of the one block a Boost open-addressing table (Boost 1.81+, boost/unordered/detail/
 *  foa) allocates for bucket_count() slots of slot_size bytes. Slots come in groups of 15, each
 *  with 16 bytes of metadata (15 tag bytes and an overflow byte); the last slot of the last group
 *  is a sentinel, so bucket_count() == 15 * groups - 1. The metadata follows the slots, with up to
 *  one group's worth of padding (less a byte) to align it to 16, and the block is requested in
 *  whole slots. An empty table (bucket_count() == 0) points at static storage. */
static inline size_t BoostFoaTableBytes(size_t bucket_count, size_t slot_size)
{
    if (bucket_count == 0) return 0;
    const size_t bytes{slot_size * bucket_count + 16 * ((bucket_count + 1) / 15 + 1) - 1};
    return (bytes + slot_size - 1) / slot_size * slot_size;
}

} // namespace detail

#if BOOST_VERSION >= 108100
// Open addressing: the elements sit in the table's one block, so an insert that does not rehash
// costs nothing and there is no IncrementalDynamicUsage to give.
template <typename X, typename H, typename P, typename A>
static inline size_t DynamicUsage(const boost::unordered_flat_set<X, H, P, A>& s)
{
    return detail::BlockUsage(detail::BoostFoaTableBytes(s.bucket_count(), sizeof(X)));
}

template <typename K, typename V, typename H, typename P, typename A>
static inline size_t DynamicUsage(const boost::unordered_flat_map<K, V, H, P, A>& m)
{
    return detail::BlockUsage(detail::BoostFoaTableBytes(m.bucket_count(), sizeof(std::pair<const K, V>)));
}
#endif

#if BOOST_VERSION >= 108200
// The same table, whose slots hold one pointer each, plus one block per element for its value.
template <typename X, typename H, typename P, typename A>
static inline size_t DynamicUsage(const boost::unordered_node_set<X, H, P, A>& s)
{
    return detail::BlockUsage(detail::BoostFoaTableBytes(s.bucket_count(), sizeof(void*))) + MallocUsage(sizeof(X)) * s.size();
}

template <typename K, typename V, typename H, typename P, typename A>
static inline size_t DynamicUsage(const boost::unordered_node_map<K, V, H, P, A>& m)
{
    return detail::BlockUsage(detail::BoostFoaTableBytes(m.bucket_count(), sizeof(void*))) + MallocUsage(sizeof(std::pair<const K, V>)) * m.size();
}

template <typename X, typename H, typename P, typename A>
static inline size_t IncrementalDynamicUsage(const boost::unordered_node_set<X, H, P, A>&)
{
    return MallocUsage(sizeof(X));
}

template <typename K, typename V, typename H, typename P, typename A>
static inline size_t IncrementalDynamicUsage(const boost::unordered_node_map<K, V, H, P, A>&)
{
    return MallocUsage(sizeof(std::pair<const K, V>));
}
#endif

template <typename T, typename A, typename O>
static inline size_t DynamicUsage(const boost::container::vector<T, A, O>& v)
{
    return detail::BlockUsage(v.capacity() * sizeof(T));
}

/** Nothing while the elements sit in the inline buffer, the whole buffer once they moved out. */
template <typename T, std::size_t N, typename A, typename O>
static inline size_t DynamicUsage(const boost::container::small_vector<T, N, A, O>& v)
{
    if (detail::PointsInside(v.data(), &v, sizeof(v))) return 0;
    return detail::BlockUsage(v.capacity() * sizeof(T));
}

template <typename T, std::size_t N, typename O>
static inline size_t DynamicUsage(const boost::container::static_vector<T, N, O>&)
{
    return 0;
}

template <typename K, typename C, typename A>
static inline size_t DynamicUsage(const boost::container::flat_set<K, C, A>& s) { return detail::FlatUsage(s); }
template <typename K, typename C, typename A>
static inline size_t DynamicUsage(const boost::container::flat_multiset<K, C, A>& s) { return detail::FlatUsage(s); }
template <typename K, typename V, typename C, typename A>
static inline size_t DynamicUsage(const boost::container::flat_map<K, V, C, A>& m) { return detail::FlatUsage(m); }
template <typename K, typename V, typename C, typename A>
static inline size_t DynamicUsage(const boost::container::flat_multimap<K, V, C, A>& m) { return detail::FlatUsage(m); }

// Tree containers with the default options only: other tree types or optimize_size<false>
// change the node.
template <typename K, typename C, typename A>
static inline size_t DynamicUsage(const boost::container::set<K, C, A>& s)
{
    return MallocUsage(sizeof(boost_tree_node<K>)) * s.size();
}

template <typename K, typename C, typename A>
static inline size_t DynamicUsage(const boost::container::multiset<K, C, A>& s)
{
    return MallocUsage(sizeof(boost_tree_node<K>)) * s.size();
}

template <typename K, typename V, typename C, typename A>
static inline size_t DynamicUsage(const boost::container::map<K, V, C, A>& m)
{
    return MallocUsage(sizeof(boost_tree_node<std::pair<const K, V>>)) * m.size();
}

template <typename K, typename V, typename C, typename A>
static inline size_t DynamicUsage(const boost::container::multimap<K, V, C, A>& m)
{
    return MallocUsage(sizeof(boost_tree_node<std::pair<const K, V>>)) * m.size();
}

template <typename K, typename C, typename A>
static inline size_t IncrementalDynamicUsage(const boost::container::set<K, C, A>&)
{
    return MallocUsage(sizeof(boost_tree_node<K>));
}

template <typename K, typename C, typename A>
static inline size_t IncrementalDynamicUsage(const boost::container::multiset<K, C, A>&)
{
    return MallocUsage(sizeof(boost_tree_node<K>));
}

template <typename K, typename V, typename C, typename A>
static inline size_t IncrementalDynamicUsage(const boost::container::map<K, V, C, A>&)
{
    return MallocUsage(sizeof(boost_tree_node<std::pair<const K, V>>));
}

template <typename K, typename V, typename C, typename A>
static inline size_t IncrementalDynamicUsage(const boost::container::multimap<K, V, C, A>&)
{
    return MallocUsage(sizeof(boost_tree_node<std::pair<const K, V>>));
}

} // namespace memusage

// Last, so that recursive.h's rules (the leaf containers' RecursiveDynamicUsage, the owning
// pointers, optional) are defined after, and so see, every DynamicUsage overload above.
#include <memusage/context.h>

namespace memusage {

// The whole-object figure (context.h): each container's own allocations, then its elements'.
// Found through the context argument, so these work whatever order the headers came in.
template <typename X, typename H, typename P, typename A>
static inline size_t RecursiveDynamicUsage(const boost::unordered_set<X, H, P, A>& s, UsageContext& c) { return detail::ContainerUsage(DynamicUsage(s), s, c); }
template <typename X, typename H, typename P, typename A>
static inline size_t RecursiveDynamicUsage(const boost::unordered_multiset<X, H, P, A>& s, UsageContext& c) { return detail::ContainerUsage(DynamicUsage(s), s, c); }
template <typename K, typename V, typename H, typename P, typename A>
static inline size_t RecursiveDynamicUsage(const boost::unordered_map<K, V, H, P, A>& m, UsageContext& c) { return detail::ContainerUsage(DynamicUsage(m), m, c); }
template <typename K, typename V, typename H, typename P, typename A>
static inline size_t RecursiveDynamicUsage(const boost::unordered_multimap<K, V, H, P, A>& m, UsageContext& c) { return detail::ContainerUsage(DynamicUsage(m), m, c); }
#if BOOST_VERSION >= 108100
template <typename X, typename H, typename P, typename A>
static inline size_t RecursiveDynamicUsage(const boost::unordered_flat_set<X, H, P, A>& s, UsageContext& c) { return detail::ContainerUsage(DynamicUsage(s), s, c); }
template <typename K, typename V, typename H, typename P, typename A>
static inline size_t RecursiveDynamicUsage(const boost::unordered_flat_map<K, V, H, P, A>& m, UsageContext& c) { return detail::ContainerUsage(DynamicUsage(m), m, c); }
#endif
#if BOOST_VERSION >= 108200
template <typename X, typename H, typename P, typename A>
static inline size_t RecursiveDynamicUsage(const boost::unordered_node_set<X, H, P, A>& s, UsageContext& c) { return detail::ContainerUsage(DynamicUsage(s), s, c); }
template <typename K, typename V, typename H, typename P, typename A>
static inline size_t RecursiveDynamicUsage(const boost::unordered_node_map<K, V, H, P, A>& m, UsageContext& c) { return detail::ContainerUsage(DynamicUsage(m), m, c); }
#endif
template <typename T, typename A, typename O>
static inline size_t RecursiveDynamicUsage(const boost::container::vector<T, A, O>& v, UsageContext& c) { return detail::ContainerUsage(DynamicUsage(v), v, c); }
template <typename T, std::size_t N, typename A, typename O>
static inline size_t RecursiveDynamicUsage(const boost::container::small_vector<T, N, A, O>& v, UsageContext& c) { return detail::ContainerUsage(DynamicUsage(v), v, c); }
template <typename T, std::size_t N, typename O>
static inline size_t RecursiveDynamicUsage(const boost::container::static_vector<T, N, O>& v, UsageContext& c) { return detail::ContainerUsage(DynamicUsage(v), v, c); }
template <typename K, typename C, typename A>
static inline size_t RecursiveDynamicUsage(const boost::container::flat_set<K, C, A>& s, UsageContext& c) { return detail::ContainerUsage(DynamicUsage(s), s, c); }
template <typename K, typename C, typename A>
static inline size_t RecursiveDynamicUsage(const boost::container::flat_multiset<K, C, A>& s, UsageContext& c) { return detail::ContainerUsage(DynamicUsage(s), s, c); }
template <typename K, typename V, typename C, typename A>
static inline size_t RecursiveDynamicUsage(const boost::container::flat_map<K, V, C, A>& m, UsageContext& c) { return detail::ContainerUsage(DynamicUsage(m), m, c); }
template <typename K, typename V, typename C, typename A>
static inline size_t RecursiveDynamicUsage(const boost::container::flat_multimap<K, V, C, A>& m, UsageContext& c) { return detail::ContainerUsage(DynamicUsage(m), m, c); }
template <typename K, typename C, typename A>
static inline size_t RecursiveDynamicUsage(const boost::container::set<K, C, A>& s, UsageContext& c) { return detail::ContainerUsage(DynamicUsage(s), s, c); }
template <typename K, typename C, typename A>
static inline size_t RecursiveDynamicUsage(const boost::container::multiset<K, C, A>& s, UsageContext& c) { return detail::ContainerUsage(DynamicUsage(s), s, c); }
template <typename K, typename V, typename C, typename A>
static inline size_t RecursiveDynamicUsage(const boost::container::map<K, V, C, A>& m, UsageContext& c) { return detail::ContainerUsage(DynamicUsage(m), m, c); }
template <typename K, typename V, typename C, typename A>
static inline size_t RecursiveDynamicUsage(const boost::container::multimap<K, V, C, A>& m, UsageContext& c) { return detail::ContainerUsage(DynamicUsage(m), m, c); }

} // namespace memusage

#endif // MEMUSAGE_MEMUSAGE_BOOST_H
