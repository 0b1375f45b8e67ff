// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#include <probe/workloads.h>

#include <memusage.h>
#include <memusage/accounting.h>
#include <memusage/context.h>
#include <memusage/heap.h>
#include <memusage/report.h>
#include <memusage/probe.h>

#if __has_include(<boost/multi_index_container.hpp>)
#define MEMUSAGE_WORKLOADS_HAVE_MULTI_INDEX 1
#include <boost/multi_index/hashed_index.hpp>
#include <boost/multi_index/member.hpp>
#include <boost/multi_index/ordered_index.hpp>
#include <boost/multi_index_container.hpp>
#include <memusage/multi_index.h>
#endif


#include <cstdio>
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <set>
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
        // The txid's first eight bytes, little-endian, one by one: a memcpy here is reported as
        // out of bounds by riscv64's GCC 12 once Boost.MultiIndex's rehash is inlined around it.
        uint64_t word{0};
        for (size_t i{0}; i < 8; ++i) word |= uint64_t{outpoint.m_txid[i]} << (8 * i);
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

std::optional<size_t> HeapInUse()
{
    if (!probe::IsSupported()) return std::nullopt;
    const std::optional<HeapStats> stats{ReadHeapStats()};
    if (!stats) return std::nullopt;
    return stats->in_use;
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

// The node workload: a coins cache, a mempool, an orphanage and recent blocks, the last three
// sharing transactions through std::shared_ptr<const Tx> as Core's CTransactionRef does, charged
// per holder and through one shared context, against the real heap.
namespace {

/** Core's CScript: prevector<28> up to Core 29, prevector<36> from 30 on. */
using NodeScript = prevector<(CORE_VERSION >= 30 ? 36 : 28), unsigned char>;

/** Core's CTxIn: the outpoint spent, its script, the sequence, the witness stack. */
struct NodeTxIn {
    Outpoint m_prevout;
    NodeScript m_script_sig;
    uint32_t m_sequence{0xffffffff};
    std::vector<std::vector<unsigned char>> m_witness;
};

/** Core's CTxOut. */
struct NodeTxOut {
    int64_t m_value{0};
    NodeScript m_script;
};

/** Core's CTransaction, with its txid as the outpoint's hash. */
struct NodeTx {
    std::vector<NodeTxIn> m_vin;
    std::vector<NodeTxOut> m_vout;
    uint32_t m_version{2};
    uint32_t m_lock_time{0};
    Outpoint m_txid;
};

using NodeTxRef = std::shared_ptr<const NodeTx>;

/** Core's CBlock as a recent-block cache holds it: a header and the transactions. */
struct NodeBlock {
    unsigned char m_header[80];
    std::vector<NodeTxRef> m_vtx;
};

/** A mempool entry: the transaction and what mapTx orders it by. */
struct NodeEntry {
    NodeTxRef m_tx;
    Outpoint m_txid;
    Outpoint m_wtxid;
    int64_t m_fee;
    int64_t m_time;
};

/** An orphan, as Core's TxOrphanage keeps it: the transaction, who sent it, when it expires. */
struct NodeOrphan {
    NodeTxRef m_tx;
    std::set<int64_t> m_announcers;
    int64_t m_expiry;
};

// The whole-object figures of the types above, found by argument-dependent lookup.
size_t RecursiveDynamicUsage(const NodeTxIn& in, UsageContext& context)
{
    return memusage::RecursiveDynamicUsage(in.m_script_sig, context) + memusage::RecursiveDynamicUsage(in.m_witness, context);
}
size_t RecursiveDynamicUsage(const NodeTxOut& out, UsageContext& context) { return memusage::RecursiveDynamicUsage(out.m_script, context); }
size_t RecursiveDynamicUsage(const NodeTx& tx, UsageContext& context)
{
    return memusage::RecursiveDynamicUsage(tx.m_vin, context) + memusage::RecursiveDynamicUsage(tx.m_vout, context);
}
size_t RecursiveDynamicUsage(const NodeBlock& block, UsageContext& context) { return memusage::RecursiveDynamicUsage(block.m_vtx, context); }
size_t RecursiveDynamicUsage(const NodeEntry& entry, UsageContext& context) { return memusage::RecursiveDynamicUsage(entry.m_tx, context); }
size_t RecursiveDynamicUsage(const NodeOrphan& orphan, UsageContext& context)
{
    return memusage::RecursiveDynamicUsage(orphan.m_tx, context) + memusage::RecursiveDynamicUsage(orphan.m_announcers, context);
}
template <unsigned N>
size_t RecursiveDynamicUsage(const Coin<N>& coin, UsageContext& context)
{
    return memusage::RecursiveDynamicUsage(coin.m_script, context);
}

/** A transaction of one to three inputs and outputs: segwit inputs (four in five) carry a
 *  72-byte signature and a 33-byte key in the witness, legacy ones a 107-byte script. */
NodeTxRef DrawTx(Draws& draws)
{
    NodeTx tx;
    const size_t inputs{1 + static_cast<size_t>(draws.Next() % 3)};
    const size_t outputs{1 + static_cast<size_t>(draws.Next() % 3)};
    for (size_t i{0}; i < inputs; ++i) {
        NodeTxIn in;
        in.m_prevout = DrawOutpoint(draws);
        if (draws.Next() % 5 != 0) {
            in.m_witness.emplace_back(72, static_cast<unsigned char>(i));
            in.m_witness.emplace_back(33, static_cast<unsigned char>(i));
        } else {
            in.m_script_sig.assign(107, static_cast<unsigned char>(i));
        }
        tx.m_vin.push_back(std::move(in));
    }
    for (size_t i{0}; i < outputs; ++i) {
        const uint64_t r{draws.Next() % 100};
        const uint64_t tail{draws.Next()};
        tx.m_vout.push_back(NodeTxOut{static_cast<int64_t>(draws.Next() % 100000000), NodeScript(ScriptLength(r, tail), 0x51)});
    }
    tx.m_txid = DrawOutpoint(draws);
    return std::make_shared<const NodeTx>(std::move(tx)); // as Core's MakeTransactionRef
}

#if defined(MEMUSAGE_WORKLOADS_HAVE_MULTI_INDEX)
using NodeMapTx = boost::multi_index_container<
    NodeEntry, bmi::indexed_by<bmi::hashed_unique<bmi::member<NodeEntry, Outpoint, &NodeEntry::m_txid>, OutpointHasher>,
                               bmi::hashed_unique<bmi::member<NodeEntry, Outpoint, &NodeEntry::m_wtxid>, OutpointHasher>,
                               bmi::ordered_non_unique<bmi::member<NodeEntry, int64_t, &NodeEntry::m_time>>>>;
void InsertEntry(NodeMapTx& map_tx, NodeEntry entry) { map_tx.insert(std::move(entry)); }
#else
/** Without Boost.MultiIndex, mapTx's shape is its first index alone: entries by txid. */
using NodeMapTx = std::unordered_map<Outpoint, NodeEntry, OutpointHasher>;
void InsertEntry(NodeMapTx& map_tx, NodeEntry entry) { map_tx.emplace(entry.m_txid, std::move(entry)); }
#endif

using NodeCoinsMap = std::unordered_map<Outpoint, Coin<NodeScript::STATIC_SIZE>, OutpointHasher, std::equal_to<Outpoint>,
                                        CoinsPool<NodeScript::STATIC_SIZE>>;

/** Everything a node holds in the workload. */
struct NodeState {
    typename CoinsPool<NodeScript::STATIC_SIZE>::ResourceType m_resource;
    NodeCoinsMap m_coins{0, OutpointHasher{}, std::equal_to<Outpoint>{}, CoinsPool<NodeScript::STATIC_SIZE>{&m_resource}};
    NodeMapTx m_map_tx;
    std::map<Outpoint, const NodeTx*> m_map_next_tx;
    std::map<Outpoint, NodeOrphan> m_orphans;
    std::vector<std::shared_ptr<const NodeBlock>> m_recent_blocks;
};

void BuildNodeState(NodeState& node, const NodeOptions& options)
{
    Draws draws;
    for (size_t i{0}; i < options.m_coins; ++i) {
        const auto [it, inserted]{node.m_coins.try_emplace(DrawOutpoint(draws))};
        if (!inserted) continue;
        const uint64_t r{draws.Next() % 100};
        it->second.m_value = static_cast<int64_t>(draws.Next() % 2100000000000000);
        it->second.m_script.assign(ScriptLength(r, draws.Next()), static_cast<unsigned char>(i));
    }
    std::vector<NodeTxRef> pool_txs;
    for (size_t i{0}; i < options.m_mempool; ++i) {
        NodeTxRef tx{DrawTx(draws)};
        for (const NodeTxIn& in : tx->m_vin) node.m_map_next_tx.emplace(in.m_prevout, tx.get());
        InsertEntry(node.m_map_tx, NodeEntry{tx, tx->m_txid, DrawOutpoint(draws), static_cast<int64_t>(draws.Next() % 100000),
                                             static_cast<int64_t>(1700000000 + draws.Next() % 1209600)});
        pool_txs.push_back(std::move(tx));
    }
    for (size_t i{0}; i < options.m_orphans; ++i) {
        NodeTxRef tx{DrawTx(draws)};
        NodeOrphan orphan{tx, {static_cast<int64_t>(draws.Next() % 125)}, static_cast<int64_t>(1700000000 + draws.Next() % 1200)};
        node.m_orphans.emplace(tx->m_txid, std::move(orphan));
    }
    // Each recent block takes every other of its transactions from the mempool (shared), the
    // rest are its own.
    size_t next_shared{0};
    for (size_t b{0}; b < options.m_blocks; ++b) {
        auto block{std::make_shared<NodeBlock>()};
        for (size_t i{0}; i < options.m_block_txs; ++i) {
            if (i % 2 == 0 && next_shared < pool_txs.size()) {
                block->m_vtx.push_back(pool_txs[next_shared++]);
            } else {
                block->m_vtx.push_back(DrawTx(draws));
            }
        }
        node.m_recent_blocks.push_back(std::move(block));
    }
}

/** One holder's figures: what its own containers take, and the transactions it reaches that
 *  the context had not charged yet. */
template <typename Holder>
void AddHolder(UsageReport& report, const std::string& name, const std::string& own_name, const Holder& holder, size_t own,
               UsageContext& context)
{
    const size_t whole{memusage::RecursiveDynamicUsage(holder, context)};
    report.Add({name, own_name}, own);
    report.Add({name, "transactions"}, whole - own);
}

/** The tree of a node's structures through context (a fresh one per holder when shared is false). */
UsageReport NodeTree(const NodeState& node, bool shared)
{
    UsageReport report{shared ? "node (shared context)" : "node (per holder)"};
    UsageContext one;
    const auto context{[&]() -> UsageContext& {
        if (!shared) one.Clear();
        return one;
    }};
    const size_t coins_whole{memusage::RecursiveDynamicUsage(node.m_coins, context())};
    report.Add({"coins", "cacheCoins"}, memusage::DynamicUsage(node.m_coins));
    report.Add({"coins", "scripts"}, coins_whole - memusage::DynamicUsage(node.m_coins));
    report.Add({"mempool", "mapNextTx"}, memusage::DynamicUsage(node.m_map_next_tx));
    AddHolder(report, "mempool", "mapTx", node.m_map_tx, memusage::DynamicUsage(node.m_map_tx), context());
    size_t orphans_own{memusage::DynamicUsage(node.m_orphans)};
    for (const auto& [id, orphan] : node.m_orphans) orphans_own += memusage::DynamicUsage(orphan.m_announcers);
    AddHolder(report, "orphanage", "m_orphans", node.m_orphans, orphans_own, context());
    size_t blocks_own{memusage::DynamicUsage(node.m_recent_blocks)};
    for (const auto& block : node.m_recent_blocks) blocks_own += memusage::DynamicUsage(block) + memusage::DynamicUsage(block->m_vtx);
    AddHolder(report, "recentBlocks", "blocks", node.m_recent_blocks, blocks_own, context());
    return report;
}

} // namespace

NodeReport BuildNode(const NodeOptions& options)
{
    NodeReport result;
    const TcacheDrain drain;
    const std::optional<size_t> before{HeapInUse()};
    {
        NodeState node;
        BuildNodeState(node, options);
        const std::optional<size_t> after{HeapInUse()};
        if (before && after) result.m_real = *after - *before;
        result.m_per_holder = NodeTree(node, false);
        result.m_shared = NodeTree(node, true);
        result.m_transactions = node.m_map_tx.size() + node.m_orphans.size();
        for (const auto& block : node.m_recent_blocks) result.m_transactions += block->m_vtx.size();
    }
    if (result.m_real) {
        HeapStats heap;
        heap.in_use = *result.m_real;
        result.m_unaccounted = result.m_shared.AddUnaccounted(heap, "unaccounted");
    }
    return result;
}

namespace {

/** A JSON string for the few ASCII texts the wrapper holds (model, allocator). */
std::string JsonQuote(const std::string& text)
{
    std::string out{"\""};
    for (const char ch : text) {
        const auto c{static_cast<unsigned char>(ch)};
        if (c == '"' || c == '\\') {
            out += '\\';
            out += ch;
        } else if (c < 0x20 || c >= 0x7f) {
            char escape[8];
            std::snprintf(escape, sizeof(escape), "\\u%04x", c);
            out += escape;
        } else {
            out += ch;
        }
    }
    return out + "\"";
}

std::string Trimmed(std::string json)
{
    while (!json.empty() && json.back() == '\n') json.pop_back();
    return json;
}

} // namespace

std::optional<std::string> FormatNode(const NodeReport& report, const std::string& format)
{
    const std::string real{report.m_real ? std::to_string(*report.m_real) : "null"};
    const std::string unaccounted{report.m_unaccounted ? std::to_string(*report.m_unaccounted) : "null"};
    if (format == "json") {
        return "{\"workload\":\"node\",\"model\":" + JsonQuote(MALLOC_MODEL) + ",\"allocator\":" + JsonQuote(DescribeAllocator()) +
               ",\"transactions\":" + std::to_string(report.m_transactions) + ",\"real\":" + real + ",\"unaccounted\":" + unaccounted +
               ",\"per_holder\":" + Trimmed(report.m_per_holder.ToJson()) + ",\"shared\":" + Trimmed(report.m_shared.ToJson()) + "}\n";
    }
    if (format == "folded") return report.m_shared.ToFolded();
    if (format != "text") return std::nullopt;
    std::string out;
    out += "node        a coins cache, a mempool (mapTx, mapNextTx), an orphanage and recent blocks, the last three\n"
           "            sharing " + std::to_string(report.m_transactions) + " transaction references; model " + MALLOC_MODEL + "\n";
    out += "real        " + (report.m_real ? real + " bytes in use after - before (" + DescribeAllocator() + "'s own count, ReadHeapStats)"
                                           : std::string{"cannot be read here: "} + HeapStatsUnavailableReason().value_or("the probe cannot measure")) + "\n";
    if (report.m_unaccounted) {
        out += "            the shared tree " + std::string{*report.m_unaccounted >= 0 ? "leaves " : "charges "} +
               std::to_string(*report.m_unaccounted >= 0 ? *report.m_unaccounted : -*report.m_unaccounted) +
               (*report.m_unaccounted >= 0 ? " bytes unaccounted (its last leaf)" : " bytes more than the heap holds") + "\n";
    }
    out += "\nper holder: each structure through a context of its own (a shared transaction is charged at every holder)\n";
    out += report.m_per_holder.ToText();
    out += "\nshared: one context for all (each transaction charged once, where it is first reached)\n";
    out += report.m_shared.ToText();
    return out;
}

bool RunNode(const std::string& format, const NodeOptions& options)
{
    if (format != "text" && format != "json" && format != "folded") {
        std::fprintf(stderr, "memusage-probe: unknown report format '%s' (text, json, folded)\n", format.c_str());
        return false;
    }
    const NodeReport report{BuildNode(options)};
    std::fputs(FormatNode(report, format)->c_str(), stdout);
    return true;
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
        if (name == "node") {
            std::fprintf(stderr, "memusage-probe: the node workload runs alone (--workload=node [--report=FORMAT])\n");
            return false;
        }
        if (name != "coins" && name != "mempool") {
            std::fprintf(stderr, "memusage-probe: unknown workload '%s' (coins, mempool, node)\n", name.c_str());
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
