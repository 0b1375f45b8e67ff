// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#include <probe/probe.h>
#include <probe/elements.h>

#include <memusage/core_containers.h>
#include <memusage/malloc.h>
#include <memusage/nodes.h>
#include <memusage/standard.h>

#include <cstdlib>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

// The container samples: each container built with an allocator that records its live blocks,
// the blocks measured as the running allocator charges them (sweep.cpp), against every model's
// DynamicUsage.

namespace memusage {
namespace probe {

namespace {

using detail::MallocModel;
template <MallocModel MODEL>
using ModelTag = std::integral_constant<MallocModel, MODEL>;

/** The live blocks of the container being measured: address and bytes requested. */
using BlockMap = std::unordered_map<const void*, size_t>;

/** Where ProbeAllocator records; set only while RecordContainer builds a container. The probe
 *  measures one container at a time, on one thread. */
thread_local BlockMap* t_blocks{nullptr};

/** A stateless allocator that takes memory from malloc and records each block. Being empty it
 *  takes no room in a node or a control block (libstdc++ keeps allocators there through the
 *  empty base optimization), so every layout is that of std::allocator. */
template <typename T>
struct ProbeAllocator {
    using value_type = T;

    ProbeAllocator() noexcept = default;
    template <typename U>
    ProbeAllocator(const ProbeAllocator<U>&) noexcept
    {
    }

    T* allocate(size_t n)
    {
        if (n > SIZE_MAX / sizeof(T)) throw std::bad_array_new_length{};
        void* block{std::malloc(n * sizeof(T))};
        if (block == nullptr) throw std::bad_alloc{};
        if (t_blocks != nullptr) t_blocks->emplace(block, n * sizeof(T));
        return static_cast<T*>(block);
    }

