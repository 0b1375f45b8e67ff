// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#include <memusage.h>

#include <test/util/random.h>

#include <benchmark/benchmark.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

// PoolAllocator against the default allocator in the coins cache's container: a
// std::unordered_map from a 32-byte outpoint-like key to a 48-byte coin-like value, with the
// pool's block size chosen as Core's CCoinsMap chooses it. Each operation is reported per entry.

namespace {

/** A transaction id's worth of bytes; Core's COutPoint adds a 4-byte index to it. */
struct OutpointKey {
    std::array<unsigned char, 32> bytes;
    bool operator==(const OutpointKey& other) const { return bytes == other.bytes; }
};

/** Cheap and noexcept like Core's SaltedOutpointHasher, so libstdc++ does not cache the hash in
 *  the node, as it does not for CCoinsMap. The keys are already uniformly random. */
struct OutpointHasher {
    size_t operator()(const OutpointKey& key) const noexcept
    {
        uint64_t word;
        std::memcpy(&word, key.bytes.data(), sizeof(word));
        return static_cast<size_t>(word);
    }
};

/** Core's Coin: a CTxOut (amount and script) and the height with the coinbase flag. */
struct CoinLike {
    int64_t amount;
    prevector<28, unsigned char> script;
    uint32_t height_and_coinbase;
};
static_assert(sizeof(CoinLike) == 48, "a Coin is 48 bytes on 64-bit platforms");

using Pair = std::pair<const OutpointKey, CoinLike>;
using PoolMapAllocator = PoolAllocator<Pair, sizeof(Pair) + 4 * sizeof(void*)>;
using StdMap = std::unordered_map<OutpointKey, CoinLike, OutpointHasher>;
using PoolMap = std::unordered_map<OutpointKey, CoinLike, OutpointHasher, std::equal_to<OutpointKey>, PoolMapAllocator>;

/** A fresh empty map with its own resource for the pool, so each measurement starts cold. */
struct StdMapHolder {
    StdMap map;
};
struct PoolMapHolder {
    PoolMapAllocator::ResourceType resource;
    PoolMap map{0, OutpointHasher{}, std::equal_to<OutpointKey>{}, PoolMapAllocator{&resource}};
};

std::vector<OutpointKey> MakeKeys(size_t count, uint64_t seed)
{
    std::vector<OutpointKey> keys(count);
    SeededRandom rng{seed}; // the tests' generator: distinct, uniformly spread, repeatable keys
    for (OutpointKey& key : keys) {
        for (size_t i = 0; i < key.bytes.size(); i += 8) {
            const uint64_t word{rng.rand64()};
            std::memcpy(key.bytes.data() + i, &word, sizeof(word));
        }
    }
    return keys;
}

CoinLike MakeCoin(size_t i)
{
    // A P2WPKH-sized script: 22 bytes, inline in the prevector as most real scripts are.
    return CoinLike{static_cast<int64_t>(i) * 1000, prevector<28, unsigned char>(22, 0x14), static_cast<uint32_t>(i) << 1};
}

/** Puts the first count keys into the map, each with its coin. */
template <typename Map>
void Fill(Map& map, const std::vector<OutpointKey>& keys, size_t count)
{
    for (size_t i = 0; i < count; ++i) map.emplace(keys[i], MakeCoin(i));
}

/** Reports time per entry rather than per whole pass over the keys. */
void PerEntry(benchmark::State& state, size_t entries)
{
    state.counters["per_entry"] = benchmark::Counter(static_cast<double>(entries),
                                                     benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

template <typename Holder>
void Insert(benchmark::State& state)
{
    const std::vector<OutpointKey> keys{MakeKeys(static_cast<size_t>(state.range(0)), 1)};
    for (auto _ : state) {
        auto holder{std::make_unique<Holder>()};
        Fill(holder->map, keys, keys.size());
        benchmark::DoNotOptimize(holder->map);
        // Freeing is measured by Erase; a whole map's teardown is not part of an insert.
        state.PauseTiming();
        holder.reset();
        state.ResumeTiming();
    }
    PerEntry(state, keys.size());
}

template <typename Holder>
void Lookup(benchmark::State& state)
{
    const std::vector<OutpointKey> keys{MakeKeys(static_cast<size_t>(state.range(0)), 2)};
    Holder holder;
    Fill(holder.map, keys, keys.size());
    for (auto _ : state) {
        int64_t total{0};
        for (const OutpointKey& key : keys) total += holder.map.find(key)->second.amount;
        benchmark::DoNotOptimize(total);
    }
    PerEntry(state, keys.size());
}

template <typename Holder>
void Erase(benchmark::State& state)
{
    const std::vector<OutpointKey> keys{MakeKeys(static_cast<size_t>(state.range(0)), 3)};
    for (auto _ : state) {
        state.PauseTiming();
        auto holder{std::make_unique<Holder>()};
        Fill(holder->map, keys, keys.size());
        state.ResumeTiming();
        for (const OutpointKey& key : keys) holder->map.erase(key);
        benchmark::DoNotOptimize(holder->map);
        state.PauseTiming();
        holder.reset();
        state.ResumeTiming();
    }
    PerEntry(state, keys.size());
}

/** A full cache in steady state: each step spends one coin (erase) and creates one (insert), so
 *  freed nodes are reused at once, the pattern the pool's free lists are built for. */
template <typename Holder>
void Churn(benchmark::State& state)
{
    const size_t size{static_cast<size_t>(state.range(0))};
    const std::vector<OutpointKey> keys{MakeKeys(2 * size, 4)};
    Holder holder;
    Fill(holder.map, keys, size);
    size_t oldest{0};
    for (auto _ : state) {
        // Keys oldest .. oldest + size - 1 (mod 2 * size) are in the map.
        holder.map.erase(keys[oldest]);
        holder.map.emplace(keys[(oldest + size) % keys.size()], MakeCoin(oldest));
        oldest = (oldest + 1) % keys.size();
        benchmark::DoNotOptimize(holder.map);
    }
}

} // namespace

BENCHMARK_TEMPLATE(Insert, StdMapHolder)->Arg(10000)->Arg(100000)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(Insert, PoolMapHolder)->Arg(10000)->Arg(100000)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(Lookup, StdMapHolder)->Arg(10000)->Arg(100000)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(Lookup, PoolMapHolder)->Arg(10000)->Arg(100000)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(Erase, StdMapHolder)->Arg(10000)->Arg(100000)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(Erase, PoolMapHolder)->Arg(10000)->Arg(100000)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(Churn, StdMapHolder)->Arg(10000)->Arg(100000);
BENCHMARK_TEMPLATE(Churn, PoolMapHolder)->Arg(10000)->Arg(100000);
