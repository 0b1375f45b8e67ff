// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

// Core's numbers, pinned. Every expected figure below was worked out by hand from Core's
// formula and the node layouts (the arithmetic sits in the comments), once for 64-bit and
// once for 32-bit; nothing is produced by the code under test. This file includes nothing of
// the library but <memusage.h>, as a Core translation unit would.
#include <memusage.h>

#include <test/util/expected.h>

#include <boost/test/unit_test.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace {

using Key32 = std::array<unsigned char, 32>; // a txid or an outpoint hash

/** Takes the first bytes of the key, as Core's salted hashers take words of a txid. */
struct Key32Hasher {
    size_t operator()(const Key32& key) const noexcept
    {
        size_t hash{0};
        for (size_t i = 0; i < sizeof(hash); ++i) hash = (hash << 8) | key[i];
        return hash;
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(memusage_tests)

BOOST_AUTO_TEST_CASE(malloc_usage_follows_core_formula_64bit)
{
    using memusage::detail::CoreMallocUsage;
    // ((n + 31) >> 4) << 4
    BOOST_CHECK_EQUAL(CoreMallocUsage(0, 8), 0U);
    BOOST_CHECK_EQUAL(CoreMallocUsage(1, 8), 32U);    // 32 >> 4 = 2
    BOOST_CHECK_EQUAL(CoreMallocUsage(16, 8), 32U);   // 47 >> 4 = 2
    BOOST_CHECK_EQUAL(CoreMallocUsage(17, 8), 48U);   // 48 >> 4 = 3
    BOOST_CHECK_EQUAL(CoreMallocUsage(32, 8), 48U);   // 63 >> 4 = 3
    BOOST_CHECK_EQUAL(CoreMallocUsage(33, 8), 64U);   // 64 >> 4 = 4
    BOOST_CHECK_EQUAL(CoreMallocUsage(100, 8), 128U); // 131 >> 4 = 8
    BOOST_CHECK_EQUAL(CoreMallocUsage(1000, 8), 1024U);     // 1031 >> 4 = 64
    BOOST_CHECK_EQUAL(CoreMallocUsage(4096, 8), 4112U);     // 4127 >> 4 = 257
    BOOST_CHECK_EQUAL(CoreMallocUsage(262144, 8), 262160U); // 262175 >> 4 = 16385
}

BOOST_AUTO_TEST_CASE(malloc_usage_follows_core_formula_32bit)
{
    using memusage::detail::CoreMallocUsage;
    // ((n + 15) >> 3) << 3
    BOOST_CHECK_EQUAL(CoreMallocUsage(0, 4), 0U);
    BOOST_CHECK_EQUAL(CoreMallocUsage(1, 4), 16U);    // 16 >> 3 = 2
    BOOST_CHECK_EQUAL(CoreMallocUsage(8, 4), 16U);    // 23 >> 3 = 2
    BOOST_CHECK_EQUAL(CoreMallocUsage(9, 4), 24U);    // 24 >> 3 = 3
    BOOST_CHECK_EQUAL(CoreMallocUsage(16, 4), 24U);   // 31 >> 3 = 3
    BOOST_CHECK_EQUAL(CoreMallocUsage(17, 4), 32U);   // 32 >> 3 = 4
    BOOST_CHECK_EQUAL(CoreMallocUsage(100, 4), 112U); // 115 >> 3 = 14
    BOOST_CHECK_EQUAL(CoreMallocUsage(1000, 4), 1008U);     // 1015 >> 3 = 126
    BOOST_CHECK_EQUAL(CoreMallocUsage(262144, 4), 262152U); // 262159 >> 3 = 32769
}

BOOST_AUTO_TEST_CASE(malloc_usage_is_this_platforms_formula, *CoreModelOnly())
{
    BOOST_CHECK_EQUAL(memusage::MallocUsage(0), 0U);
    BOOST_CHECK_EQUAL(memusage::MallocUsage(1), Pick(32, 16));
    BOOST_CHECK_EQUAL(memusage::MallocUsage(24), Pick(48, 32));  // 55 >> 4 = 3; 39 >> 3 = 4
    BOOST_CHECK_EQUAL(memusage::MallocUsage(100), Pick(128, 112));
    for (size_t n = 0; n < 100000; ++n) {
        BOOST_REQUIRE_EQUAL(memusage::MallocUsage(n), CoreArithmetic(n));
    }
    // Node costs fold at compile time.
    static_assert(!CORE_MODEL || memusage::MallocUsage(1) == Pick(32, 16));
}

BOOST_AUTO_TEST_CASE(malloc_usage_saturates_where_core_wraps)
{
    using memusage::detail::CoreMallocUsage;
    // Core's sum wraps to 0 here; a budget must not see the largest requests as free.
    BOOST_CHECK_EQUAL(CoreMallocUsage(SIZE_MAX, 8), SIZE_MAX);
    BOOST_CHECK_EQUAL(CoreMallocUsage(SIZE_MAX - 30, 8), SIZE_MAX);
    BOOST_CHECK_EQUAL(CoreMallocUsage(SIZE_MAX - 31, 8), SIZE_MAX - 15); // last value Core gets right
    BOOST_CHECK_EQUAL(CoreMallocUsage(SIZE_MAX, 4), SIZE_MAX);
    BOOST_CHECK_EQUAL(CoreMallocUsage(SIZE_MAX - 14, 4), SIZE_MAX);
    BOOST_CHECK_EQUAL(CoreMallocUsage(SIZE_MAX - 15, 4), SIZE_MAX - 7);
    BOOST_CHECK_EQUAL(memusage::MallocUsage(SIZE_MAX), SIZE_MAX);
    BOOST_CHECK(memusage::MallocUsage(SIZE_MAX / 2 + 1) >= SIZE_MAX / 2 + 1);
}

BOOST_AUTO_TEST_CASE(builtin_types_and_pointers_own_nothing)
{
    int8_t a{1};
    uint8_t b{2};
    int16_t c{3};
    uint16_t d{4};
    int32_t e{5};
    uint32_t f{6};
    int64_t g{7};
    uint64_t h{8};
    float i{9};
    double j{10};
    std::vector<int> target(100);
    int* p{target.data()};
    const int* cp{target.data()};
    const size_t total{memusage::DynamicUsage(a) + memusage::DynamicUsage(b) + memusage::DynamicUsage(c) +
                       memusage::DynamicUsage(d) + memusage::DynamicUsage(e) + memusage::DynamicUsage(f) +
                       memusage::DynamicUsage(g) + memusage::DynamicUsage(h) + memusage::DynamicUsage(i) +
                       memusage::DynamicUsage(j) + memusage::DynamicUsage(p) + memusage::DynamicUsage(cp)};
    BOOST_CHECK_EQUAL(total, 0U);
}

BOOST_AUTO_TEST_CASE(vector_charges_its_capacity, *CoreModelOnly())
{
    std::vector<uint32_t> v;
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(v), 0U);
    v.reserve(1);
    BOOST_REQUIRE_EQUAL(v.capacity(), 1U);
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(v), Pick(32, 16)); // 4 bytes
    v.reserve(10);
    BOOST_REQUIRE_EQUAL(v.capacity(), 10U);
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(v), Pick(64, 48)); // 40: 71 >> 4 = 4; 55 >> 3 = 6
    v.push_back(1);
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(v), Pick(64, 48)); // size does not matter
    v.reserve(100);
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(v), Pick(416, 408)); // 400: 431 >> 4 = 26; 415 >> 3 = 51

    std::vector<Key32> keys;
    keys.reserve(3);
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(keys), Pick(112, 104)); // 96: 127 >> 4 = 7; 111 >> 3 = 13

    // Not recursive: the inner vectors' buffers are the caller's business.
    std::vector<std::vector<uint32_t>> nested;
    nested.reserve(2);
    nested.emplace_back(1000);
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(nested), memusage::MallocUsage(2 * sizeof(std::vector<uint32_t>)));
}

