// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_BENCH_CONTAINERS_H
#define MEMUSAGE_BENCH_CONTAINERS_H

#include <prevector.h>

#include <benchmark/benchmark.h>
#include <boost/container/small_vector.hpp>

#include <array>
#include <cstddef>
#include <cstring>
#include <vector>

// The operations that bench/prevector.cpp times and bench/count.cpp counts instructions for,
// written once so that both measure the same code. Each case is a struct built with a size n
// (its set-up is not measured) whose Run() is one operation; the same template runs on the three
// containers below. benchmark::DoNotOptimize(c) after each step makes the container's object and,
// through its "memory" clobber, its heap buffer observable, so no store can be dropped as dead.

namespace bench {

/** CScript's base type: Core stores scripts in a prevector<28, unsigned char>. */
using Prevector = prevector<28, unsigned char>;
using Vector = std::vector<unsigned char>;
/** The nearest off-the-shelf rival: the same 28 bytes inline, Boost's growth and layout. */
using SmallVector = boost::container::small_vector<unsigned char, 28>;

/** Largest size any case uses; Source() holds that many distinct bytes. */
constexpr size_t MAX_CASE_SIZE{64};

inline const unsigned char* Source()
{
    static const std::array<unsigned char, MAX_CASE_SIZE> bytes{[] {
        std::array<unsigned char, MAX_CASE_SIZE> b{};
        for (size_t i = 0; i < b.size(); ++i) b[i] = static_cast<unsigned char>(0x51 + i);
        return b;
    }()};
    return bytes.data();
}

/** Make room for n elements that the caller overwrites at once: what deserialization does.
 *  prevector has resize_uninitialized (Core's Unserialize uses it); small_vector's closest is
 *  resize with default_init, which leaves bytes uninitialized too; std::vector has nothing
 *  better than resize, which zero-fills first (and is what Core's Unserialize does for it). */
inline void ResizeForOverwrite(Prevector& c, size_t n) { c.resize_uninitialized(n); }
inline void ResizeForOverwrite(Vector& c, size_t n) { c.resize(n); }
inline void ResizeForOverwrite(SmallVector& c, size_t n) { c.resize(n, boost::container::default_init); }

/** Fill a container with the first n source bytes, outside any measurement. */
template <typename C>
C Filled(size_t n)
{
    return C(Source(), Source() + n);
}

/** Grow to n, then clear: the buffer is kept and reused on the next run. */
template <typename C>
struct ClearCase {
    C c;
    size_t n;
    explicit ClearCase(size_t size) : n(size) {}
    void Run()
    {
        c.resize(n);
        benchmark::DoNotOptimize(c);
        c.clear();
        benchmark::DoNotOptimize(c);
    }
};

/** Construct, grow to n, destroy: a script's whole life when it is never modified. */
template <typename C>
struct DestroyCase {
    size_t n;
    explicit DestroyCase(size_t size) : n(size) {}
    void Run()
    {
        C c;
        c.resize(n);
        benchmark::DoNotOptimize(c);
    }
};

/** Grow to n, shrink to 0 with resize: the same object throughout. */
template <typename C>
struct ResizeCase {
    C c;
    size_t n;
    explicit ResizeCase(size_t size) : n(size) {}
    void Run()
    {
        c.resize(n);
        benchmark::DoNotOptimize(c);
        c.resize(0);
        benchmark::DoNotOptimize(c);
    }
};

/** Read n bytes into a fresh container, as deserializing a transaction output's script does. */
template <typename C>
struct DeserializeCase {
    size_t n;
    explicit DeserializeCase(size_t size) : n(size) {}
    void Run()
    {
        C c;
        ResizeForOverwrite(c, n);
        std::memcpy(c.data(), Source(), n);
        benchmark::DoNotOptimize(c);
    }
};

/** Replace the contents of a kept container with n bytes from a pointer range. */
template <typename C>
struct AssignCase {
    C c;
    size_t n;
    explicit AssignCase(size_t size) : n(size) {}
    void Run()
    {
        c.assign(Source(), Source() + n);
        benchmark::DoNotOptimize(c);
    }
};

/** Copy a container's n bytes out into a kept std::vector through its iterators, as
 *  ToByteVector(script) or std::vector<unsigned char>(script.begin(), script.end()) do. */
template <typename C>
struct AssignToCase {
    C c;
    Vector out;
    explicit AssignToCase(size_t size) : c(Filled<C>(size)) {}
    void Run()
    {
        out.assign(c.begin(), c.end());
        benchmark::DoNotOptimize(out);
    }
};

/** Copy-construct a container of n bytes and destroy the copy, as copying a transaction does
 *  (the mempool and block assembly hold their own copies). */
template <typename C>
struct CopyCase {
    C c;
    explicit CopyCase(size_t size) : c(Filled<C>(size)) {}
    void Run()
    {
        C copy(c);
        benchmark::DoNotOptimize(copy);
    }
};

/** Build n bytes one push_back at a time in a fresh container, as a script builder does. */
template <typename C>
struct PushBackCase {
    size_t n;
    explicit PushBackCase(size_t size) : n(size) {}
    void Run()
    {
        C c;
        for (size_t i = 0; i < n; ++i) {
            c.push_back(static_cast<unsigned char>(i));
        }
        benchmark::DoNotOptimize(c);
    }
};

/** Insert one byte in the middle of n - 1 and erase it again, so the peak size is n: the
 *  shifting that script editing (FindAndDelete, building around a push) does. */
template <typename C>
struct InsertEraseCase {
    C c;
    size_t mid;
    explicit InsertEraseCase(size_t size) : c(Filled<C>(size - 1)), mid((size - 1) / 2) {}
    void Run()
    {
        c.insert(c.begin() + mid, static_cast<unsigned char>(0xac));
        benchmark::DoNotOptimize(c);
        c.erase(c.begin() + mid);
        benchmark::DoNotOptimize(c);
    }
};

} // namespace bench

#endif // MEMUSAGE_BENCH_CONTAINERS_H
