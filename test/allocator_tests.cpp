// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

// The jemalloc, mimalloc and tcmalloc models against the allocators themselves. Whichever of
// them serves this process (linked or preloaded; decided by test/util/running_allocator.h, apart from the
// probe) has its model held against malloc_usable_size for every request of 1..1 MiB, and the
// containers' figures under it against the live blocks they really hold (recorded by the global
// operator new of exact_tests.cpp). Every model's figures are also held against its own rule
// applied to the recorded requests, and against classes worked out by hand from each
// allocator's documented scheme, so every build checks all three.
#include <memusage.h>
#include <probe/probe.h>
#include <probe/elements.h>
#include <prevector.h>

#include <test/util/running_allocator.h>
#include <test/util/glibc.h>
#include <test/util/recording_allocator.h>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <list>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace {

using memusage::detail::COMPILED_MODEL;
using memusage::detail::MallocModel;
using memusage::detail::ModelMallocUsage;
using memusage::probe::elements::Blob;
using memusage::probe::elements::Key32;
using memusage::probe::elements::Key32Hasher;
using memusage::probe::elements::MakeKey32;
using memusage::probe::elements::SaltedKey32Hasher;

constexpr std::array<MallocModel, 3> SIZE_CLASS_MODELS{MallocModel::JEMALLOC, MallocModel::MIMALLOC, MallocModel::TCMALLOC};

const char* Name(MallocModel model)
{
    return model == MallocModel::JEMALLOC ? "jemalloc" : model == MallocModel::MIMALLOC ? "mimalloc" : "tcmalloc";
}

/** ModelMallocUsage (saturating) or BlockUsage (no guard) of a model chosen at run time. */
size_t ModelUsage(MallocModel model, size_t bytes, bool block)
{
    return memusage::detail::WithModel(model, [&](auto tag) {
        constexpr MallocModel MODEL{decltype(tag)::value};
        return block ? memusage::detail::BlockUsage<MODEL>(bytes) : ModelMallocUsage<MODEL>(bytes);
    });
}

/** The size-class model compiled in, if one is. */
std::optional<MallocModel> CompiledSizeClassModel()
{
#if defined(MEMUSAGE_MALLOC_MODEL_JEMALLOC)
    return MallocModel::JEMALLOC;
#elif defined(MEMUSAGE_MALLOC_MODEL_MIMALLOC)
    return MallocModel::MIMALLOC;
#elif defined(MEMUSAGE_MALLOC_MODEL_TCMALLOC)
    return MallocModel::TCMALLOC;
#else
    return std::nullopt;
#endif
}

/** One container's figure under each size-class model, indexed as SIZE_CLASS_MODELS. */
using Figures = std::array<size_t, 3>;

/** Check one built container against the blocks it holds: each model's figure is its own rule
 *  on the recorded requests; the running allocator's model is the blocks' usable sizes; the
 *  compiled size-class model is DynamicUsage. */
void CheckLive(const char* what, size_t n, const AllocationRecord& record, const Figures& figures, size_t dynamic_usage)
{
    const auto running{RunningSizeClassModel()};
    if (CompiledSizeClassModel()) {
        const size_t compiled{static_cast<size_t>(*CompiledSizeClassModel()) - static_cast<size_t>(MallocModel::JEMALLOC)};
        BOOST_CHECK_EQUAL(dynamic_usage, figures[compiled]);
    }
    if (record.Live().empty() && figures[0] != 0 && !GlibcMallocRuns() && !running) {
        // valgrind puts its own operator new in place of exact_tests.cpp's for some callers
        // (those inside libstdc++.so among them), so their requests cannot be recorded; never
        // so under glibc's malloc or a size-class allocator, where this branch is not taken.
        BOOST_TEST_MESSAGE(what << " with " << n << " elements: requests not recorded under this malloc (valgrind?)");
        return;
    }
    for (size_t i{0}; i < SIZE_CLASS_MODELS.size(); ++i) {
        size_t rule{0};
        for (const auto& [block, request] : record.Live()) rule += ModelUsage(SIZE_CLASS_MODELS[i], request, false);
        BOOST_CHECK_MESSAGE(figures[i] == rule, what << " with " << n << " elements: " << Name(SIZE_CLASS_MODELS[i]) << " figure "
                                                     << figures[i] << ", its rule on the " << record.Live().size()
                                                     << " requests " << rule);
        if (running == SIZE_CLASS_MODELS[i]) {
#if defined(MEMUSAGE_TEST_GLIBC)
            size_t real{0};
            for (const auto& [block, request] : record.Live()) real += malloc_usable_size(const_cast<void*>(block));
            BOOST_CHECK_MESSAGE(figures[i] == real, what << " with " << n << " elements: " << Name(SIZE_CLASS_MODELS[i])
                                                         << " model " << figures[i] << ", live blocks " << real);
#endif
        }
    }
}