BOOST_AUTO_TEST_CASE(string_charges_heap_capacity_only, *CoreModelOnly())
{
    const std::string short_string{"txid"};
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(short_string), 0U);
    const std::string empty_string;
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(empty_string), 0U);
    const std::string long_string(100, 'x');
    BOOST_REQUIRE_EQUAL(long_string.capacity(), 100U); // libstdc++ allocates exactly on construction
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(long_string), Pick(128, 112));
}

BOOST_AUTO_TEST_CASE(set_charges_one_tree_node_per_element, *CoreModelOnly())
{
    std::set<int32_t> s;
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(s), 0U);
    // Node {int; 3 pointers; int32}: 64-bit 4+4+24+4(+4) = 40 -> 64; 32-bit 4+12+4 = 20 -> 32.
    BOOST_CHECK_EQUAL(memusage::IncrementalDynamicUsage(s), Pick(64, 32));
    for (int32_t i = 0; i < 5; ++i) s.insert(i);
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(s), Pick(320, 160));

    std::set<int64_t> s64{1, 2, 3};
    // 64-bit 8+24+8 = 40 -> 64; 32-bit 4+12+8 = 24 -> 32.
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(s64), Pick(192, 96));
}

BOOST_AUTO_TEST_CASE(map_charges_one_tree_node_per_entry, *CoreModelOnly())
{
    std::map<int64_t, int64_t> m{{1, 1}, {2, 2}, {3, 3}};
    // Node {int; 3 pointers; pair of 16}: 64-bit 32+16 = 48 -> 64; 32-bit 16+16 = 32 -> 40.
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(m), Pick(192, 120));
    BOOST_CHECK_EQUAL(memusage::IncrementalDynamicUsage(m), Pick(64, 40));

    std::map<Key32, int64_t> coins;
    coins[Key32{}] = 1;
    // pair<const Key32, int64_t>: 64-bit 40, node 72 -> 96; 32-bit 40, node 56 -> 64.
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(coins), Pick(96, 64));
    BOOST_CHECK_EQUAL(memusage::IncrementalDynamicUsage(coins), Pick(96, 64));
}

