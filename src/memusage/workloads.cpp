// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#include <memusage/workloads.h>

#include <memusage.h>
#include <memusage/accounting.h>
#include <memusage/probe.h>

#if __has_include(<boost/multi_index_container.hpp>)
#define MEMUSAGE_WORKLOADS_HAVE_MULTI_INDEX 1
#include <boost/multi_index/hashed_index.hpp>
#include <boost/multi_index/member.hpp>
#include <boost/multi_index/ordered_index.hpp>
#include <boost/multi_index_container.hpp>
#include <memusage/multi_index.h>
#endif

#if defined(__GLIBC__)
#include <malloc.h>
#endif
#if __has_include(<dlfcn.h>)
#include <dlfcn.h>
#define MEMUSAGE_WORKLOADS_HAVE_DLSYM 1
#endif

#include <cstdio>
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <type_traits>
#include <unordered_map>
#include <utility>

namespace memusage {
namespace workloads {
namespace {

using detail::MallocModel;

/** figure(std::integral_constant<MallocModel, M>{}) for the model of the allocator running, when
 *  that is a size-class model (jemalloc, mimalloc, tcmalloc); glibc's is the exact column. */
template <typename Figure>
std::optional<size_t> UnderAllocatorModel(Figure figure)
{
    const MallocModel model{probe::ModelFor(probe::RunningAllocator()).value_or(MallocModel::CORE)};
    if (model == MallocModel::CORE || model == MallocModel::EXACT) return std::nullopt;
    return detail::WithModel(model, figure);
}

/** The workloads' draws: splitmix64, fixed seed, so every run builds the same containers. */
class Draws
{
public:
    uint64_t Next()
    {
        uint64_t z{m_state += 0x9e3779b97f4a7c15};
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
        z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
        return z ^ (z >> 31);
    }

private:
    uint64_t m_state{0x6d656d7573616765};
};

/** Empties glibc's per-thread cache (tcache: freed chunks up to 1 KiB, which mallinfo2 counts as
 *  in use) for as long as it lives, by holding blocks of every cached size. Without it a
 *  workload's small blocks could come out of the cache unseen by the mallinfo2 delta. Taking a
 *  block can refill the cache from the bins (glibc moves a bin's other chunks of that size into
 *  it), so for each size blocks are taken until one costs exactly its chunk in mallinfo2: that
 *  one came from the arena with the cache empty before and after. What the workload frees on
 *  the way (old bucket arrays), or glibc moves into the cache while serving it, stays counted:
 *  the delta can exceed the live blocks by that much, never fall short of them. */
class TcacheDrain
{
public:
    static constexpr size_t SIZES{65};
    static constexpr size_t MAX_PER_SIZE{256};

    TcacheDrain()
    {
        const std::optional<probe::ChunkRule> rule{probe::MeasuredChunkRule()};
        if (!rule || !HeapInUse()) return;
        m_blocks.reserve(SIZES * MAX_PER_SIZE);
        for (size_t k{0}; k < SIZES; ++k) {
            // One chunk size per tcache bin, in steps of the measured alignment (8 on 32-bit ARM).
            const size_t request{rule->m_min_chunk + k * rule->m_alignment - rule->m_header};
            for (size_t j{0}; j < MAX_PER_SIZE; ++j) {
                const size_t before{*HeapInUse()};
                void* block{std::malloc(request)};
                if (!block) return;
                m_blocks.push_back(block);
                if (*HeapInUse() - before == rule->HeapChunk(request)) break;
            }
        }
    }
    ~TcacheDrain()
    {
        for (void* block : m_blocks) std::free(block);
    }
    TcacheDrain(const TcacheDrain&) = delete;
    TcacheDrain& operator=(const TcacheDrain&) = delete;

private:
    std::vector<void*> m_blocks; //!< reserved before the first block is taken: never grows while held
};

/** A transaction output's address, as Core's COutPoint: a 32-byte txid and an index. */
struct Outpoint {
    unsigned char m_txid[32];
    uint32_t m_n;

