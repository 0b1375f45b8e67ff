// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

// The seed's first example: what a vector and a hash map own, and what one more entry costs.
#include <memusage.h>

#include <cstdint>
#include <cstdio>
#include <unordered_map>
#include <vector>

int main()
{
    const std::vector<uint8_t> bytes(1024, 0);
    std::printf("vector<uint8_t> of 1024: %zu bytes\n", memusage::DynamicUsage(bytes));

    std::unordered_map<uint64_t, uint64_t> map;
    map.emplace(1, 2);
    map.emplace(3, 4);
    std::printf("unordered_map of 2 entries in %zu buckets: %zu bytes\n", map.bucket_count(), memusage::DynamicUsage(map));
    std::printf("one more entry: %zu bytes\n", memusage::IncrementalDynamicUsage(map));
}
