// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#include <memusage.h>
#include <support/allocators/pool.h>
#include <test/util/poolresourcetester.h>
#include <test/util/random.h>

#include <boost/test/unit_test.hpp>

// Any AddressSanitizer (MEMUSAGE_SANITIZER_ASAN), whose poison the test can read; and the one
// Core's pool.h sees, which asks __has_feature only (clang, and g++ from 14; not g++ 12's
// __SANITIZE_ADDRESS__).
#include <internal/sanitizers.h>
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define POOL_TESTS_ASAN_FEATURE 1
#endif
#endif
#ifdef MEMUSAGE_SANITIZER_ASAN
#include <sanitizer/asan_interface.h>
#endif

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <unordered_map>
#include <vector>

BOOST_AUTO_TEST_SUITE(pool_tests)

BOOST_AUTO_TEST_CASE(pool_rounds_chunk_size_and_starts_with_one_chunk)
{
    PoolResource<128, 8> default_resource;
    BOOST_CHECK_EQUAL(default_resource.ChunkSizeBytes(), 262144U);
    BOOST_CHECK_EQUAL(default_resource.NumAllocatedChunks(), 1U);

    PoolResource<128, 8> odd{1001}; // rounds up to whole 8-byte units
    BOOST_CHECK_EQUAL(odd.ChunkSizeBytes(), 1008U);
    BOOST_CHECK_EQUAL(PoolResourceTester::AvailableMemoryFromChunk(odd), 1008U);
    BOOST_CHECK(PoolResourceTester::AllMemoryAccountedFor(odd));
}

BOOST_AUTO_TEST_CASE(pool_reuses_freed_blocks_of_the_same_size_class)
{
    PoolResource<64, 8> resource{1024};
    void* a{resource.Allocate(8, 8)};
    void* b{resource.Allocate(16, 8)};
    BOOST_CHECK_EQUAL(PoolResourceTester::AvailableMemoryFromChunk(resource), 1024U - 24U);
    resource.Deallocate(a, 8, 8);
    BOOST_CHECK_EQUAL(PoolResourceTester::FreeListSizes(resource)[1], 1U);
    // A 5-byte request rounds to the same one unit and takes the freed block back.
    void* c{resource.Allocate(5, 8)};
    BOOST_CHECK_EQUAL(c, a);
    BOOST_CHECK_EQUAL(PoolResourceTester::FreeListSizes(resource)[1], 0U);
    // A 0-byte request still takes one unit of its own.
    void* d{resource.Allocate(0, 8)};
    BOOST_CHECK(d != c);
    BOOST_CHECK_EQUAL(PoolResourceTester::AvailableMemoryFromChunk(resource), 1024U - 32U);
    resource.Deallocate(b, 16, 8);
    BOOST_CHECK_EQUAL(PoolResourceTester::FreeListSizes(resource)[2], 1U);
    resource.Deallocate(c, 5, 8);
    resource.Deallocate(d, 0, 8);
    BOOST_CHECK(PoolResourceTester::AllMemoryAccountedFor(resource));
}

