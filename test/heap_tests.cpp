// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

// ReadHeapStats: answered exactly where the heap can be read faithfully, and then following
// known allocations within the running allocator's slack. .ci/run runs this suite under
// glibc, with jemalloc, mimalloc and tcmalloc preloaded, under the sanitizers and under
// valgrind; each case says which allocator it ran on.
#include <memusage/heap.h>
#include <probe/probe.h>

#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define MEMUSAGE_TEST_KNOWS_VALGRIND 1
#endif

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__) || defined(__SANITIZE_HWADDRESS__)
#define MEMUSAGE_TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer) || \
    __has_feature(hwaddress_sanitizer)
#define MEMUSAGE_TEST_SANITIZED 1
#endif
#endif

namespace {

using memusage::Allocator;

bool UnderValgrind()
{
#if defined(MEMUSAGE_TEST_KNOWS_VALGRIND)
    return RUNNING_ON_VALGRIND != 0;
#else
    return false;
#endif
}

/** Where the heap must be readable: a known allocator running, no sanitizer, no valgrind,
 *  and for glibc a build against 2.33 or later (mallinfo2). */
#if defined(MEMUSAGE_TEST_SANITIZED)
constexpr bool SANITIZED{true};
#else
constexpr bool SANITIZED{false};
#endif

bool ShouldBeReadable()
{
    if (SANITIZED || UnderValgrind()) return false;
    switch (memusage::RunningAllocator()) {
    case Allocator::GLIBC:
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
        return true;
#else
        return false;
#endif
    case Allocator::JEMALLOC:
    case Allocator::MIMALLOC:
    case Allocator::TCMALLOC: return true;
    case Allocator::UNKNOWN: return false;
    }
    return false;
}

size_t InUse()
{
    const auto stats{memusage::ReadHeapStats()};
    BOOST_REQUIRE(stats);
    return stats->in_use;
}

/** Blocks of one size held alive, each written to so no compiler can drop it. */
class Held
{
public:
    Held(size_t count, size_t bytes)
    {
        m_blocks.reserve(count);
        for (size_t i{0}; i < count; ++i) {
            void* block{std::malloc(bytes)};
            BOOST_REQUIRE(block);
            std::memset(block, static_cast<int>(i), bytes);
            m_blocks.push_back(block);
        }
    }
    ~Held()
    {
        for (void* block : m_blocks) std::free(block);
    }
    Held(const Held&) = delete;
    Held& operator=(const Held&) = delete;

private:
    std::vector<void*> m_blocks;
};

} // namespace

BOOST_AUTO_TEST_SUITE(heap_tests)

BOOST_AUTO_TEST_CASE(heap_is_read_exactly_where_it_can_be_read_faithfully)
{
    const auto stats{memusage::ReadHeapStats()};
    const auto reason{memusage::HeapStatsUnavailableReason()};
    BOOST_TEST_MESSAGE("heap_tests: running on " << memusage::DescribeAllocator() << ": "
                                                 << (stats ? std::to_string(stats->in_use) + " bytes in use" : "unreadable, " + reason.value_or("?")));
    BOOST_CHECK_EQUAL(stats.has_value(), !reason.has_value());
    BOOST_CHECK_EQUAL(stats.has_value(), ShouldBeReadable());
    BOOST_CHECK_EQUAL(memusage::DescribeAllocator().rfind(memusage::AllocatorName(memusage::RunningAllocator()), 0), 0U);
    if (stats) {
        BOOST_CHECK(stats->kind == memusage::RunningAllocator());
        BOOST_CHECK_EQUAL(stats->allocator, memusage::DescribeAllocator());
        BOOST_CHECK_EQUAL(stats->whole_process, stats->kind != Allocator::MIMALLOC);
        BOOST_CHECK_GT(stats->in_use, 0U); // the test framework itself holds blocks
    }
    // The probe names the same allocator: one copy of the detection serves both.
    BOOST_CHECK_EQUAL(memusage::probe::DescribePlatform().m_allocator, memusage::DescribeAllocator());
}

BOOST_AUTO_TEST_CASE(sanitizers_and_valgrind_give_nothing)
{
#if defined(MEMUSAGE_TEST_SANITIZED)
    BOOST_TEST_MESSAGE("heap_tests: a sanitizer build: its allocator replaces malloc");
    BOOST_CHECK(!memusage::ReadHeapStats());
    BOOST_REQUIRE(memusage::HeapStatsUnavailableReason());
    BOOST_CHECK_NE(memusage::HeapStatsUnavailableReason()->find("Sanitizer"), std::string::npos);
    BOOST_CHECK(memusage::RunningAllocator() == Allocator::UNKNOWN);
#else
    if (UnderValgrind()) {
        BOOST_TEST_MESSAGE("heap_tests: under valgrind, which serves malloc while dlsym still finds glibc's");
        BOOST_CHECK(!memusage::ReadHeapStats());
        BOOST_CHECK(memusage::HeapStatsUnavailableReason());
    } else {
        BOOST_TEST_MESSAGE("heap_tests: neither a sanitizer nor valgrind here"
#if !defined(MEMUSAGE_TEST_KNOWS_VALGRIND)
                           " (valgrind.h was not found, so a valgrind run cannot be told apart)"
#endif
        );
        BOOST_CHECK_EQUAL(memusage::ReadHeapStats().has_value(), ShouldBeReadable());
    }
#endif
}

BOOST_AUTO_TEST_CASE(heap_follows_known_allocations)
{
    if (!ShouldBeReadable()) {
        BOOST_TEST_MESSAGE("heap_tests: the heap cannot be read on " << memusage::DescribeAllocator() << " here: nothing to follow");
        BOOST_CHECK(!memusage::ReadHeapStats());
        return;
    }
    BOOST_TEST_MESSAGE("heap_tests: following allocations on " << memusage::DescribeAllocator());
    // Each size goes to a different part of every allocator: small size classes (glibc's arena
    // chunks), a medium block, and one above glibc's mmap threshold (whole pages). The slack
    // allowed is what size classes and page rounding can add: an eighth, plus a page.
    struct Case {
        size_t m_count;
        size_t m_bytes;
    };
    for (const Case c : {Case{2000, 1000}, Case{1, 100000}, Case{1, 3000000}}) {
        BOOST_TEST_CONTEXT(c.m_count << " blocks of " << c.m_bytes << " bytes")
        {
            const size_t requested{c.m_count * c.m_bytes};
            const size_t slack{requested / 8 + 4096};
            const size_t before{InUse()};
            size_t held{0};
            {
                const Held blocks{c.m_count, c.m_bytes};
                held = InUse();
            }
            const size_t after{InUse()};
            BOOST_CHECK_GE(held, before + requested);
            BOOST_CHECK_LE(held, before + requested + slack + c.m_count * sizeof(void*)); // + the vector holding them
            // Freed again: back to where it was, give or take what an allocator caches (glibc's
            // tcache holds up to 7 chunks a size, counted as in use).
            BOOST_CHECK_LE(after, before + slack);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