template <typename Figure>
Figures AllFigures(Figure figure)
{
    return {figure(std::integral_constant<MallocModel, MallocModel::JEMALLOC>{}),
            figure(std::integral_constant<MallocModel, MallocModel::MIMALLOC>{}),
            figure(std::integral_constant<MallocModel, MallocModel::TCMALLOC>{})};
}

const std::vector<size_t> SIZES{0, 1, 2, 10, 100, 1000, 20000};

template <typename Tree, typename Insert>
void CheckTree(const char* what, Insert insert)
{
    for (size_t n : SIZES) {
        RecordingScope scope;
        Tree tree;
        for (size_t i{0}; i < n; ++i) insert(tree, i);
        const Figures figures{AllFigures([&](auto model) {
            return memusage::detail::TreeNodeUsage<decltype(model)::value, typename Tree::value_type>() * tree.size();
        })};
        CheckLive(what, n, scope.Record(), figures, memusage::DynamicUsage(tree));
    }
}

template <typename Table, typename Insert>
void CheckHash(const char* what, Insert insert)
{
    for (size_t n : SIZES) {
        RecordingScope scope;
        Table table;
        for (size_t i{0}; i < n; ++i) insert(table, i);
        const Figures figures{AllFigures([&](auto model) {
            constexpr MallocModel MODEL{decltype(model)::value};
            return memusage::detail::HashNodeUsage<MODEL, typename Table::value_type, typename Table::key_type, typename Table::hasher>() *
                       table.size() +
                   memusage::detail::HashBucketsUsage<MODEL>(table.bucket_count());
        })};
        CheckLive(what, n, scope.Record(), figures, memusage::DynamicUsage(table));
    }
}

/** shared_ptr(new T), two blocks, for objects of N bytes. */
template <size_t N>
void CheckSeparateSharedPtr()
{
    using Object = Blob<N>;
    RecordingScope scope;
    const std::shared_ptr<Object> p{new Object{}};
    if (GlibcMallocRuns() || RunningSizeClassModel()) BOOST_CHECK_EQUAL(scope.Record().Live().size(), 2U); // not under valgrind
    CheckLive("shared_ptr(new T)", N, scope.Record(),
              AllFigures([](auto model) { return memusage::detail::SharedPtrUsage<decltype(model)::value, Object>(); }),
              memusage::DynamicUsage(p));
}

} // namespace

BOOST_AUTO_TEST_SUITE(allocator_tests)

BOOST_AUTO_TEST_CASE(running_allocator_is_reported)
{
    const auto running{RunningSizeClassModel()};
    const std::string allocator{memusage::probe::DescribePlatform().m_allocator};
    if (running) {
        BOOST_TEST_MESSAGE("allocator_tests: running on " << allocator << ", model compiled in: " << memusage::MALLOC_MODEL);
        BOOST_CHECK_EQUAL(allocator.rfind(Name(*running), 0), 0U);
    } else {
        BOOST_TEST_MESSAGE("allocator_tests: no size-class allocator runs (" << allocator << "): each model is checked by its "
                           "rule on recorded requests and by hand-worked classes; preload one to check it against the real thing");
        BOOST_CHECK(allocator.rfind("jemalloc", 0) != 0 && allocator.rfind("mimalloc", 0) != 0 && allocator.rfind("tcmalloc", 0) != 0);
    }
#if defined(MEMUSAGE_MALLOC_MODEL_JEMALLOC)
    BOOST_CHECK_EQUAL(std::string{memusage::MALLOC_MODEL}, "jemalloc");
#elif defined(MEMUSAGE_MALLOC_MODEL_MIMALLOC)
    BOOST_CHECK_EQUAL(std::string{memusage::MALLOC_MODEL}, "mimalloc");
#elif defined(MEMUSAGE_MALLOC_MODEL_TCMALLOC)
    BOOST_CHECK_EQUAL(std::string{memusage::MALLOC_MODEL}, "tcmalloc");
#endif
    if (CompiledSizeClassModel()) {
        for (size_t n : {size_t{1}, size_t{100}, size_t{5000}, size_t{300000}}) {
            BOOST_CHECK_EQUAL(memusage::MallocUsage(n), ModelUsage(*CompiledSizeClassModel(), n, false));
        }
    }
}

