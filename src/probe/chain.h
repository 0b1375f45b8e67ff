// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_PROBE_CHAIN_H
#define MEMUSAGE_PROBE_CHAIN_H

#include <memusage/accounting.h>
#include <memusage/context.h>
#include <prevector.h>
#include <support/allocators/pool.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <unordered_map>
#include <utility>

// The chain's data as the workloads shape them after Core's (COutPoint, Coin, CCoinsMap's pool),
// and the draws that fill them. Shared by the coins, mempool and node workloads; not installed.

namespace memusage {
namespace workloads {

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

/** A transaction output's address, as Core's COutPoint: a 32-byte txid and an index. */
struct Outpoint {
    unsigned char m_txid[32];
    uint32_t m_n;

    bool operator==(const Outpoint& other) const { return std::memcmp(this, &other, sizeof(*this)) == 0; }
    bool operator<(const Outpoint& other) const { return std::memcmp(this, &other, sizeof(*this)) < 0; }
};
static_assert(sizeof(Outpoint) == 36);

inline Outpoint DrawOutpoint(Draws& draws)
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

/** A coin's whole-object figure: its script's buffer (found by argument-dependent lookup). */
template <unsigned N>
size_t RecursiveDynamicUsage(const Coin<N>& coin, UsageContext& context)
{
    return memusage::RecursiveDynamicUsage(coin.m_script, context);
}

template <unsigned N>
using CoinsPair = std::pair<const Outpoint, Coin<N>>;

/** Core's CCoinsMap pool: blocks up to the pair plus four pointers of node overhead. */
template <unsigned N>
inline constexpr size_t COINS_POOL_BLOCK{sizeof(CoinsPair<N>) + 4 * sizeof(void*)};

template <unsigned N>
using CoinsPool = PoolAllocator<CoinsPair<N>, COINS_POOL_BLOCK<N>>;

} // namespace workloads
} // namespace memusage

#endif // MEMUSAGE_PROBE_CHAIN_H