    void deallocate(T* block, size_t) noexcept
    {
        if (t_blocks != nullptr) t_blocks->erase(block);
        std::free(block);
    }
};

template <typename T, typename U>
bool operator==(const ProbeAllocator<T>&, const ProbeAllocator<U>&) noexcept { return true; }
template <typename T, typename U>
bool operator!=(const ProbeAllocator<T>&, const ProbeAllocator<U>&) noexcept { return false; }

using elements::Blob;
using elements::Key32;
using elements::Key32Hasher;
using elements::MakeKey32;
using elements::SaltedKey32Hasher;

/** Deletes what ProbeAllocator allocated, for a shared_ptr that allocates object and counters
 *  apart. Empty, so the control block is as big as shared_ptr<X>(new X)'s. */
template <typename X>
struct ProbeDeleter {
    void operator()(X* object) const noexcept
    {
        object->~X();
        ProbeAllocator<X>{}.deallocate(object, 1);
    }
};

template <typename T>
using ProbeVector = std::vector<T, ProbeAllocator<T>>;
using ProbeString = std::basic_string<char, std::char_traits<char>, ProbeAllocator<char>>;
template <typename K, typename V>
using ProbeMap = std::map<K, V, std::less<K>, ProbeAllocator<std::pair<const K, V>>>;
template <typename K, typename V>
using ProbeMultimap = std::multimap<K, V, std::less<K>, ProbeAllocator<std::pair<const K, V>>>;
template <typename K, typename H = std::hash<K>>
using ProbeUnorderedSet = std::unordered_set<K, H, std::equal_to<K>, ProbeAllocator<K>>;
template <typename K, typename V, typename H = std::hash<K>>
using ProbeUnorderedMap = std::unordered_map<K, V, H, std::equal_to<K>, ProbeAllocator<std::pair<const K, V>>>;

/** Add up what the live blocks cost, telling mmapped blocks and fragments apart. */
void Tally(const std::optional<ChunkRule>& rule, const BlockMap& blocks, ContainerSample& sample)
{
    for (const auto& [block, request] : blocks) {
        const auto measurement{MeasureBlock(block, request)};
        if (!measurement) continue;
        ++sample.m_blocks;
        sample.m_real += measurement->m_real;
        if (!rule) continue; // size classes: neither mmapped chunks nor fragments
        const size_t heap_chunk{rule->HeapChunk(request)};
        if (measurement->m_mmapped) {
            ++sample.m_mmapped;
            if (measurement->m_real > heap_chunk) sample.m_mmap_excess += measurement->m_real - heap_chunk;
        } else if (measurement->m_real > heap_chunk) {
            ++sample.m_fragments;
            sample.m_fragment_excess += measurement->m_real - heap_chunk;
        }
    }
}

/** Build one container with build(blocks, sample): it records into blocks (ProbeAllocator does
 *  so by itself), fills in every model's figures and returns with the container still alive,
 *  through the callback it is handed, so that the blocks are measured while they are live. */
template <typename Build>
ContainerSample RecordContainer(const std::optional<ChunkRule>& rule, const std::string& name, size_t elements, Build build)
{
    ContainerSample sample;
    sample.m_container = name;
    sample.m_elements = elements;
    BlockMap blocks;
    t_blocks = &blocks;
    build(blocks, sample, [&] {
        t_blocks = nullptr;
        Tally(rule, blocks, sample);
    });
    t_blocks = nullptr;
    return sample;
}

/** Every model's DynamicUsage for a container, from a function of the model tag. */
template <typename UsageOf>
void SetUsage(ContainerSample& sample, UsageOf usage_of)
{
    sample.m_usage[static_cast<size_t>(MallocModel::CORE)] = usage_of(ModelTag<MallocModel::CORE>{});
    sample.m_usage[static_cast<size_t>(MallocModel::EXACT)] = usage_of(ModelTag<MallocModel::EXACT>{});
    sample.m_usage[static_cast<size_t>(MallocModel::JEMALLOC)] = usage_of(ModelTag<MallocModel::JEMALLOC>{});
    sample.m_usage[static_cast<size_t>(MallocModel::MIMALLOC)] = usage_of(ModelTag<MallocModel::MIMALLOC>{});
    sample.m_usage[static_cast<size_t>(MallocModel::TCMALLOC)] = usage_of(ModelTag<MallocModel::TCMALLOC>{});
    sample.m_core = sample.Usage(MallocModel::CORE);
    sample.m_exact = sample.Usage(MallocModel::EXACT);
}

template <typename Set>
void AddTreeSample(const std::optional<ChunkRule>& rule, std::vector<ContainerSample>& samples, const std::string& name, size_t n,
                   void (*insert)(Set&, size_t))
{
    samples.push_back(RecordContainer(rule, name, n, [&](BlockMap&, ContainerSample& sample, auto tally) {
        Set container;
        for (size_t i{0}; i < n; ++i) insert(container, i);
        SetUsage(sample, [&](auto model) {
            return detail::TreeNodeUsage<decltype(model)::value, typename Set::value_type>() * container.size();
        });
        tally();
    }));
}

template <typename Table>
void AddHashSample(const std::optional<ChunkRule>& rule, std::vector<ContainerSample>& samples, const std::string& name, size_t n,
                   void (*insert)(Table&, size_t))
{
    samples.push_back(RecordContainer(rule, name, n, [&](BlockMap&, ContainerSample& sample, auto tally) {
        Table table;
        for (size_t i{0}; i < n; ++i) insert(table, i);
        SetUsage(sample, [&](auto model) {
            constexpr MallocModel MODEL{decltype(model)::value};
            return detail::HashNodeUsage<MODEL, typename Table::value_type, typename Table::key_type, typename Table::hasher>() *
                       table.size() +
                   detail::HashBucketsUsage<MODEL>(table.bucket_count());
        });
        tally();
    }));
}

template <size_t N>
void AddPointerSamples(const std::optional<ChunkRule>& rule, std::vector<ContainerSample>& samples)
{
    using Object = Blob<N>;
    samples.push_back(RecordContainer(rule, "std::unique_ptr<object>", N, [&](BlockMap& blocks, ContainerSample& sample, auto tally) {
        const auto p{std::make_unique<Object>()};
        blocks.emplace(p.get(), sizeof(Object));
        SetUsage(sample, [&](auto model) { return detail::ModelMallocUsage<decltype(model)::value>(sizeof(Object)); });
        tally();
    }));
    samples.push_back(RecordContainer(rule, "std::shared_ptr<object> make_shared", N, [&](BlockMap&, ContainerSample& sample, auto tally) {
        const auto p{std::allocate_shared<Object>(ProbeAllocator<Object>{})};
        sample.m_bound = true;
        SetUsage(sample, [&](auto model) { return detail::SharedPtrUsage<decltype(model)::value, Object>(); });
        tally();
    }));
    samples.push_back(RecordContainer(rule, "std::shared_ptr<object> separate", N, [&](BlockMap&, ContainerSample& sample, auto tally) {
        Object* object{ProbeAllocator<Object>{}.allocate(1)};
        ::new (static_cast<void*>(object)) Object{};
        const std::shared_ptr<Object> p{object, ProbeDeleter<Object>{}, ProbeAllocator<Object>{}};
        SetUsage(sample, [&](auto model) { return detail::SharedPtrUsage<decltype(model)::value, Object>(); });
        tally();
    }));
}

} // namespace

size_t ContainerSample::HeapEquivalent() const { return m_real - m_mmap_excess - m_fragment_excess; }

std::optional<std::vector<ContainerSample>> RunContainers(const ContainerOptions& options)
{
    if (!IsSupported()) return std::nullopt;
    const std::optional<ChunkRule> rule{MeasuredChunkRule()};
    std::vector<ContainerSample> samples;
    for (size_t n : options.m_sizes) {
        samples.push_back(RecordContainer(rule, "std::vector<uint64_t>", n, [&](BlockMap&, ContainerSample& sample, auto tally) {
            ProbeVector<uint64_t> v;
            for (size_t i{0}; i < n; ++i) v.push_back(i); // grown as a program grows it
            SetUsage(sample, [&](auto model) {
                return detail::ModelMallocUsage<decltype(model)::value>(v.capacity() * sizeof(uint64_t));
            });
            tally();
        }));
        samples.push_back(RecordContainer(rule, "std::string", n, [&](BlockMap&, ContainerSample& sample, auto tally) {
            const ProbeString s(n, 'x');
            SetUsage(sample, [&](auto model) { return detail::StringUsage<decltype(model)::value>(s); });
            tally();
        }));
        AddTreeSample<std::set<int64_t, std::less<int64_t>, ProbeAllocator<int64_t>>>(
            rule, samples, "std::set<int64_t>", n, [](auto& c, size_t i) { c.insert(static_cast<int64_t>(i)); });
        AddTreeSample<ProbeMap<int64_t, int64_t>>(rule, samples, "std::map<int64_t, int64_t>", n,
                                                   [](auto& c, size_t i) { c.emplace(static_cast<int64_t>(i), 0); });
        AddTreeSample<ProbeMap<Key32, int64_t>>(rule, samples, "std::map<Key32, int64_t>", n,
                                                 [](auto& c, size_t i) { c.emplace(MakeKey32(i), 0); });
        AddTreeSample<ProbeMultimap<int64_t, int64_t>>(rule, samples, "std::multimap<int64_t, int64_t>", n,
                                                        [](auto& c, size_t i) { c.emplace(static_cast<int64_t>(i / 2), 0); });
        samples.push_back(RecordContainer(rule, "std::list<int64_t>", n, [&](BlockMap&, ContainerSample& sample, auto tally) {
            std::list<int64_t, ProbeAllocator<int64_t>> l;
            for (size_t i{0}; i < n; ++i) l.push_back(static_cast<int64_t>(i));
            SetUsage(sample, [&](auto model) { return detail::ListNodeUsage<decltype(model)::value, int64_t>() * l.size(); });
            tally();
        }));
        AddHashSample<ProbeUnorderedSet<int64_t>>(rule, samples, "std::unordered_set<int64_t>", n,
                                                  [](auto& c, size_t i) { c.insert(static_cast<int64_t>(i)); });
        AddHashSample<ProbeUnorderedSet<std::string>>(rule, samples, "std::unordered_set<std::string>", n,
                                                      [](auto& c, size_t i) { c.insert(std::to_string(i)); });
        AddHashSample<ProbeUnorderedSet<Key32, Key32Hasher>>(rule, samples, "std::unordered_set<Key32>", n,
                                                             [](auto& c, size_t i) { c.insert(MakeKey32(i)); });
        AddHashSample<ProbeUnorderedMap<int64_t, int64_t>>(rule, samples, "std::unordered_map<int64_t, int64_t>", n,
                                                           [](auto& c, size_t i) { c.emplace(static_cast<int64_t>(i), 0); });
        AddHashSample<ProbeUnorderedMap<std::string, int64_t>>(rule, samples, "std::unordered_map<std::string, int64_t>", n,
                                                               [](auto& c, size_t i) { c.emplace(std::to_string(i), 0); });
        AddHashSample<ProbeUnorderedMap<Key32, int64_t, SaltedKey32Hasher>>(
            rule, samples, "std::unordered_map<Key32, int64_t, salted>", n, [](auto& c, size_t i) { c.emplace(MakeKey32(i), 0); });
        samples.push_back(RecordContainer(rule, "prevector<28, unsigned char>", n, [&](BlockMap& blocks, ContainerSample& sample, auto tally) {
            prevector<28, unsigned char> v;
            for (size_t i{0}; i < n; ++i) v.push_back(static_cast<unsigned char>(i)); // malloc, then realloc
            if (v.allocated_memory() != 0) blocks.emplace(v.data(), v.allocated_memory());
            SetUsage(sample, [&](auto model) { return detail::ModelMallocUsage<decltype(model)::value>(v.allocated_memory()); });
            tally();
        }));
    }
    // Owning pointers hold one object, of 0 (null), 1, 10, 1000 and 100000 bytes.
    for (const char* name : {"std::unique_ptr<object>", "std::shared_ptr<object> make_shared", "std::shared_ptr<object> separate"}) {
        ContainerSample null;
        null.m_container = name;
        null.m_bound = std::string{name}.find("make_shared") != std::string::npos;
        samples.push_back(null);
    }
    AddPointerSamples<1>(rule, samples);
    AddPointerSamples<10>(rule, samples);
    AddPointerSamples<1000>(rule, samples);
    AddPointerSamples<100000>(rule, samples);
    return samples;
}

} // namespace probe
} // namespace memusage