BOOST_AUTO_TEST_CASE(incremental_usage_is_the_growth_of_one_insert)
{
    std::set<std::string> s;
    std::map<int32_t, std::string> m;
    for (int i = 0; i < 50; ++i) {
        const size_t set_before{memusage::DynamicUsage(s)};
        const size_t map_before{memusage::DynamicUsage(m)};
        s.insert(std::to_string(i));
        m.emplace(i, "value");
        BOOST_CHECK_EQUAL(memusage::DynamicUsage(s) - set_before, memusage::IncrementalDynamicUsage(s));
        BOOST_CHECK_EQUAL(memusage::DynamicUsage(m) - map_before, memusage::IncrementalDynamicUsage(m));
    }
}

BOOST_AUTO_TEST_CASE(list_charges_one_list_node_per_element, *CoreModelOnly())
{
    std::list<int32_t> l;
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(l), 0U);
    l.assign(3, 7);
    // Node {2 pointers; int32}: 64-bit 16+4(+4) = 24 -> 48; 32-bit 8+4 = 12 -> 24.
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(l), Pick(144, 72));
    std::list<int64_t> l64(2);
    // 64-bit 24 -> 48; 32-bit 16 -> 24.
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(l64), Pick(96, 48));
}

BOOST_AUTO_TEST_CASE(unique_ptr_charges_its_object, *CoreModelOnly())
{
    std::unique_ptr<int64_t> none;
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(none), 0U);
    auto one{std::make_unique<int64_t>(5)};
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(one), Pick(32, 16)); // 8 bytes
    auto block{std::make_unique<std::array<unsigned char, 100>>()};
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(block), Pick(128, 112));
}

BOOST_AUTO_TEST_CASE(shared_ptr_charges_object_and_counter_apart, *CoreModelOnly())
{
    std::shared_ptr<int64_t> none;
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(none), 0U);
    // Object 8 -> 32 / 16; counter {pointer; 2 size_t}: 24 -> 48 on 64-bit, 12 -> 24 on 32-bit.
    auto made{std::make_shared<int64_t>(5)};
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(made), Pick(80, 40));
    std::shared_ptr<int64_t> separate{new int64_t{6}};
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(separate), Pick(80, 40));
}

BOOST_AUTO_TEST_CASE(unordered_set_charges_nodes_and_buckets, *CoreModelOnly())
{
    // Core's shim derives from its value type; ours also takes scalars.
    std::unordered_set<int64_t> s;
    for (int64_t i = 0; i < 10; ++i) s.insert(i);
    // Node {int64; pointer}: 64-bit 16 -> 32; 32-bit 12 -> 24.
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(s), Pick(320, 240) + CoreArithmetic(sizeof(void*) * s.bucket_count()));

    std::unordered_set<std::string> strings{"a", "b"};
    // Node {std::string; pointer}: 64-bit 32+8 = 40 -> 64; 32-bit 24+4 = 28 -> 40.
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(strings), Pick(128, 80) + CoreArithmetic(sizeof(void*) * strings.bucket_count()));
}

BOOST_AUTO_TEST_CASE(unordered_map_charges_nodes_and_buckets, *CoreModelOnly())
{
    std::unordered_map<int64_t, int64_t> m;
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(m), CoreArithmetic(sizeof(void*) * m.bucket_count()));
    for (int64_t i = 0; i < 7; ++i) m.emplace(i, i);
    // Node {pair of 16; pointer}: 64-bit 24 -> 48; 32-bit 20 -> 32.
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(m), Pick(336, 224) + CoreArithmetic(sizeof(void*) * m.bucket_count()));

    std::unordered_map<Key32, int64_t, Key32Hasher> coins;
    coins[Key32{}] = 1;
    // Node {pair of 40; pointer}: 64-bit 48 -> 64; 32-bit 44 -> 56.
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(coins), Pick(64, 56) + CoreArithmetic(sizeof(void*) * coins.bucket_count()));
}

