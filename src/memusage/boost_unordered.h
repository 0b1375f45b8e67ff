// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_MEMUSAGE_BOOST_UNORDERED_H
#define MEMUSAGE_MEMUSAGE_BOOST_UNORDERED_H

#include <memusage/malloc.h>
#include <memusage/nodes.h>

#include <boost/unordered_map.hpp>
#include <boost/unordered_set.hpp>

#include <cstddef>
#include <utility>

// Apart from <memusage/boost.h> because Core's own memusage.h declared these through 0.14, when
// CCoinsMap was a boost::unordered_map: <memusage.h> includes this file in those eras
// (MEMUSAGE_ERA_BOOST_UNORDERED), and only Boost.Unordered's headers come with it. Like the rest
// of <memusage/boost.h>, it must be seen before <memusage/recursive.h>.

namespace memusage {

// boost::unordered_{set,map,multiset,multimap}, as Core accounted boost::unordered_map from 2015
// to 2019: one unordered_node (value and link) per element, one pointer per bucket. Boost's own
// layouts differ in small ways that change between releases (see test/boost_tests.cpp, which
// pins them): this keeps Core's figure.
template <typename X, typename H, typename P, typename A>
static inline size_t DynamicUsage(const boost::unordered_set<X, H, P, A>& s)
{
    return MallocUsage(sizeof(unordered_node<X>)) * s.size() + detail::BlockUsage(sizeof(void*) * s.bucket_count());
}

template <typename X, typename H, typename P, typename A>
static inline size_t DynamicUsage(const boost::unordered_multiset<X, H, P, A>& s)
{
    return MallocUsage(sizeof(unordered_node<X>)) * s.size() + detail::BlockUsage(sizeof(void*) * s.bucket_count());
}

template <typename K, typename V, typename H, typename P, typename A>
static inline size_t DynamicUsage(const boost::unordered_map<K, V, H, P, A>& m)
{
    return MallocUsage(sizeof(unordered_node<std::pair<const K, V>>)) * m.size() + detail::BlockUsage(sizeof(void*) * m.bucket_count());
}

template <typename K, typename V, typename H, typename P, typename A>
static inline size_t DynamicUsage(const boost::unordered_multimap<K, V, H, P, A>& m)
{
    return MallocUsage(sizeof(unordered_node<std::pair<const K, V>>)) * m.size() + detail::BlockUsage(sizeof(void*) * m.bucket_count());
}

// One more element costs one node; the bucket array is held fixed, as for the std twins.
template <typename X, typename H, typename P, typename A>
static inline size_t IncrementalDynamicUsage(const boost::unordered_set<X, H, P, A>&)
{
    return MallocUsage(sizeof(unordered_node<X>));
}

template <typename X, typename H, typename P, typename A>
static inline size_t IncrementalDynamicUsage(const boost::unordered_multiset<X, H, P, A>&)
{
    return MallocUsage(sizeof(unordered_node<X>));
}

template <typename K, typename V, typename H, typename P, typename A>
static inline size_t IncrementalDynamicUsage(const boost::unordered_map<K, V, H, P, A>&)
{
    return MallocUsage(sizeof(unordered_node<std::pair<const K, V>>));
}

template <typename K, typename V, typename H, typename P, typename A>
static inline size_t IncrementalDynamicUsage(const boost::unordered_multimap<K, V, H, P, A>&)
{
    return MallocUsage(sizeof(unordered_node<std::pair<const K, V>>));
}

} // namespace memusage

#endif // MEMUSAGE_MEMUSAGE_BOOST_UNORDERED_H