BOOST_AUTO_TEST_CASE(model_is_the_usable_size_of_every_request_to_1_mib)
{
    const auto running{RunningSizeClassModel()};
    if (!running) {
        BOOST_TEST_MESSAGE("no jemalloc, mimalloc or tcmalloc runs here: the sweep against malloc_usable_size needs one "
                           "(LD_PRELOAD); the classes are checked by hand below");
        BOOST_CHECK(!RunningSizeClassModel());
        return;
    }
#if defined(MEMUSAGE_TEST_GLIBC)
    constexpr size_t LIMIT{size_t{1} << 20};
    size_t mismatches{0}, classes{0}, previous{0};
    for (size_t n{1}; n <= LIMIT; ++n) {
        void* block{std::malloc(n)};
        BOOST_REQUIRE(block != nullptr);
        const size_t usable{malloc_usable_size(block)};
        std::free(block);
        if (usable != previous) ++classes;
        previous = usable;
        const size_t model{ModelUsage(*running, n, false)};
        if (model != usable || ModelUsage(*running, n, true) != usable) {
            if (++mismatches <= 10) BOOST_ERROR(Name(*running) << ": malloc(" << n << ") has " << usable << " usable bytes, model " << model);
        }
    }
    BOOST_TEST_MESSAGE(Name(*running) << ": 1.." << LIMIT << " measured, " << classes << " distinct sizes, " << mismatches
                                      << " off the model");
    BOOST_CHECK_EQUAL(mismatches, 0U);
#endif
}

/** AlignedBlockUsage under a model picked at run time. */
size_t AlignedUsage(MallocModel model, size_t bytes, size_t alignment)
{
    return memusage::detail::WithModel(model, [&](auto tag) {
        return memusage::detail::AlignedBlockUsage<decltype(tag)::value>(bytes, alignment);
    });
}