BOOST_AUTO_TEST_CASE(node_shims_have_cores_sizes)
{
    BOOST_CHECK_EQUAL(sizeof(memusage::stl_tree_node<int32_t>), Pick(40, 20));
    BOOST_CHECK_EQUAL(sizeof(memusage::list_node<int32_t>), Pick(24, 12));
    BOOST_CHECK_EQUAL(sizeof(memusage::stl_shared_counter), Pick(24, 12));
    BOOST_CHECK_EQUAL(sizeof(memusage::unordered_node<int64_t>), Pick(16, 12, 16)); // 32-bit ARM: 8 + 4, padded to 8
    // A derived node puts the link in the value's tail padding where the ABI allows it:
    // pair<const int64_t, int32_t> has 12 bytes of data in 16 (64-bit, 32-bit ARM) or 12 (i386);
    // on 32-bit ARM the 4-byte link fits its padding.
    BOOST_CHECK_EQUAL((sizeof(memusage::unordered_node<std::pair<const int64_t, int32_t>>)), Pick(24, 16, 16));
    struct Empty {
    };
    BOOST_CHECK_EQUAL(sizeof(memusage::unordered_node<Empty>), sizeof(void*)); // empty base takes no room
}

BOOST_AUTO_TEST_CASE(prevector_charges_heap_buffer_only, *CoreModelOnly())
{
    prevector<28, unsigned char> script;
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(script), 0U);
    script.resize(28);
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(script), 0U);
    script.resize(29); // exact capacity 29 on the heap
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(script), Pick(48, 40)); // 60 >> 4 = 3; 44 >> 3 = 5
    prevector<8, uint32_t> words(9);
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(words), Pick(64, 48)); // 36: 67 >> 4 = 4; 51 >> 3 = 6
}

BOOST_AUTO_TEST_CASE(indirectmap_charges_pointer_keyed_tree_nodes)
{
    const std::array<Key32, 3> keys{Key32{{1}}, Key32{{2}}, Key32{{3}}};
    indirectmap<Key32, int64_t> m;
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(m), 0U);
    for (const Key32& key : keys) m.insert({&key, 1});
    // Node {int; 3 pointers; pair<const Key32*, int64_t>}: 64-bit 32+16 = 48 -> 64; i386 16+12 =
    // 28 -> 40; 32-bit ARM 16+16 = 32 (the int64_t aligned to 8) -> 40.
    // glibc's chunks: 48 + 8 -> 64 on 64-bit, but 28 + 4 -> 32 on i386 and 32 + 4 -> 40 in 8-byte
    // steps on 32-bit ARM. Size classes (jemalloc, mimalloc, tcmalloc): 48 -> 48; 28 or 32 -> 32.
    const size_t node{CORE_MODEL ? Pick(64, 40, 40) : SIZE_CLASS_MODEL ? Pick(48, 32, 32) : Pick(64, 32, 40)};
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(m), 3 * node);
    BOOST_CHECK_EQUAL(memusage::IncrementalDynamicUsage(m), node);
}

BOOST_AUTO_TEST_CASE(pool_backed_map_charges_whole_chunks, *CoreModelOnly())
{
    using Value = std::pair<const int64_t, int64_t>;
    constexpr size_t MAX_BLOCK{sizeof(Value) + 4 * sizeof(void*)}; // as Core sizes CCoinsMap's pool
    using Resource = PoolResource<MAX_BLOCK, alignof(Value)>;
    using Map = std::unordered_map<int64_t, int64_t, std::hash<int64_t>, std::equal_to<int64_t>,
                                   PoolAllocator<Value, MAX_BLOCK, alignof(Value)>>;
    Resource resource; // 262144-byte chunks
    Map m{0, std::hash<int64_t>{}, std::equal_to<int64_t>{}, Map::allocator_type{&resource}};
    // Per chunk: a std::list node of 3 pointers (24 -> 48; 12 -> 24) and the chunk
    // (262144 -> 262160; 262152).
    const size_t per_chunk{Pick(48 + 262160, 24 + 262152)};
    BOOST_CHECK_EQUAL(resource.NumAllocatedChunks(), 1U);
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(m), per_chunk + CoreArithmetic(sizeof(void*) * m.bucket_count()));
    // Each node (libstdc++'s {link; pair}) takes its size rounded up to the pool's alignment:
    // 24 bytes on 64-bit, 20 on i386, 24 on 32-bit ARM (the pair aligned to 8 pads the link), so
    // a chunk holds 10922, 13107 or 10922 of them: 12000 entries fill a second chunk except on i386.
    for (int64_t i = 0; i < 12000; ++i) m.emplace(i, i);
    BOOST_CHECK_EQUAL(resource.NumAllocatedChunks(), Pick(2, 1, 2));
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(m), Pick(2, 1, 2) * per_chunk + CoreArithmetic(sizeof(void*) * m.bucket_count()));
    for (int64_t i = 12000; i < 20000; ++i) m.emplace(i, i);
    BOOST_REQUIRE_EQUAL(resource.NumAllocatedChunks(), 2U);
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(m), 2 * per_chunk + CoreArithmetic(sizeof(void*) * m.bucket_count()));
}

BOOST_AUTO_TEST_SUITE_END()
