// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

// AccountingAllocator against a counting allocator underneath it: the counter must equal the sum
// of MallocUsage over the blocks the registry sees live, through copies, moves, swaps, clear and
// destruction, and DynamicUsage of each container must equal the counter where the formula is
// exact (every one here: the allocator changes no node layout).
#include <memusage/accounting.h>
#include <memusage/multi_index.h>
#include <memusage.h>

#include <test/util/counting_allocator.h>
#include <test/util/random.h>

#include <boost/multi_index/hashed_index.hpp>
#include <boost/multi_index/identity.hpp>
#include <boost/multi_index/ordered_index.hpp>
#include <boost/multi_index_container.hpp>
#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <scoped_allocator>
#include <set>
#include <unordered_map>
#include <utility>
#include <vector>

namespace {

using memusage::AccountingAllocator;
using memusage::AllocationCounter;

/** An AccountingAllocator over a CountingAllocator: the counter is what is tested, the registry
 *  what is true. */
template <typename T>
using Accounted = AccountingAllocator<T, CountingAllocator<T>>;

template <typename T>
Accounted<T> MakeAllocator(AllocationCounter& counter, AllocationRegistry& registry)
{
    return Accounted<T>{counter, CountingAllocator<T>{registry}};
}

size_t RegistryUsage(const AllocationRegistry& registry)
{
    return registry.Usage([](size_t n) { return memusage::MallocUsage(n); });
}

/** The counter against the registry: bytes and blocks. */
void CheckCounter(const AllocationCounter& counter, const AllocationRegistry& registry, const char* step)
{
    BOOST_TEST_CONTEXT(step)
    {
        BOOST_CHECK_EQUAL(counter.Usage(), RegistryUsage(registry));
        BOOST_CHECK_EQUAL(counter.Blocks(), registry.Count());
        BOOST_CHECK_EQUAL(registry.Mismatches(), 0U);
    }
}

using Vector = std::vector<int64_t, Accounted<int64_t>>;
using Map = std::map<int64_t, int64_t, std::less<int64_t>, Accounted<std::pair<const int64_t, int64_t>>>;
using UnorderedMap = std::unordered_map<int64_t, int64_t, std::hash<int64_t>, std::equal_to<int64_t>, Accounted<std::pair<const int64_t, int64_t>>>;
using List = std::list<int64_t, Accounted<int64_t>>;
using MultiIndex = boost::multi_index_container<
    int64_t,
    boost::multi_index::indexed_by<boost::multi_index::hashed_unique<boost::multi_index::identity<int64_t>>,
                                   boost::multi_index::ordered_non_unique<boost::multi_index::identity<int64_t>>>,
    Accounted<int64_t>>;

/** DynamicUsage, less what Core's formula charges for a block that does not exist: under the core
 *  model an unordered_map of one bucket is charged that bucket, which libstdc++ keeps inside the
 *  object. Everything else is exact under both models. */
template <typename C>
size_t Formula(const C& c)
{
    return memusage::DynamicUsage(c);
}

size_t Formula(const UnorderedMap& c)
{
#if defined(__GLIBCXX__)
    if (memusage::detail::COMPILED_MODEL == memusage::detail::MallocModel::CORE && c.bucket_count() == 1) {
        return memusage::DynamicUsage(c) - memusage::MallocUsage(sizeof(void*));
    }
#endif
    return memusage::DynamicUsage(c);
}

void Fill(Vector& c, size_t n, SeededRandom& rng) { for (size_t i{0}; i < n; ++i) c.push_back(static_cast<int64_t>(rng.rand64())); }
void Fill(List& c, size_t n, SeededRandom& rng) { for (size_t i{0}; i < n; ++i) c.push_back(static_cast<int64_t>(rng.rand64())); }
void Fill(MultiIndex& c, size_t n, SeededRandom& rng) { for (size_t i{0}; i < n; ++i) c.insert(static_cast<int64_t>(rng.rand64())); }
template <typename M>
void Fill(M& c, size_t n, SeededRandom& rng) { for (size_t i{0}; i < n; ++i) c.emplace(static_cast<int64_t>(rng.rand64()), 1); }

/** One container type through its lifetime, with a second counter for the containers it is
 *  assigned from and swapped with. Each step checks both counters against both registries, and
 *  DynamicUsage of every container against the counters. */
template <typename C>
void CheckLifetime(uint64_t stream)
{
    const uint64_t seed{GetTestSeed()};
    BOOST_TEST_MESSAGE(SeedContext(seed));
    SeededRandom rng{seed, stream};
    using V = typename C::value_type;
    for (const size_t size : {size_t{0}, size_t{1}, size_t{17}, size_t{1000}}) {
        BOOST_TEST_CONTEXT("size " << size)
        {
            AllocationCounter counter_a, counter_b;
            AllocationRegistry registry_a, registry_b;
            {
                C a{MakeAllocator<V>(counter_a, registry_a)};
                Fill(a, size, rng);
                CheckCounter(counter_a, registry_a, "filled");
                BOOST_CHECK_EQUAL(Formula(a), counter_a.Usage());

                // A copy shares the source's counter (select_on_container_copy_construction).
                C copy{a};
                CheckCounter(counter_a, registry_a, "copied");
                BOOST_CHECK_EQUAL(Formula(a) + Formula(copy), counter_a.Usage());

                // Copy assignment: the target frees through counter b, then adopts counter a.
                C b{MakeAllocator<V>(counter_b, registry_b)};
                Fill(b, size / 2 + 1, rng);
                CheckCounter(counter_b, registry_b, "b filled");
                BOOST_CHECK_EQUAL(Formula(b), counter_b.Usage());
                b = a;
                CheckCounter(counter_a, registry_a, "copy-assigned: a");
                CheckCounter(counter_b, registry_b, "copy-assigned: b");
                BOOST_CHECK_EQUAL(counter_b.Usage(), 0U);
                BOOST_CHECK_EQUAL(Formula(a) + Formula(copy) + Formula(b), counter_a.Usage());

                // Swap with a container of the other counter: the counters travel with the memory.
                C d{MakeAllocator<V>(counter_b, registry_b)};
                Fill(d, size + 3, rng);
                const size_t d_usage{counter_b.Usage()};
                BOOST_CHECK_EQUAL(Formula(d), d_usage);
                using std::swap;
                swap(d, copy);
                CheckCounter(counter_a, registry_a, "swapped: a");
                CheckCounter(counter_b, registry_b, "swapped: b");
                BOOST_CHECK_EQUAL(Formula(copy), counter_b.Usage());
                BOOST_CHECK_EQUAL(Formula(a) + Formula(d) + Formula(b), counter_a.Usage());

                // Move construction and move assignment carry the blocks and their counter.
                C moved{std::move(copy)};
                CheckCounter(counter_b, registry_b, "moved");
                d = std::move(moved);
                CheckCounter(counter_a, registry_a, "move-assigned: a");
                CheckCounter(counter_b, registry_b, "move-assigned: b");
                BOOST_CHECK_EQUAL(Formula(d), d_usage);

                a.clear();
                CheckCounter(counter_a, registry_a, "cleared");
            }
            CheckCounter(counter_a, registry_a, "destroyed: a");
            CheckCounter(counter_b, registry_b, "destroyed: b");
            BOOST_CHECK_EQUAL(counter_a.Usage(), 0U);
            BOOST_CHECK_EQUAL(counter_a.Blocks(), 0U);
            BOOST_CHECK_EQUAL(counter_b.Usage(), 0U);
            BOOST_CHECK_EQUAL(counter_b.Blocks(), 0U);
        }
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(accounting_tests)

BOOST_AUTO_TEST_CASE(counter_charges_malloc_usage_per_block)
{
    AllocationCounter counter;
    AccountingAllocator<char> chars{counter};
    char* p{chars.allocate(100)};
    BOOST_CHECK_EQUAL(counter.Usage(), memusage::MallocUsage(100));
    BOOST_CHECK_EQUAL(counter.Blocks(), 1U);
    // A rebound copy charges the same counter, in its own element size.
    AccountingAllocator<int64_t> longs{chars};
    int64_t* q{longs.allocate(3)};
    BOOST_CHECK_EQUAL(counter.Usage(), memusage::MallocUsage(100) + memusage::MallocUsage(24));
    BOOST_CHECK_EQUAL(counter.Blocks(), 2U);
    BOOST_CHECK(chars == longs);
    AllocationCounter other;
    BOOST_CHECK(chars != AccountingAllocator<char>{other});
    chars.deallocate(p, 100);
    longs.deallocate(q, 3);
    BOOST_CHECK_EQUAL(counter.Usage(), 0U);
    BOOST_CHECK_EQUAL(counter.Blocks(), 0U);
}

BOOST_AUTO_TEST_CASE(vector_counter_is_exact)
{
    CheckLifetime<Vector>(1);
}

BOOST_AUTO_TEST_CASE(map_counter_is_exact)
{
    CheckLifetime<Map>(2);
}

BOOST_AUTO_TEST_CASE(unordered_map_counter_is_exact)
{
    CheckLifetime<UnorderedMap>(3);
}

BOOST_AUTO_TEST_CASE(list_counter_is_exact)
{
    CheckLifetime<List>(4);
}

BOOST_AUTO_TEST_CASE(multi_index_counter_is_exact)
{
    CheckLifetime<MultiIndex>(5);
}

BOOST_AUTO_TEST_CASE(nested_map_of_vectors_shares_the_counter)
{
    // The outer map's nodes and every inner vector's buffer are charged to one counter; the sum
    // of the formulas (outer nodes + each buffer) equals it.
    using Inner = std::vector<int32_t, Accounted<int32_t>>;
    using Outer = std::map<int64_t, Inner, std::less<int64_t>, std::scoped_allocator_adaptor<Accounted<std::pair<const int64_t, Inner>>>>;
    const uint64_t seed{GetTestSeed()};
    BOOST_TEST_MESSAGE(SeedContext(seed));
    SeededRandom rng{seed, 6};
    AllocationCounter counter;
    AllocationRegistry registry;
    {
        Outer outer{Outer::allocator_type{MakeAllocator<std::pair<const int64_t, Inner>>(counter, registry)}};
        for (int64_t k{0}; k < 300; ++k) {
            Inner& inner{outer[k]};
            const uint64_t n{rng.randrange(50)};
            for (uint64_t i{0}; i < n; ++i) inner.push_back(static_cast<int32_t>(i));
        }
        const auto formula{[&](const Outer& m) {
            size_t total{memusage::DynamicUsage(m)};
            for (const auto& [k, v] : m) total += memusage::DynamicUsage(v);
            return total;
        }};
        CheckCounter(counter, registry, "filled");
        BOOST_CHECK_EQUAL(formula(outer), counter.Usage());
        Outer copy{outer};
        CheckCounter(counter, registry, "copied");
        BOOST_CHECK_EQUAL(formula(outer) + formula(copy), counter.Usage());
        for (auto it{copy.begin()}; it != copy.end();) it = rng.randbool() ? copy.erase(it) : std::next(it);
        outer.begin()->second.shrink_to_fit();
        CheckCounter(counter, registry, "erased");
        BOOST_CHECK_EQUAL(formula(outer) + formula(copy), counter.Usage());
        outer.clear();
        CheckCounter(counter, registry, "cleared");
        BOOST_CHECK_EQUAL(formula(copy), counter.Usage());
    }
    CheckCounter(counter, registry, "destroyed");
    BOOST_CHECK_EQUAL(counter.Usage(), 0U);
}

BOOST_AUTO_TEST_CASE(default_allocator_and_pool_overloads_still_resolve)
{
    // Core's call sites, with the default allocator, still pick the std overloads, and a
    // PoolAllocator map still picks core_containers.h's overload (the more specialized one).
    std::set<int64_t> s{1, 2, 3};
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(s), 3 * memusage::MallocUsage(sizeof(memusage::stl_tree_node<int64_t>)));
    std::map<int, int> m{{1, 2}};
    BOOST_CHECK_EQUAL(memusage::DynamicUsage(m), memusage::MallocUsage(sizeof(memusage::stl_tree_node<std::pair<const int, int>>)));
    using PoolMap = std::unordered_map<int64_t, int64_t, std::hash<int64_t>, std::equal_to<int64_t>,
                                       PoolAllocator<std::pair<const int64_t, int64_t>, 128>>;
    PoolMap::allocator_type::ResourceType resource{4096};
    PoolMap pool_map{0, std::hash<int64_t>{}, std::equal_to<int64_t>{}, PoolMap::allocator_type{&resource}};
    pool_map.emplace(1, 1);
    // The pool overload charges whole chunks: at least one 4096-byte chunk for one element.
    BOOST_CHECK_GE(memusage::DynamicUsage(pool_map), memusage::MallocUsage(4096));
}

BOOST_AUTO_TEST_SUITE_END()