// PoolResource takes its chunks, and a pool map's bucket array, from the aligned operator new.
BOOST_AUTO_TEST_CASE(aligned_new_is_charged_as_the_allocator_serves_it)
{
    using memusage::detail::AlignedBlockUsage;
    using memusage::detail::BlockUsage;
    // By hand: mimalloc allocates alignment - 1 bytes more above its small sizes, so Core's
    // 256 KiB pool chunk at alignment 8 costs the next class, 320 KiB; the others take malloc's class.
    static_assert(AlignedBlockUsage<MallocModel::MIMALLOC>(262144, 8) == 327680);
    static_assert(AlignedBlockUsage<MallocModel::MIMALLOC>(262137, 8) == 262144);
    static_assert(AlignedBlockUsage<MallocModel::MIMALLOC>(262137, 16) == 327680);
    static_assert(AlignedBlockUsage<MallocModel::MIMALLOC>(0, 8) == 0);
    static_assert(AlignedBlockUsage<MallocModel::JEMALLOC>(262144, 8) == BlockUsage<MallocModel::JEMALLOC>(262144));
    static_assert(AlignedBlockUsage<MallocModel::TCMALLOC>(262144, 8) == BlockUsage<MallocModel::TCMALLOC>(262144));
    static_assert(AlignedBlockUsage<MallocModel::EXACT>(262144, 8) == BlockUsage<MallocModel::EXACT>(262144));
    const auto running{RunningSizeClassModel()};
    if (!running) {
        BOOST_TEST_MESSAGE("no jemalloc, mimalloc or tcmalloc runs here: aligned requests are checked by hand only");
        BOOST_CHECK(!RunningSizeClassModel());
        return;
    }
#if defined(MEMUSAGE_TEST_GLIBC)
    // Exact above 128 words; below, never less than the block really holds. This binary replaces
    // operator new (exact_tests.cpp) with one that rounds the size up for aligned_alloc, so the
    // request goes to the allocator the way an allocator's own aligned operator new (mimalloc's,
    // tcmalloc's) or libstdc++'s passes it on: size and alignment as they are.
    size_t mismatches{0};
    for (const size_t alignment : {size_t{8}, size_t{16}}) {
        for (size_t n{1}; n <= (size_t{1} << 20); n += (n < 4096 ? 1 : 7)) {
            void* block{nullptr};
            BOOST_REQUIRE(posix_memalign(&block, alignment, n) == 0);
            const size_t usable{malloc_usable_size(block)};
            std::free(block);
            const size_t model{AlignedUsage(*running, n, alignment)};
            if (model < usable || (n > 128 * sizeof(void*) && model != usable)) {
                if (++mismatches <= 10) BOOST_ERROR(Name(*running) << ": operator new(" << n << ", align " << alignment << ") has "
                                                                   << usable << " usable bytes, model " << model);
            }
        }
    }
    BOOST_CHECK_EQUAL(mismatches, 0U);
#endif
}

BOOST_AUTO_TEST_CASE(jemalloc_classes_by_hand)
{
    // 8, then 16-byte steps to 128, then four classes per doubling: (2^k, 2^(k+1)] in 2^(k-2).
    constexpr auto je{[](size_t n) { return ModelMallocUsage<MallocModel::JEMALLOC>(n); }};
    static_assert(ModelMallocUsage<MallocModel::JEMALLOC>(129) == 160);
    BOOST_CHECK_EQUAL(je(0), 0U);
    BOOST_CHECK_EQUAL(je(1), 8U);
    BOOST_CHECK_EQUAL(je(8), 8U);
    BOOST_CHECK_EQUAL(je(9), 16U);
    BOOST_CHECK_EQUAL(je(17), 32U);
    BOOST_CHECK_EQUAL(je(128), 128U);
    BOOST_CHECK_EQUAL(je(129), 160U);
    BOOST_CHECK_EQUAL(je(257), 320U);
    BOOST_CHECK_EQUAL(je(1025), 1280U);
    BOOST_CHECK_EQUAL(je(14337), 16384U); // the largest small class is 14 KiB, the smallest large one 16 KiB
    BOOST_CHECK_EQUAL(je(16385), 20480U);
    BOOST_CHECK_EQUAL(je(32769), 40960U);
    BOOST_CHECK_EQUAL(je(1048576), 1048576U);
    BOOST_CHECK_EQUAL(je(1048577), 1310720U);
    BOOST_CHECK_EQUAL(je(SIZE_MAX), SIZE_MAX);
    BOOST_CHECK_EQUAL(je(SIZE_MAX / 2 + 2), (SIZE_MAX / 2 + 1) + (SIZE_MAX / 2 + 1) / 4); // still a class, in steps of 2^(bits-3)
    BOOST_CHECK_EQUAL(je(SIZE_MAX - 5), SIZE_MAX);                                        // rounding would wrap: saturates
}

