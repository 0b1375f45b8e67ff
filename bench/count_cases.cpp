// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

// bench/callgrind.sh compiles this file once per kind of container, with -DBENCH_CONTAINER=
// Prevector, Vector or SmallVector, so that each is counted from a unit of its own (see
// ForEachCase in containers.h); each copy defines CountCases for its kind.

#include "containers.h"

#include <valgrind/callgrind.h>

#include <cstddef>
#include <string>

#ifndef BENCH_CONTAINER
#error "compile with -DBENCH_CONTAINER=Prevector, Vector or SmallVector"
#endif
#define BENCH_STRINGIFY(x) BENCH_STRINGIFY_(x)
#define BENCH_STRINGIFY_(x) #x

namespace bench {

namespace {

/** The counted loop, in a function of its own: how the compiler arranges the set-up and the
 *  label around it (which moves with everything inlined into the caller) cannot add to the loop's
 *  count. */
template <typename Case>
[[gnu::noinline]] void RunRepeatedly(Case& bench_case, int iterations)
{
    for (int i = 0; i < iterations; ++i) bench_case.Run();
}

struct Counter {
    int m_iterations;

    template <template <typename> class Case, typename C>
    void Add(const std::string& name, const char* container, size_t size)
    {
        Case<C> bench_case{size};
        // One untimed run first: the steady state the benchmark measures (buffers a kept
        // container reuses already allocated, lazily bound library calls already resolved).
        bench_case.Run();
        const std::string label{name + "/" + container + "/" + std::to_string(size)};
        CALLGRIND_ZERO_STATS;
        RunRepeatedly(bench_case, m_iterations);
        CALLGRIND_DUMP_STATS_AT(label.c_str());
    }
};

} // namespace

template <>
void CountCases<BENCH_CONTAINER>(int iterations)
{
    Counter counter{iterations};
    ForEachCase<BENCH_CONTAINER>(counter, BENCH_STRINGIFY(BENCH_CONTAINER));
}

} // namespace bench
