// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

// The rules beyond Core: RecursiveDynamicUsage, incremental costs of hash containers and
// shared pointers, std::optional. Expected figures are worked by hand (arithmetic in comments)
// for 64-bit and 32-bit.
#include <memusage.h>
#include <memusage/accounting.h>

#include <test/util/expected.h>

#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace {

std::vector<uint32_t> TenWords()
{
    std::vector<uint32_t> v;
    v.reserve(10); // 40 bytes: 64 on 64-bit, 48 on 32-bit
    return v;
}

} // namespace

namespace user {
/** A node whose only child is a byte buffer. */
struct Node {
    std::vector<uint8_t> data;
};
size_t RecursiveDynamicUsage(const Node& node) { return memusage::DynamicUsage(node.data); }
} // namespace user

/** A global type joins the same way, as Core's CTransaction does. */
struct GlobalBlock {
    std::vector<std::shared_ptr<user::Node>> txs;
};
size_t RecursiveDynamicUsage(const GlobalBlock& block)
{
    size_t usage{memusage::DynamicUsage(block.txs)};
    for (const auto& tx : block.txs) usage += memusage::RecursiveDynamicUsage(tx);
    return usage;
}

BOOST_AUTO_TEST_SUITE(recursive_tests)

BOOST_AUTO_TEST_CASE(recursive_usage_of_scalars_and_pointers_is_zero)
{
    const int64_t i{5};
    const double d{1.5};
    const uint8_t b{7};
    const int target{3};
    const int* p{&target};
    BOOST_CHECK_EQUAL(memusage::RecursiveDynamicUsage(i) + memusage::RecursiveDynamicUsage(d) +
                          memusage::RecursiveDynamicUsage(b) + memusage::RecursiveDynamicUsage(p),
                      0U);
}

BOOST_AUTO_TEST_CASE(recursive_usage_of_buffers_counts_the_buffer_only, *CoreModelOnly())
{
    std::vector<std::vector<uint32_t>> nested;
    nested.reserve(2);
    nested.push_back(TenWords());
    // Outer buffer: two vectors, 48 bytes (64-bit: 79 >> 4 = 4 -> 64) or 24 (32-bit: 39 >> 3 = 4 -> 32);
    // the inner buffer is not counted.
    BOOST_CHECK_EQUAL(memusage::RecursiveDynamicUsage(nested), Pick(64, 32));
    BOOST_CHECK_EQUAL(memusage::RecursiveDynamicUsage(std::string(100, 'x')), Pick(128, 112));
    prevector<28, unsigned char> script(29);
    BOOST_CHECK_EQUAL(memusage::RecursiveDynamicUsage(script), Pick(48, 40));
    const std::map<int64_t, int64_t> m{{1, 2}};
    BOOST_CHECK_EQUAL(memusage::RecursiveDynamicUsage(m), Pick(64, 40));
    const std::multimap<int64_t, int64_t> mm{{1, 2}, {1, 3}};
    BOOST_CHECK_EQUAL(memusage::RecursiveDynamicUsage(mm), Pick(128, 80));
    const std::multiset<int32_t> ms{7, 7, 7};
    BOOST_CHECK_EQUAL(memusage::RecursiveDynamicUsage(ms), Pick(192, 96));
}

BOOST_AUTO_TEST_CASE(recursive_usage_follows_unique_ptr, *CoreModelOnly())
{
    std::unique_ptr<std::vector<uint32_t>> none;
    BOOST_CHECK_EQUAL(memusage::RecursiveDynamicUsage(none), 0U);
    auto owned{std::make_unique<std::vector<uint32_t>>(TenWords())};
    // The vector object (24 -> 48; 12 -> 24) plus its buffer (64; 48).
    BOOST_CHECK_EQUAL(memusage::RecursiveDynamicUsage(owned), Pick(48 + 64, 24 + 48));
}

BOOST_AUTO_TEST_CASE(recursive_usage_follows_shared_ptr, *CoreModelOnly())
{
    std::shared_ptr<std::vector<uint32_t>> none;
    BOOST_CHECK_EQUAL(memusage::RecursiveDynamicUsage(none), 0U);
    auto shared{std::make_shared<std::vector<uint32_t>>(TenWords())};
    // Object (48; 24) + counter (24 -> 48; 12 -> 24) + buffer (64; 48).
    BOOST_CHECK_EQUAL(memusage::RecursiveDynamicUsage(shared), Pick(48 + 48 + 64, 24 + 24 + 48));
}

BOOST_AUTO_TEST_CASE(optional_owns_nothing_and_recurses_when_engaged, *CoreModelOnly())
{
    std::optional<std::vector<uint32_t>> empty;
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(empty), 0U);
    BOOST_CHECK_EQUAL(memusage::RecursiveDynamicUsage(empty), 0U);
    std::optional<std::vector<uint32_t>> engaged{TenWords()};
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(engaged), 0U);
    BOOST_CHECK_EQUAL(memusage::RecursiveDynamicUsage(engaged), Pick(64, 48));
}

BOOST_AUTO_TEST_CASE(recursive_usage_composes_through_shared_optional_vector, *CoreModelOnly())
{
    // The Amo<T> shape without the lock: shared_ptr<optional<vector>>.
    auto amo{std::make_shared<std::optional<std::vector<uint32_t>>>(TenWords())};
    // optional<vector>: 32 bytes -> 48 (64-bit), 16 -> 24 (32-bit); counter 48; 24; buffer 64; 48.
    BOOST_CHECK_EQUAL(memusage::RecursiveDynamicUsage(amo), Pick(48 + 48 + 64, 24 + 24 + 48));
    amo->reset();
    BOOST_CHECK_EQUAL(memusage::RecursiveDynamicUsage(amo), Pick(48 + 48, 24 + 24));
}

