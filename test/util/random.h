// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_TEST_UTIL_RANDOM_H
#define MEMUSAGE_TEST_UTIL_RANDOM_H

#include <cassert>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <stdexcept>
#include <string>

/** The seed for every randomized test in this run: MEMUSAGE_TEST_SEED if set (decimal, or hex
 *  with 0x), otherwise drawn from std::random_device once per process. A failing test prints it
 *  (see SeedContext), and `MEMUSAGE_TEST_SEED=<seed> ./test_memusage` replays the same run. */
inline uint64_t GetTestSeed()
{
    static const uint64_t seed{[] {
        if (const char* env{std::getenv("MEMUSAGE_TEST_SEED")}; env && *env) {
            char* end{nullptr};
            const unsigned long long value{std::strtoull(env, &end, 0)};
            if (*end != '\0') {
                throw std::invalid_argument(std::string{"MEMUSAGE_TEST_SEED is not a number: "} + env);
            }
            return uint64_t{value};
        }
        std::random_device device;
        return (uint64_t{device()} << 32) ^ uint64_t{device()};
    }()};
    return seed;
}

/** How many of a randomized test's rounds to run: rounds / MEMUSAGE_TEST_DIVISOR, where the suite
 *  runs under an emulator (qemu-user, wine) that is many times slower than the host. The divisor
 *  is capped at 100 and the result is never below one round per hundred asked, nor zero, so a
 *  scaled run still draws thousands of cases; unset, every round runs. */
inline uint64_t ScaledRounds(uint64_t rounds)
{
    static const uint64_t divisor{[] {
        const char* env{std::getenv("MEMUSAGE_TEST_DIVISOR")};
        if (env == nullptr || *env == '\0') return uint64_t{1};
        char* end{nullptr};
        const unsigned long long value{std::strtoull(env, &end, 10)};
        if (*end != '\0' || value == 0) {
            throw std::invalid_argument(std::string{"MEMUSAGE_TEST_DIVISOR is not a positive number: "} + env);
        }
        return value > 100 ? uint64_t{100} : uint64_t{value};
    }()};
    const uint64_t scaled{rounds / divisor};
    return scaled == 0 ? 1 : scaled;
}

/** The line a failing randomized test prints, so the run can be replayed. */
inline std::string SeedContext(uint64_t seed)
{
    return "replay with MEMUSAGE_TEST_SEED=" + std::to_string(seed);
}

/** A fast, deterministic generator for tests (xoshiro256**, seeded through splitmix64). Not for
 *  anything that needs unpredictability. Each test mixes its own stream number into the run's
 *  seed, so tests do not share a sequence but all replay from one seed. */
class SeededRandom
{
    uint64_t m_state[4];

    static uint64_t SplitMix64(uint64_t& x)
    {
        uint64_t z{x += 0x9e3779b97f4a7c15};
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
        z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
        return z ^ (z >> 31);
    }

    static uint64_t RotL(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

    /** Number of bits needed to represent x (0 for 0). */
    static int BitWidth(uint64_t x)
    {
        int bits{0};
        while (x) {
            ++bits;
            x >>= 1;
        }
        return bits;
    }

public:
    explicit SeededRandom(uint64_t seed, uint64_t stream = 0)
    {
        uint64_t x{seed ^ (stream * 0xd1342543de82ef95)};
        for (uint64_t& word : m_state) word = SplitMix64(x);
    }

    uint64_t rand64()
    {
        const uint64_t result{RotL(m_state[1] * 5, 7) * 9};
        const uint64_t t{m_state[1] << 17};
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = RotL(m_state[3], 45);
        return result;
    }

    /** A uniform value of `bits` bits (0 to 64). */
    uint64_t randbits(int bits)
    {
        assert(bits >= 0 && bits <= 64);
        return bits == 0 ? 0 : rand64() >> (64 - bits);
    }

    /** A uniform value in [0, range); range must be positive. Rejection sampling, no bias. */
    uint64_t randrange(uint64_t range)
    {
        assert(range > 0);
        const uint64_t max{range - 1};
        const int bits{BitWidth(max)};
        while (true) {
            const uint64_t value{randbits(bits)};
            if (value <= max) return value;
        }
    }

    bool randbool() { return randbits(1) != 0; }
};

#endif // MEMUSAGE_TEST_UTIL_RANDOM_H
