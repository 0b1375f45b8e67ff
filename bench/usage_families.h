// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_BENCH_USAGE_FAMILIES_H
#define MEMUSAGE_BENCH_USAGE_FAMILIES_H

#include <memusage.h>

#include <cstddef>
#include <cstdint>
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

// One container per memusage::DynamicUsage overload family, built once with n elements, for
// bench/memusage.cpp (times) and bench/count.cpp (instructions) alike. ForEachFamily hands each
// to visitor.Add(name, container).

namespace bench {

using PoolPair = std::pair<const int64_t, int64_t>;
using PoolMapAllocator = PoolAllocator<PoolPair, sizeof(PoolPair) + 4 * sizeof(void*)>;
/** The coins cache's arrangement: an unordered_map whose nodes come from a PoolResource. */
using PoolMap = std::unordered_map<int64_t, int64_t, std::hash<int64_t>, std::equal_to<int64_t>, PoolMapAllocator>;

/** The containers, n elements each (a heap string of n characters). */
struct UsageFamilies {
    std::vector<int64_t> vector;
    std::string string;
    std::set<int64_t> set;
    std::map<int64_t, int64_t> map;
    std::list<int64_t> list;
    std::unique_ptr<int64_t> unique_ptr{std::make_unique<int64_t>(1)};
    std::shared_ptr<int64_t> shared_ptr{std::make_shared<int64_t>(1)};
    std::unordered_set<int64_t> unordered_set;
    std::unordered_map<int64_t, int64_t> unordered_map;
    prevector<36, unsigned char> script;
    indirectmap<int64_t, int64_t> indirect_map;
    std::vector<int64_t> indirect_keys;
    PoolMapAllocator::ResourceType pool_resource;
    PoolMap pool_map{0, std::hash<int64_t>{}, std::equal_to<int64_t>{}, PoolMapAllocator{&pool_resource}};

    explicit UsageFamilies(size_t n)
        : vector(n), string(n + 16, 'x'), indirect_keys(n)
    {
        for (size_t i = 0; i < n; ++i) {
            const int64_t k{static_cast<int64_t>(i)};
            set.insert(k);
            map.emplace(k, k);
            list.push_back(k);
            unordered_set.insert(k);
            unordered_map.emplace(k, k);
            pool_map.emplace(k, k);
            indirect_keys[i] = k;
        }
        script.resize(static_cast<uint32_t>(n + 37));
        for (const int64_t& k : indirect_keys) indirect_map.insert(std::make_pair(&k, k));
    }
};

template <typename Visitor>
void ForEachFamily(Visitor& visitor, const UsageFamilies& f)
{
    visitor.Add("vector", f.vector);
    visitor.Add("string", f.string);
    visitor.Add("set", f.set);
    visitor.Add("map", f.map);
    visitor.Add("list", f.list);
    visitor.Add("unique_ptr", f.unique_ptr);
    visitor.Add("shared_ptr", f.shared_ptr);
    visitor.Add("unordered_set", f.unordered_set);
    visitor.Add("unordered_map", f.unordered_map);
    visitor.Add("prevector", f.script);
    visitor.Add("indirectmap", f.indirect_map);
    visitor.Add("pool_map", f.pool_map);
}

} // namespace bench

#endif // MEMUSAGE_BENCH_USAGE_FAMILIES_H
