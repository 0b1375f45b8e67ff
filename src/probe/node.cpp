// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

// The node workload: a coins cache, a mempool, an orphanage and recent blocks, the last three
// sharing transactions through std::shared_ptr<const Tx> as Core's CTransactionRef does, charged
// per holder and through one shared context, against the real heap.

#include <probe/workloads.h>

#include <memusage.h>
#include <memusage/context.h>
#include <memusage/heap.h>
#include <memusage/report.h>
#include <probe/chain.h>
#include <probe/measure.h>

#if __has_include(<boost/multi_index_container.hpp>)
#define MEMUSAGE_WORKLOADS_HAVE_MULTI_INDEX 1
#include <memusage/multi_index.h>

#include <boost/multi_index/hashed_index.hpp>
#include <boost/multi_index/member.hpp>
#include <boost/multi_index/ordered_index.hpp>
#include <boost/multi_index_container.hpp>
#endif

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace memusage {
namespace workloads {
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
namespace bmi = boost::multi_index;
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
struct NodeHoldings {
    typename CoinsPool<NodeScript::STATIC_SIZE>::ResourceType m_resource;
    NodeCoinsMap m_coins{0, OutpointHasher{}, std::equal_to<Outpoint>{}, CoinsPool<NodeScript::STATIC_SIZE>{&m_resource}};
    NodeMapTx m_map_tx;
    std::map<Outpoint, const NodeTx*> m_map_next_tx;
    std::map<Outpoint, NodeOrphan> m_orphans;
    std::vector<std::shared_ptr<const NodeBlock>> m_recent_blocks;
};

void BuildNodeHoldings(NodeHoldings& node, const NodeOptions& options)
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
UsageReport NodeTree(const NodeHoldings& node, bool shared)
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
        NodeHoldings node;
        BuildNodeHoldings(node, options);
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

} // namespace workloads
} // namespace memusage