// Core poisons free and not yet handed out pool memory under AddressSanitizer from v30 (PR 32581),
// where __has_feature(address_sanitizer) says so. Before that, the link inside a freed block
// stays readable: the PoolResourceTester of Core's v26-v29 tests walks the free lists by reading
// it, with no unpoisoning.
BOOST_AUTO_TEST_CASE(pool_poisons_free_memory_from_core_30_on)
{
    PoolResource<8, 8> resource{64};
    auto* const live{static_cast<std::byte*>(resource.Allocate(8, 8))};
    auto* const freed{static_cast<std::byte*>(resource.Allocate(8, 8))};
    BOOST_REQUIRE(freed == live + 8);
    resource.Deallocate(freed, 8, 8);
#ifdef MEMUSAGE_SANITIZER_ASAN
#ifdef POOL_TESTS_ASAN_FEATURE
    constexpr bool poisons{MEMUSAGE_CORE_VERSION >= 30};
#else
    constexpr bool poisons{false};
    BOOST_TEST_MESSAGE("pool_tests: an AddressSanitizer build without __has_feature(address_sanitizer), where Core's pool "
                       "poisons nothing in any era");
#endif
    std::byte* const unused{freed + 8}; // the chunk's next unit, never handed out
    BOOST_CHECK(__asan_region_is_poisoned(live, 8) == nullptr);
    BOOST_CHECK_EQUAL(__asan_address_is_poisoned(freed) != 0, poisons);
    BOOST_CHECK_EQUAL(__asan_address_is_poisoned(freed + 7) != 0, poisons);
    BOOST_CHECK_EQUAL(__asan_address_is_poisoned(unused) != 0, poisons);
    BOOST_CHECK_EQUAL(__asan_region_is_poisoned(unused, 64 - 16) != nullptr, poisons);
    const bool link_readable{!poisons};
#else
    BOOST_TEST_MESSAGE("pool_tests: no AddressSanitizer in this build, so no poison to see here; the sanitizer builds prove "
                       "the era's rule (CI runs one era of each kind)");
    const bool link_readable{true};
#endif
    if (link_readable) {
        // The freed block is the only one of its size: its link ends the list.
        void* const next{*reinterpret_cast<void* volatile*>(freed)};
        BOOST_CHECK(next == nullptr);
    }
    // Taken back, the block is the caller's again in every era.
    void* const again{resource.Allocate(8, 8)};
    BOOST_CHECK_EQUAL(again, static_cast<void*>(freed));
#ifdef MEMUSAGE_SANITIZER_ASAN
    BOOST_CHECK(__asan_region_is_poisoned(again, 8) == nullptr);
#endif
    resource.Deallocate(again, 8, 8);
    resource.Deallocate(live, 8, 8);
    BOOST_CHECK(PoolResourceTester::AllMemoryAccountedFor(resource));
}

BOOST_AUTO_TEST_CASE(pool_keeps_a_chunks_remainder_when_it_starts_another)
{
    PoolResource<64, 8> resource{128};
    std::vector<void*> blocks;
    for (int i = 0; i < 3; ++i) blocks.push_back(resource.Allocate(40, 8)); // 3 x 40 = 120 of 128
    BOOST_CHECK_EQUAL(resource.NumAllocatedChunks(), 1U);
    blocks.push_back(resource.Allocate(40, 8)); // does not fit in the last 8 bytes
    BOOST_CHECK_EQUAL(resource.NumAllocatedChunks(), 2U);
    BOOST_CHECK_EQUAL(PoolResourceTester::FreeListSizes(resource)[1], 1U); // the 8-byte tail
    void* tail{resource.Allocate(8, 8)};
    BOOST_CHECK(PoolResourceTester::IsInChunk(resource, tail));
    BOOST_CHECK_EQUAL(PoolResourceTester::FreeListSizes(resource)[1], 0U);
    resource.Deallocate(tail, 8, 8);
    for (void* p : blocks) resource.Deallocate(p, 40, 8);
    BOOST_CHECK(PoolResourceTester::AllMemoryAccountedFor(resource));
}

BOOST_AUTO_TEST_CASE(pool_sends_large_and_overaligned_requests_to_operator_new)
{
    PoolResource<64, 8> resource{1024};
    void* large{resource.Allocate(65, 8)};
    void* aligned{resource.Allocate(16, 64)};
    BOOST_CHECK(!PoolResourceTester::IsInChunk(resource, large));
    BOOST_CHECK(!PoolResourceTester::IsInChunk(resource, aligned));
    BOOST_CHECK_EQUAL(reinterpret_cast<std::uintptr_t>(aligned) % 64, 0U);
    BOOST_CHECK_EQUAL(PoolResourceTester::AvailableMemoryFromChunk(resource), 1024U);
    std::memset(large, 0xAB, 65);
    std::memset(aligned, 0xCD, 16);
    resource.Deallocate(large, 65, 8);
    resource.Deallocate(aligned, 16, 64);
    // Nothing of the pool's was touched: no free list gained a block.
    for (size_t length : PoolResourceTester::FreeListSizes(resource)) BOOST_CHECK_EQUAL(length, 0U);
    BOOST_CHECK(PoolResourceTester::AllMemoryAccountedFor(resource));
}

