// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

// The seed's third example: refuse an insert that would take a container past its memory
// budget, as a cache or a mempool limit does.
#include <memusage.h>

#include <cstdint>
#include <cstdio>
#include <map>

template <typename K, typename V>
bool InsertWithBudget(std::map<K, V>& map, const K& key, const V& value, size_t budget_bytes)
{
    if (memusage::DynamicUsage(map) + memusage::IncrementalDynamicUsage(map) > budget_bytes) {
        return false;
    }
    map.emplace(key, value);
    return true;
}

int main()
{
    constexpr size_t budget{1000};
    std::map<uint64_t, uint64_t> map;
    uint64_t key{0};
    while (InsertWithBudget(map, key, key * key, budget)) ++key;
    std::printf("budget %zu bytes: %zu entries fit, using %zu bytes\n", budget, map.size(), memusage::DynamicUsage(map));
    std::printf("entry %zu refused: it would cost %zu more\n", map.size() + 1, memusage::IncrementalDynamicUsage(map));
}