BOOST_AUTO_TEST_CASE(mimalloc_classes_by_hand)
{
    // jemalloc's classes up to 128 KiB; then 64 KiB slices to 512 KiB, 512 KiB pages to 8 MiB,
    // 1 MiB to 32 MiB, 4 MiB beyond.
    constexpr auto mi{[](size_t n) { return ModelMallocUsage<MallocModel::MIMALLOC>(n); }};
    static_assert(ModelMallocUsage<MallocModel::MIMALLOC>(17) == 32);
    BOOST_CHECK_EQUAL(mi(0), 0U);
    BOOST_CHECK_EQUAL(mi(1), 8U);
    BOOST_CHECK_EQUAL(mi(17), 32U);
    BOOST_CHECK_EQUAL(mi(65), 80U);
    BOOST_CHECK_EQUAL(mi(129), 160U);
    BOOST_CHECK_EQUAL(mi(131072), 131072U);
    BOOST_CHECK_EQUAL(mi(131073), 196608U);
    BOOST_CHECK_EQUAL(mi(524288), 524288U);
    BOOST_CHECK_EQUAL(mi(524289), 1048576U);
    BOOST_CHECK_EQUAL(mi(1048577), 1572864U);
    BOOST_CHECK_EQUAL(mi((size_t{8} << 20) + 1), size_t{9} << 20);
    BOOST_CHECK_EQUAL(mi((size_t{32} << 20) + 1), size_t{36} << 20);
    BOOST_CHECK_EQUAL(mi(SIZE_MAX), SIZE_MAX);
}

BOOST_AUTO_TEST_CASE(tcmalloc_classes_by_hand)
{
    // 8, 16, then 16-byte steps to 256, 32 to 512, 64 to 768; irregular above; pages of 8 KiB
    // beyond 256 KiB.
    constexpr auto tc{[](size_t n) { return ModelMallocUsage<MallocModel::TCMALLOC>(n); }};
    static_assert(ModelMallocUsage<MallocModel::TCMALLOC>(129) == 144);
    BOOST_CHECK_EQUAL(tc(0), 0U);
    BOOST_CHECK_EQUAL(tc(1), 8U);
    BOOST_CHECK_EQUAL(tc(9), 16U);
    BOOST_CHECK_EQUAL(tc(17), 32U);
    BOOST_CHECK_EQUAL(tc(129), 144U);
    BOOST_CHECK_EQUAL(tc(257), 288U);
    BOOST_CHECK_EQUAL(tc(769), 896U);
    BOOST_CHECK_EQUAL(tc(1024), 1024U);
    BOOST_CHECK_EQUAL(tc(1025), 1152U);
    BOOST_CHECK_EQUAL(tc(3329), 4096U);
    BOOST_CHECK_EQUAL(tc(6657), 8192U);
    BOOST_CHECK_EQUAL(tc(24577), 26624U);
    BOOST_CHECK_EQUAL(tc(262144), 262144U);
    BOOST_CHECK_EQUAL(tc(262145), 270336U);
    BOOST_CHECK_EQUAL(tc(SIZE_MAX), SIZE_MAX);
    // Every class holds every request of its granule, and no class is below its request.
    for (size_t n{1}; n <= 300000; ++n) {
        BOOST_REQUIRE_GE(tc(n), n);
        BOOST_REQUIRE_LE(tc(n), tc(n + 1));
    }
}

BOOST_AUTO_TEST_CASE(tcmalloc_table_is_what_sizemap_init_derives)
{
    // gperftools 2.10's SizeMap::Init, written from its description: step through sizes from 8
    // at an alignment of 8, 16 from 16 bytes, an eighth of the power of two below from 128 (at
    // most a page);
    // give each size the fewest 8 KiB pages that waste at most an eighth and hold a quarter of
    // the transfer batch (64 KiB / size objects, clamped to 2..32); fold a size into the class
    // before it when both get as many pages and as many objects.
    constexpr size_t PAGE{8192}, MAX_SIZE{262144};
    std::vector<size_t> classes, pages;
    for (size_t size{8}; size <= MAX_SIZE;) {
        size_t alignment{8};
        if (size >= 128) {
            alignment = std::min(PAGE, (size_t{1} << memusage::detail::FloorLog2(size)) / 8);
        } else if (size >= 16) {
            alignment = 16;
        }
        const size_t batch{std::min<size_t>(32, std::max<size_t>(2, 65536 / size))};
        size_t span{0};
        do {
            span += PAGE;
            while (span % size > span / 8) span += PAGE;
        } while (span / size < batch / 4);
        if (!classes.empty() && span / PAGE == pages.back() && span / size == pages.back() * PAGE / classes.back()) {
            classes.back() = size;
        } else {
            classes.push_back(size);
            pages.push_back(span / PAGE);
        }
        size += alignment;
    }
    BOOST_REQUIRE_EQUAL(classes.size(), memusage::detail::TCMALLOC_CLASSES.size());
    for (size_t i{0}; i < classes.size(); ++i) BOOST_CHECK_EQUAL(classes[i], memusage::detail::TCMALLOC_CLASSES[i]);
}