    bool operator==(const Outpoint& other) const { return std::memcmp(this, &other, sizeof(*this)) == 0; }
    bool operator<(const Outpoint& other) const { return std::memcmp(this, &other, sizeof(*this)) < 0; }
};
static_assert(sizeof(Outpoint) == 36);

Outpoint DrawOutpoint(Draws& draws)
{
    Outpoint outpoint;
    for (size_t i{0}; i < 32; i += 8) {
        const uint64_t word{draws.Next()};
        std::memcpy(outpoint.m_txid + i, &word, 8);
    }
    outpoint.m_n = static_cast<uint32_t>(draws.Next() % 4);
    return outpoint;
}

/** Like Core's SaltedOutpointHasher, not noexcept, so libstdc++ caches the hash in each node. */
struct OutpointHasher {
    size_t operator()(const Outpoint& outpoint) const
    {
        uint64_t word;
        std::memcpy(&word, outpoint.m_txid, 8);
        return static_cast<size_t>(word ^ (uint64_t{outpoint.m_n} * 0x9e3779b97f4a7c15));
    }
};

/** Core's Coin: a CTxOut (amount, script) and a 32-bit height and coinbase flag. */
template <unsigned N>
struct Coin {
    int64_t m_value{0};
    prevector<N, unsigned char> m_script;
    uint32_t m_height_coinbase{0};
};

template <unsigned N>
using CoinsPair = std::pair<const Outpoint, Coin<N>>;

/** Core's CCoinsMap pool: blocks up to the pair plus four pointers of node overhead. */
template <unsigned N>
inline constexpr size_t COINS_POOL_BLOCK{sizeof(CoinsPair<N>) + 4 * sizeof(void*)};

template <unsigned N>
using CoinsPool = PoolAllocator<CoinsPair<N>, COINS_POOL_BLOCK<N>>;

template <unsigned N>
using CoinsMap = std::unordered_map<Outpoint, Coin<N>, OutpointHasher, std::equal_to<Outpoint>,
                                    AccountingAllocator<CoinsPair<N>, CoinsPool<N>>>;

template <unsigned N>
WorkloadSample BuildCoins(size_t entries)
{
    WorkloadSample sample;
    sample.m_workload = "coins N=" + std::to_string(N);
    sample.m_entries = entries;
    Draws draws;
    AllocationCounter counter;
    const TcacheDrain drain;
    const std::optional<size_t> before{HeapInUse()};
    {
        typename CoinsPool<N>::ResourceType resource;
        CoinsMap<N> map{0, OutpointHasher{}, std::equal_to<Outpoint>{},
                        AccountingAllocator<CoinsPair<N>, CoinsPool<N>>{counter, CoinsPool<N>{&resource}}};
        for (size_t i{0}; i < entries; ++i) {
            const auto [it, inserted]{map.try_emplace(DrawOutpoint(draws))};
            if (!inserted) continue; // a 256-bit collision: never
            const uint64_t r{draws.Next() % 100};
            const uint64_t tail{draws.Next()};
            it->second.m_value = static_cast<int64_t>(draws.Next() % 2100000000000000);
            it->second.m_script.assign(ScriptLength(r, tail), static_cast<unsigned char>(i));
        }
        const std::optional<size_t> after{HeapInUse()};
        if (before && after) sample.m_real = *after - *before;
        const auto figure{[&](auto model) {
            size_t scripts{0};
            for (const auto& [outpoint, coin] : map) scripts += detail::BlockUsage<decltype(model)::value>(coin.m_script.allocated_memory());
            return detail::PoolMapUsage<decltype(model)::value>(resource, map.bucket_count()) + scripts;
        }};
        size_t scripts_compiled{0};
        for (const auto& [outpoint, coin] : map) scripts_compiled += memusage::DynamicUsage(coin.m_script);
        sample.m_entries = map.size();
        sample.m_core = figure(std::integral_constant<MallocModel, MallocModel::CORE>{});
        sample.m_exact = figure(std::integral_constant<MallocModel, MallocModel::EXACT>{});
        sample.m_allocator_model = UnderAllocatorModel(figure);
        sample.m_compiled = figure(std::integral_constant<MallocModel, detail::COMPILED_MODEL>{});
        sample.m_core_guess = sample.m_core;
        sample.m_counter = counter.Usage() + scripts_compiled;
        sample.m_blocks = counter.Blocks();
    }
    return sample;
}

#if defined(MEMUSAGE_WORKLOADS_HAVE_MULTI_INDEX)

/** A 32-byte hash (uint256). */
struct Hash256 {
    unsigned char m_bytes[32];
    bool operator==(const Hash256& other) const { return std::memcmp(m_bytes, other.m_bytes, 32) == 0; }
};

struct Hash256Hasher {
    size_t operator()(const Hash256& hash) const
    {
        uint64_t word;
        std::memcpy(&word, hash.m_bytes, 8);
        return static_cast<size_t>(word);
    }
};

/** A mempool entry of 200 bytes: its ids, the figures mapTx orders by, and the rest of what
 *  Core's CTxMemPoolEntry holds (fees, sizes, ancestor and descendant state) as padding. The
 *  transaction itself, which Core's entry holds through a shared_ptr, is left out. */
struct MempoolEntry {
    Hash256 m_txid;
    Hash256 m_wtxid;
    double m_descendant_score;
    int64_t m_time;
    double m_ancestor_score;
    unsigned char m_rest[200 - 64 - 24];
};
static_assert(sizeof(MempoolEntry) == 200);

namespace bmi = boost::multi_index;

using MapTx = boost::multi_index_container<
    MempoolEntry,
    bmi::indexed_by<
        bmi::hashed_unique<bmi::member<MempoolEntry, Hash256, &MempoolEntry::m_txid>, Hash256Hasher>,
        bmi::hashed_unique<bmi::member<MempoolEntry, Hash256, &MempoolEntry::m_wtxid>, Hash256Hasher>,
        bmi::ordered_non_unique<bmi::member<MempoolEntry, double, &MempoolEntry::m_descendant_score>>,
        bmi::ordered_non_unique<bmi::member<MempoolEntry, int64_t, &MempoolEntry::m_time>>,
        bmi::ordered_non_unique<bmi::member<MempoolEntry, double, &MempoolEntry::m_ancestor_score>>>,
    AccountingAllocator<MempoolEntry>>;

using NextTxPair = std::pair<const Outpoint, const MempoolEntry*>;
using MapNextTx = std::map<Outpoint, const MempoolEntry*, std::less<Outpoint>, AccountingAllocator<NextTxPair>>;

/** Inputs per entry in mapNextTx. */
constexpr size_t INPUTS_PER_ENTRY{2};

WorkloadSample BuildMempool(size_t entries)
{
    WorkloadSample sample;
    sample.m_workload = "mempool";
    Draws draws;
    AllocationCounter counter;
    const TcacheDrain drain;
    const std::optional<size_t> before{HeapInUse()};
    {
        MapTx map_tx{MapTx::ctor_args_list{}, AccountingAllocator<MempoolEntry>{counter}};
        MapNextTx map_next_tx{AccountingAllocator<NextTxPair>{counter}};
        for (size_t i{0}; i < entries; ++i) {
            MempoolEntry entry{};
            const Outpoint id{DrawOutpoint(draws)};
            std::memcpy(entry.m_txid.m_bytes, id.m_txid, 32);
            std::memcpy(entry.m_wtxid.m_bytes, DrawOutpoint(draws).m_txid, 32);
            entry.m_descendant_score = static_cast<double>(draws.Next() % 1000000) / 1000;
            entry.m_time = static_cast<int64_t>(1700000000 + draws.Next() % 1209600);
            entry.m_ancestor_score = static_cast<double>(draws.Next() % 1000000) / 1000;
            const auto [it, inserted]{map_tx.insert(entry)};
            if (!inserted) continue;
            for (size_t input{0}; input < INPUTS_PER_ENTRY; ++input) map_next_tx.emplace(DrawOutpoint(draws), &*it);
        }
        const std::optional<size_t> after{HeapInUse()};
        if (before && after) sample.m_real = *after - *before;
        const auto next_tx{[&](auto model) { return detail::TreeNodeUsage<decltype(model)::value, NextTxPair>() * map_next_tx.size(); }};
        const auto figure{[&](auto model) { return detail::MultiIndexUsage<decltype(model)::value>(map_tx) + next_tx(model); }};
        const std::integral_constant<MallocModel, MallocModel::CORE> core;
        sample.m_entries = map_tx.size();
        sample.m_core_guess = detail::ModelMallocUsage<MallocModel::CORE>(sizeof(MempoolEntry) + 15 * sizeof(void*)) * map_tx.size() + next_tx(core);
        sample.m_core = figure(core);
        sample.m_exact = figure(std::integral_constant<MallocModel, MallocModel::EXACT>{});
        sample.m_allocator_model = UnderAllocatorModel(figure);
        sample.m_compiled = figure(std::integral_constant<MallocModel, detail::COMPILED_MODEL>{});
        sample.m_counter = counter.Usage();
        sample.m_blocks = counter.Blocks();
    }
    return sample;
}

#endif

} // namespace

std::optional<double> ErrorPercent(size_t estimate, const std::optional<size_t>& real)
{
    if (!real || *real == 0) return std::nullopt;
    return (static_cast<double>(estimate) - static_cast<double>(*real)) * 100.0 / static_cast<double>(*real);
}

namespace {

#if defined(MEMUSAGE_WORKLOADS_HAVE_DLSYM)
/** An allocator's own entry point, looked up at run time: the probe links none of them. */
template <typename Function>
Function* Lookup(const char* name)
{
    return reinterpret_cast<Function*>(dlsym(RTLD_DEFAULT, name));
}

/** jemalloc: the statistics are a snapshot taken when "epoch" is written, and count the blocks
 *  this thread's cache holds as allocated, so the cache is flushed first. */
std::optional<size_t> JemallocAllocated()
{
    using Mallctl = int(const char*, void*, size_t*, void*, size_t);
    Mallctl* mallctl{Lookup<Mallctl>("mallctl")};
    if (!mallctl) return std::nullopt;
    mallctl("thread.tcache.flush", nullptr, nullptr, nullptr, 0); // fails harmlessly without a cache
    uint64_t epoch{1};
    size_t epoch_size{sizeof(epoch)};
    if (mallctl("epoch", &epoch, &epoch_size, &epoch, epoch_size) != 0) return std::nullopt;
    size_t allocated{0};
    size_t allocated_size{sizeof(allocated)};
    if (mallctl("stats.allocated", &allocated, &allocated_size, nullptr, 0) != 0) return std::nullopt;
    return allocated;
}

/** tcmalloc (gperftools): MallocExtension's C entry point. */
std::optional<size_t> TcmallocAllocated()
{
    using GetProperty = int(const char*, size_t*);
    GetProperty* get{Lookup<GetProperty>("MallocExtension_GetNumericProperty")};
    size_t allocated{0};
    if (!get || !get("generic.current_allocated_bytes", &allocated)) return std::nullopt;
    return allocated;
}

/** mimalloc keeps no running total of live bytes: visit every live block of the default heap
 *  (the probe allocates from one thread) and add up each one's usable size. (The visitor's own
 *  block size is the page's for a large block, more than the block can use.) */
std::optional<size_t> MimallocAllocated()
{
    using UsableSize = size_t(const void*);
    using Visitor = bool(const void* heap, const void* area, void* block, size_t block_size, void* arg);
    using GetDefault = void*();
    using VisitBlocks = bool(const void* heap, bool visit_all_blocks, Visitor* visitor, void* arg);
    struct Sum {
        UsableSize* m_usable;
        size_t m_total;
    };
    Sum sum{Lookup<UsableSize>("mi_usable_size"), 0};
    GetDefault* get_default{Lookup<GetDefault>("mi_heap_get_default")};
    VisitBlocks* visit{Lookup<VisitBlocks>("mi_heap_visit_blocks")};
    if (!sum.m_usable || !get_default || !visit) return std::nullopt;
    using Collect = void(bool);
    if (Collect* collect{Lookup<Collect>("mi_collect")}) collect(true); // freed blocks still listed in their pages count as used until collected
    Visitor* add{[](const void*, const void*, void* block, size_t, void* arg) {
        Sum& s{*static_cast<Sum*>(arg)};
        if (block) s.m_total += s.m_usable(block); // called once per area with no block, then per block
        return true;
    }};
    if (!visit(get_default(), true, add, &sum)) return std::nullopt;
    return sum.m_total;
}
#endif

} // namespace

std::optional<size_t> HeapInUse()
{
    if (!probe::IsSupported()) return std::nullopt;
    switch (probe::RunningAllocator()) {
    case probe::Allocator::GLIBC: {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
        const struct mallinfo2 info{mallinfo2()};
        return info.uordblks + info.hblkhd;
#else
        return std::nullopt;
#endif
    }
#if defined(MEMUSAGE_WORKLOADS_HAVE_DLSYM)
    case probe::Allocator::JEMALLOC: return JemallocAllocated();
    case probe::Allocator::TCMALLOC: return TcmallocAllocated();
    case probe::Allocator::MIMALLOC: return MimallocAllocated();
#else
    case probe::Allocator::JEMALLOC:
    case probe::Allocator::TCMALLOC:
    case probe::Allocator::MIMALLOC:
#endif
    case probe::Allocator::UNKNOWN: break;
    }
    return std::nullopt;
}

size_t ScriptLength(uint64_t r, uint64_t tail_draw)
{
    if (r < 32) return 22;                    // P2WPKH
    if (r < 56) return 25;                    // P2PKH
    if (r < 68) return 23;                    // P2SH
    if (r < 90) return 34;                    // P2TR, P2WSH
    if (r < 92) return 35;                    // P2PK (compressed key)
    if (r < 94) return 105;                   // bare 1-of-3 multisig
    return 40 + static_cast<size_t>(tail_draw % 161); // everything else: 40-200
}

std::vector<WorkloadSample> RunCoins(unsigned script_n, const std::vector<size_t>& sizes)
{
    std::vector<WorkloadSample> samples;
    for (const size_t size : sizes) {
        if (script_n == 28) {
            samples.push_back(BuildCoins<28>(size));
        } else if (script_n == 36) {
            samples.push_back(BuildCoins<36>(size));
        }
    }
    return samples;
}

bool HaveMempool()
{
#if defined(MEMUSAGE_WORKLOADS_HAVE_MULTI_INDEX)
    return true;
#else
    return false;
#endif
}

std::vector<WorkloadSample> RunMempool(const std::vector<size_t>& sizes)
{
    std::vector<WorkloadSample> samples;
#if defined(MEMUSAGE_WORKLOADS_HAVE_MULTI_INDEX)
    for (const size_t size : sizes) samples.push_back(BuildMempool(size));
#else
    (void)sizes;
#endif
    return samples;
}

namespace {

std::string Percent(size_t estimate, const std::optional<size_t>& real)
{
    const std::optional<double> error{ErrorPercent(estimate, real)};
    if (!error) return "-";
    char text[32];
    std::snprintf(text, sizeof(text), "%+.2f%%", *error);
    return text;
}

void PrintTable(const std::vector<WorkloadSample>& samples)
{
    const std::string compiled{MALLOC_MODEL};
    const std::string running{probe::AllocatorName(probe::RunningAllocator())};
    const bool size_classes{!samples.empty() && samples.front().m_allocator_model};
    const auto label{[&](const std::string& model) { return compiled == model ? model + "*" : model; }};
    std::printf("workloads   heap really in use (%s's own statistics) against each way of charging it; error =\n"
                "            estimate - real, in per cent of real. core guess: Core's own figure (mempool: 15\n"
                "            pointers per entry); core, exact%s: this library under each malloc model (compiled\n"
                "            one marked *); counter: AccountingAllocator (coins: over the pool, plus the scripts'\n"
                "            DynamicUsage)\n\n",
                running.c_str(), size_classes ? (", " + running).c_str() : "");
    std::printf("%-12s %8s %11s %11s %8s %11s %8s %11s %8s %11s %8s", "workload", "entries", "real", "core guess", "error",
                label("core").c_str(), "error", label("exact").c_str(), "error", "counter", "error");
    if (size_classes) std::printf(" %11s %8s", label(running).c_str(), "error");
    std::printf("\n");
    for (const WorkloadSample& s : samples) {
        const std::string real{s.m_real ? std::to_string(*s.m_real) : "-"};
        std::printf("%-12s %8zu %11s %11zu %8s %11zu %8s %11zu %8s %11zu %8s", s.m_workload.c_str(), s.m_entries, real.c_str(),
                    s.m_core_guess, Percent(s.m_core_guess, s.m_real).c_str(), s.m_core, Percent(s.m_core, s.m_real).c_str(),
                    s.m_exact, Percent(s.m_exact, s.m_real).c_str(), s.m_counter, Percent(s.m_counter, s.m_real).c_str());
        if (s.m_allocator_model) std::printf(" %11zu %8s", *s.m_allocator_model, Percent(*s.m_allocator_model, s.m_real).c_str());
        std::printf("\n");
    }
}

void PrintCsv(const std::vector<WorkloadSample>& samples)
{
    std::printf("workload,entries,blocks,real,core_guess,core,exact,counter,allocator_model\n");
    for (const WorkloadSample& s : samples) {
        const std::string real{s.m_real ? std::to_string(*s.m_real) : ""};
        const std::string allocator_model{s.m_allocator_model ? std::to_string(*s.m_allocator_model) : ""};
        std::printf("%s,%zu,%zu,%s,%zu,%zu,%zu,%zu,%s\n", s.m_workload.c_str(), s.m_entries, s.m_blocks, real.c_str(),
                    s.m_core_guess, s.m_core, s.m_exact, s.m_counter, allocator_model.c_str());
    }
}

} // namespace

bool RunWorkloads(const std::string& names, bool csv, const WorkloadOptions& options)
{
    std::vector<std::string> list;
    for (size_t start{0}; start <= names.size();) {
        const size_t comma{std::min(names.find(',', start), names.size())};
        list.push_back(names.substr(start, comma - start));
        start = comma + 1;
    }
    for (const std::string& name : list) {
        if (name != "coins" && name != "mempool") {
            std::fprintf(stderr, "memusage-probe: unknown workload '%s' (coins, mempool)\n", name.c_str());
            return false;
        }
        if (name == "mempool" && !HaveMempool()) {
            std::fprintf(stderr, "memusage-probe: the mempool workload needs Boost.MultiIndex, which this build did not find\n");
            return false;
        }
    }
    if (!HeapInUse()) {
        std::fprintf(stderr, "memusage-probe: the real heap cannot be read here (%s): real and the errors are left empty\n",
                     probe::UnsupportedReason().value_or("no statistics from this allocator").c_str());
    }
    std::vector<WorkloadSample> samples;
    for (const std::string& name : list) {
        std::vector<WorkloadSample> more;
        if (name == "coins") {
            for (const unsigned n : {28U, 36U}) {
                more = RunCoins(n, options.m_coins_sizes);
                samples.insert(samples.end(), more.begin(), more.end());
            }
        } else {
            more = RunMempool(options.m_mempool_sizes);
            samples.insert(samples.end(), more.begin(), more.end());
        }
    }
    if (csv) {
        PrintCsv(samples);
    } else {
        PrintTable(samples);
    }
    return true;
}

} // namespace workloads
} // namespace memusage