BOOST_AUTO_TEST_CASE(user_types_join_by_argument_dependent_lookup, *CoreModelOnly())
{
    auto node{std::make_shared<user::Node>(user::Node{std::vector<uint8_t>(2048)})};
    // Node (24 -> 48; 12 -> 24) + counter (48; 24) + 2048 bytes (2079 >> 4 -> 2064; 2063 >> 3 -> 2056).
    BOOST_CHECK_EQUAL(memusage::RecursiveDynamicUsage(node), Pick(48 + 48 + 2064, 24 + 24 + 2056));
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(node), Pick(96, 48)); // shallow: the blocks only

    GlobalBlock block;
    block.txs.reserve(2); // two shared_ptrs: 32 bytes -> 48; 16 -> 24
    block.txs.push_back(node);
    block.txs.push_back(node);
    const auto wrapped{std::make_unique<GlobalBlock>(block)};
    // GlobalBlock (24 -> 48; 12 -> 24) + its vector (48; 24) + the node, counted per reference.
    BOOST_CHECK_EQUAL(memusage::RecursiveDynamicUsage(wrapped),
                      Pick(48 + 48 + 2 * (48 + 48 + 2064), 24 + 24 + 2 * (24 + 24 + 2056)));
}

BOOST_AUTO_TEST_CASE(leaf_containers_of_any_allocator_are_their_dynamic_usage)
{
    // One fallback serves every container with a DynamicUsage overload, whatever its
    // comparator, hasher or allocator: a map on an AccountingAllocator is charged as DynamicUsage.
    memusage::AllocationCounter counter;
    std::map<int64_t, int64_t, std::greater<int64_t>, memusage::AccountingAllocator<std::pair<const int64_t, int64_t>>> map{
        memusage::AccountingAllocator<std::pair<const int64_t, int64_t>>{counter}};
    map.emplace(1, 1);
    map.emplace(2, 2);
    BOOST_CHECK_EQUAL(memusage::RecursiveDynamicUsage(map), memusage::DynamicUsage(map));
    std::list<int, memusage::AccountingAllocator<int>> list{memusage::AccountingAllocator<int>{counter}};
    list.push_back(1);
    BOOST_CHECK_EQUAL(memusage::RecursiveDynamicUsage(list), memusage::DynamicUsage(list));
    std::unordered_set<int64_t, std::hash<int64_t>, std::equal_to<int64_t>, memusage::AccountingAllocator<int64_t>> set{
        0, std::hash<int64_t>{}, std::equal_to<int64_t>{}, memusage::AccountingAllocator<int64_t>{counter}};
    set.insert(7);
    BOOST_CHECK_EQUAL(memusage::RecursiveDynamicUsage(set), memusage::DynamicUsage(set));
    const std::string text(100, 'x');
    BOOST_CHECK_EQUAL(memusage::RecursiveDynamicUsage(text), memusage::DynamicUsage(text));
}

BOOST_AUTO_TEST_CASE(unordered_incremental_usage_is_one_node, *CoreModelOnly())
{
    std::unordered_set<int64_t> s;
    // {int64; pointer}: 16 -> 32 (64-bit); 12 -> 24 (32-bit).
    BOOST_CHECK_EQUAL(memusage::IncrementalDynamicUsage(s), Pick(32, 24));
    std::unordered_map<int64_t, int64_t> m;
    // {pair of 16; pointer}: 24 -> 48; 20 -> 32.
    BOOST_CHECK_EQUAL(memusage::IncrementalDynamicUsage(m), Pick(48, 32));

    // With the bucket array fixed, each insert grows the usage by exactly that much.
    m.reserve(1000);
    s.reserve(1000);
    const size_t buckets{m.bucket_count()};
    for (int64_t i = 0; i < 500; ++i) {
        const size_t map_before{memusage::DynamicUsage(m)};
        const size_t set_before{memusage::DynamicUsage(s)};
        m.emplace(i, i);
        s.insert(i);
        BOOST_CHECK_EQUAL(memusage::DynamicUsage(m) - map_before, memusage::IncrementalDynamicUsage(m));
        BOOST_CHECK_EQUAL(memusage::DynamicUsage(s) - set_before, memusage::IncrementalDynamicUsage(s));
    }
    BOOST_CHECK_EQUAL(m.bucket_count(), buckets);
}

BOOST_AUTO_TEST_CASE(shared_ptr_incremental_usage_delegates_to_the_pointee, *CoreModelOnly())
{
    std::shared_ptr<std::map<int64_t, int64_t>> none;
    BOOST_CHECK_EQUAL(memusage::IncrementalDynamicUsage(none), 0U);
    auto shared_map{std::make_shared<std::map<int64_t, int64_t>>()};
    BOOST_CHECK_EQUAL(memusage::IncrementalDynamicUsage(shared_map), Pick(64, 40));
    auto shared_set{std::make_shared<std::unordered_set<int64_t>>()};
    BOOST_CHECK_EQUAL(memusage::IncrementalDynamicUsage(shared_set), Pick(32, 24));
    auto twice{std::make_shared<std::shared_ptr<std::set<int32_t>>>(std::make_shared<std::set<int32_t>>())};
    BOOST_CHECK_EQUAL(memusage::IncrementalDynamicUsage(twice), Pick(64, 32));
}

BOOST_AUTO_TEST_SUITE_END()