BOOST_AUTO_TEST_CASE(pool_survives_random_allocation_patterns)
{
    const uint64_t seed{GetTestSeed()};
    BOOST_TEST_CONTEXT(SeedContext(seed))
    {
        SeededRandom rng{seed, /*stream=*/1};
        PoolResource<256, 8> resource{4096};
        struct Block {
            unsigned char* ptr;
            size_t bytes;
            size_t alignment;
            unsigned char fill;
        };
        std::vector<Block> live;
        for (int step = 0; step < 20000; ++step) {
            if (live.empty() || rng.randrange(3) != 0) {
                const auto bytes{static_cast<size_t>(rng.randrange(300))}; // some past MAX_BLOCK_SIZE_BYTES
                const size_t alignment{size_t{1} << rng.randrange(6)};      // 1 .. 32, some over-aligned
                auto* p{static_cast<unsigned char*>(resource.Allocate(bytes, alignment))};
                BOOST_REQUIRE(p != nullptr);
                BOOST_REQUIRE_EQUAL(reinterpret_cast<std::uintptr_t>(p) % alignment, 0U);
                const auto fill{static_cast<unsigned char>(rng.randrange(256))};
                std::memset(p, fill, bytes);
                live.push_back({p, bytes, alignment, fill});
            } else {
                const auto index{static_cast<size_t>(rng.randrange(live.size()))};
                const Block block{live[index]};
                // No other block wrote over this one while it was live.
                for (size_t i = 0; i < block.bytes; ++i) BOOST_REQUIRE_EQUAL(block.ptr[i], block.fill);
                resource.Deallocate(block.ptr, block.bytes, block.alignment);
                live[index] = live.back();
                live.pop_back();
            }
        }
        for (const Block& block : live) {
            for (size_t i = 0; i < block.bytes; ++i) BOOST_REQUIRE_EQUAL(block.ptr[i], block.fill);
            resource.Deallocate(block.ptr, block.bytes, block.alignment);
        }
        BOOST_CHECK_GT(resource.NumAllocatedChunks(), 1U);
        BOOST_CHECK(PoolResourceTester::AllMemoryAccountedFor(resource));
    }
}

BOOST_AUTO_TEST_CASE(pool_backed_map_behaves_like_a_plain_map_and_costs_less)
{
    using Value = std::pair<const uint64_t, uint64_t>;
    constexpr size_t MAX_BLOCK{sizeof(Value) + 4 * sizeof(void*)};
    using Resource = PoolResource<MAX_BLOCK, alignof(Value)>;
    using Allocator = PoolAllocator<Value, MAX_BLOCK, alignof(Value)>;
    using PoolMap = std::unordered_map<uint64_t, uint64_t, std::hash<uint64_t>, std::equal_to<uint64_t>, Allocator>;
    Resource resource;
    PoolMap pooled{0, std::hash<uint64_t>{}, std::equal_to<uint64_t>{}, Allocator{&resource}};
    std::unordered_map<uint64_t, uint64_t> plain;
    for (uint64_t i = 0; i < 100000; ++i) {
        pooled.emplace(i * 7919, i);
        plain.emplace(i * 7919, i);
    }
    // Pooled nodes carry no malloc header or rounding: whole chunks cost less than a block per
    // node while nothing has been freed back into the pool. Except under mimalloc, which serves
    // the pool's aligned 256 KiB chunks from its 320 KiB class (detail::AlignedBlockUsage;
    // doc/budgets.md measures the same on the real heap): there a quarter of each chunk is lost.
    if constexpr (memusage::detail::COMPILED_MODEL == memusage::detail::MallocModel::MIMALLOC) {
        BOOST_CHECK_GT(memusage::DynamicUsage(pooled), memusage::DynamicUsage(plain));
    } else {
        BOOST_CHECK_LT(memusage::DynamicUsage(pooled), memusage::DynamicUsage(plain));
    }
    const size_t pooled_full{memusage::DynamicUsage(pooled)};
    const size_t plain_full{memusage::DynamicUsage(plain)};
    for (uint64_t i = 0; i < 100000; i += 3) {
        pooled.erase(i * 7919);
        plain.erase(i * 7919);
    }
    BOOST_CHECK_EQUAL(pooled.size(), plain.size());
    for (const auto& [key, value] : plain) {
        const auto it{pooled.find(key)};
        BOOST_REQUIRE(it != pooled.end());
        BOOST_CHECK_EQUAL(it->second, value);
    }
    // Erased nodes go back to the pool's free lists, not to malloc: the pooled map's usage stays
    // where it was, while the plain map's falls by one node per erased entry.
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(pooled), pooled_full);
    BOOST_CHECK_LT(memusage::DynamicUsage(plain), plain_full);
    BOOST_CHECK(Allocator{&resource} == pooled.get_allocator());
    Resource other;
    BOOST_CHECK(Allocator{&other} != pooled.get_allocator());
}

BOOST_AUTO_TEST_SUITE_END()