BOOST_AUTO_TEST_CASE(containers_are_their_live_blocks)
{
    using memusage::detail::ListNodeUsage;
    const auto running{RunningSizeClassModel()};
    BOOST_TEST_MESSAGE("allocator_tests: containers against "
                       << (running ? std::string{Name(*running)} + "'s usable sizes and " : std::string{}) << "each model's rule");
    CheckTree<std::set<int64_t>>("set<int64_t>", [](auto& c, size_t i) { c.insert(static_cast<int64_t>(i)); });
    CheckTree<std::map<int64_t, int64_t>>("map<int64_t, int64_t>", [](auto& c, size_t i) { c.emplace(static_cast<int64_t>(i), 0); });
    CheckTree<std::map<Key32, int64_t>>("map<Key32, int64_t>", [](auto& c, size_t i) { c.emplace(MakeKey32(i), 0); });
    CheckTree<std::multimap<int64_t, int64_t>>("multimap<int64_t, int64_t>",
                                               [](auto& c, size_t i) { c.emplace(static_cast<int64_t>(i / 2), 0); });
    CheckHash<std::unordered_set<int64_t>>("unordered_set<int64_t>", [](auto& c, size_t i) { c.insert(static_cast<int64_t>(i)); });
    CheckHash<std::unordered_set<Key32, Key32Hasher>>("unordered_set<Key32>", [](auto& c, size_t i) { c.insert(MakeKey32(i)); });
    CheckHash<std::unordered_map<int64_t, int64_t>>("unordered_map<int64_t, int64_t>",
                                                    [](auto& c, size_t i) { c.emplace(static_cast<int64_t>(i), 0); });
    CheckHash<std::unordered_map<Key32, int64_t, SaltedKey32Hasher>>("unordered_map<Key32, int64_t, salted>",
                                                                     [](auto& c, size_t i) { c.emplace(MakeKey32(i), 0); });
    for (size_t n : SIZES) {
        {
            RecordingScope scope;
            std::vector<uint64_t> v;
            for (size_t i{0}; i < n; ++i) v.push_back(i);
            CheckLive("vector<uint64_t>", n, scope.Record(),
                      AllFigures([&](auto model) { return ModelMallocUsage<decltype(model)::value>(v.capacity() * 8); }),
                      memusage::DynamicUsage(v));
        }
        {
            RecordingScope scope;
            const std::string s(n, 'x');
            const bool heap{s.capacity() > 15};
            CheckLive("string", n, scope.Record(),
                      AllFigures([&](auto model) { return heap ? memusage::detail::StringHeapUsage<decltype(model)::value>(s.capacity()) : 0; }),
                      memusage::DynamicUsage(s));
        }
        {
            RecordingScope scope;
            std::list<int64_t> l;
            for (size_t i{0}; i < n; ++i) l.push_back(static_cast<int64_t>(i));
            CheckLive("list<int64_t>", n, scope.Record(),
                      AllFigures([&](auto model) { return ListNodeUsage<decltype(model)::value, int64_t>() * l.size(); }),
                      memusage::DynamicUsage(l));
        }
        {
            RecordingScope scope;
            prevector<28, unsigned char> v;
            for (size_t i{0}; i < n; ++i) v.push_back(static_cast<unsigned char>(i));
            if (v.allocated_memory() != 0) scope.AddMallocBlock(v.data(), v.allocated_memory());
            CheckLive("prevector<28, unsigned char>", n, scope.Record(),
                      AllFigures([&](auto model) { return ModelMallocUsage<decltype(model)::value>(v.allocated_memory()); }),
                      memusage::DynamicUsage(v));
        }
    }
    CheckSeparateSharedPtr<1>();
    CheckSeparateSharedPtr<24>();
    CheckSeparateSharedPtr<100>();
    CheckSeparateSharedPtr<1000>();
}

BOOST_AUTO_TEST_SUITE_END()
