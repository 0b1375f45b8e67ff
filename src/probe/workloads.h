// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_PROBE_WORKLOADS_H
#define MEMUSAGE_PROBE_WORKLOADS_H

#include <memusage/report.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

/** Node-shaped workloads for memusage-probe --workload: the two budgets a node spends most of
 *  its memory under, built at several sizes, with what the heap really holds next to what each
 *  way of accounting charges; and a node's structures as one usage tree. They return data;
 *  memusage-probe prints it. Part of the probe's library (libmemusage_probe.a), not of
 *  libmemusage.a: the mempool shape needs Boost.MultiIndex, which the library does not. */
namespace memusage {
namespace workloads {

/** One workload built to one size. */
struct WorkloadSample {
    std::string m_workload;          //!< e.g. "coins N=28", "mempool"
    size_t m_entries{0};             //!< coins, or mempool entries
    size_t m_blocks{0};              //!< blocks live through the AccountingAllocator
    std::optional<size_t> m_real;    //!< heap in use after minus before (mallinfo2: arena chunks + mmapped); empty where it cannot be read
    size_t m_core_guess{0};          //!< what Core charges: for the mempool its 15-pointer guess per entry + mapNextTx;
                                     //!< for the coins the pool map + each script, as Core computes it
    size_t m_core{0};                //!< this library under the core malloc model
    size_t m_exact{0};               //!< this library under the exact malloc model
    size_t m_compiled{0};            //!< this library under the model compiled in (one of the above, or a size-class model)
    size_t m_counter{0};             //!< the AccountingAllocator counter, plus what it cannot see (see RunCoins)
    std::optional<size_t> m_allocator_model; //!< this library under the model of the allocator running, where that
                                             //!< is jemalloc's, mimalloc's or tcmalloc's (glibc's is m_exact)
};

/** Error of an estimate against the real heap, in per cent of the real heap; empty without one. */
std::optional<double> ErrorPercent(size_t estimate, const std::optional<size_t>& real);

/** Heap bytes in use: ReadHeapStats() (<memusage/heap.h>), where the probe can also measure the
 *  running allocator's blocks; empty elsewhere (memusage::probe says why). */
std::optional<size_t> HeapInUse();

/** The coins cache's shape: Core's CCoinsMap, an unordered_map of 36-byte outpoints to coins
 *  (an amount, a prevector<N> script, height and coinbase flag) on a PoolAllocator, its scripts
 *  drawn from a mix of lengths (ScriptLength). The map's allocator is an AccountingAllocator
 *  over the PoolAllocator, which changes nothing in what is allocated: the counter sees the
 *  pool's node requests (charged MallocUsage each, as if each were a block of its own) and the
 *  bucket arrays, but not the pool's chunks nor the scripts' buffers, which prevector takes from
 *  malloc itself; m_counter adds the scripts' DynamicUsage. N is 28 (Core up to 29) or 36. */
std::vector<WorkloadSample> RunCoins(unsigned script_n, const std::vector<size_t>& sizes);

/** The mempool's shape: a multi_index_container of 200-byte entries with two hashed_unique and
 *  three ordered_non_unique indices (mapTx), and a std::map from each entry's two spent
 *  outpoints to the entry (mapNextTx), both on AccountingAllocators sharing one counter. */
std::vector<WorkloadSample> RunMempool(const std::vector<size_t>& sizes);

/** A script length in bytes, for a draw r in [0, 100): P2WPKH 22 (32%), P2PKH 25 (24%), P2SH 23
 *  (12%), P2TR and P2WSH 34 (22%), P2PK 35 (2%), bare multisig 105 (2%), and a tail of 40-200
 *  (6%, spread by tail_draw). An assumed mix in the proportions of today's UTXO set, not a
 *  measurement of it. */
size_t ScriptLength(uint64_t r, uint64_t tail_draw);

/** Sizes each workload is built at by memusage-probe --workload: up to a few million coins and a few hundred
 *  thousand mempool entries (Core's default 300 MB mempool holds that many), a few hundred MB
 *  each at most. */
struct WorkloadOptions {
    std::vector<size_t> m_coins_sizes{10000, 100000, 1000000, 3000000};
    std::vector<size_t> m_mempool_sizes{10, 1000, 10000, 100000, 300000};
};

/** Whether this build has the mempool shape (Boost.MultiIndex found at compile time). */
bool HaveMempool();

/** Sizes of the node workload (memusage-probe --workload=node): a few tens of MB. */
struct NodeOptions {
    size_t m_coins{100000};    //!< coins in the cache
    size_t m_mempool{20000};   //!< mempool transactions
    size_t m_orphans{100};     //!< orphan transactions (their own)
    size_t m_blocks{3};        //!< recent blocks
    size_t m_block_txs{2000};  //!< transactions per block, every other one shared with the mempool
};

/** The node workload's trees. */
struct NodeReport {
    /** Each holder (coins, mempool, orphanage, recent blocks) through a context of its own: a
     *  transaction held by the mempool and a block is charged at both, as adding up separate
     *  RecursiveDynamicUsage figures would. */
    UsageReport m_per_holder;
    /** One context for all: each transaction charged once, under the first holder that reaches
     *  it; with an "unaccounted" leaf where the real heap holds more. */
    UsageReport m_shared;
    size_t m_transactions{0};            //!< transaction references held (mempool, orphans, blocks)
    std::optional<size_t> m_real;        //!< heap in use after - before building (HeapInUse), where readable
    std::optional<int64_t> m_unaccounted; //!< m_real - the shared tree's total (before its leaf), where readable
};

/** Build the node's structures: a coins cache (Core's CCoinsMap on a PoolAllocator), a
 *  mempool (mapTx: a multi_index_container of entries by txid, wtxid and time where Boost is
 *  found, else an unordered_map by txid; mapNextTx: a std::map from each spent outpoint to
 *  its transaction), an orphanage (a std::map of orphans, each with its announcers) and
 *  recent blocks (shared_ptr<const Block>, every other transaction shared with the mempool).
 *  Transactions are std::shared_ptr<const Tx> made by make_shared, as Core's
 *  MakeTransactionRef: DynamicUsage charges two blocks for each (an upper bound). Figures are
 *  under the compiled model. */
NodeReport BuildNode(const NodeOptions& options = {});

} // namespace workloads
} // namespace memusage

#endif // MEMUSAGE_PROBE_WORKLOADS_H
