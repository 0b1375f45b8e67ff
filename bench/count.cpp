// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

// Runs each prevector benchmark case a fixed number of times under callgrind and dumps the
// instructions executed for each (case, container, size) separately; bench/callgrind.sh builds
// it, runs it and divides. Instruction counts do not move with a neighbour's load the way times
// do on a shared machine, so they settle the cases where timings are too close to call.

#include "containers.h"

#include <valgrind/callgrind.h>

#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <string>

namespace {

int g_iterations{1000};

template <template <typename> class Case, typename C>
void CountOne(const std::string& name, const char* container, size_t size)
{
    Case<C> bench_case{size};
    // One untimed run first: the steady state the benchmark measures (buffers a kept container
    // reuses already allocated, lazily bound library calls already resolved).
    bench_case.Run();
    const std::string label{name + "/" + container + "/" + std::to_string(size)};
    CALLGRIND_ZERO_STATS;
    for (int i = 0; i < g_iterations; ++i) bench_case.Run();
    CALLGRIND_DUMP_STATS_AT(label.c_str());
}

template <template <typename> class Case>
void Count(const std::string& name, std::initializer_list<size_t> sizes)
{
    for (const size_t size : sizes) {
        CountOne<Case, bench::Prevector>(name, "Prevector", size);
        CountOne<Case, bench::Vector>(name, "Vector", size);
        CountOne<Case, bench::SmallVector>(name, "SmallVector", size);
    }
}

} // namespace

int main(int argc, char** argv)
{
    if (argc > 1) g_iterations = std::atoi(argv[1]);
    if (g_iterations <= 0) {
        std::fprintf(stderr, "usage: %s [ITERATIONS]\n", argv[0]);
        return 1;
    }
    // The same cases and sizes as bench/prevector.cpp.
    Count<bench::ClearCase>("Clear", {28, 29});
    Count<bench::DestroyCase>("Destroy", {28, 29});
    Count<bench::ResizeCase>("Resize", {28, 29});
    Count<bench::DeserializeCase>("Deserialize", {28, 29});
    Count<bench::AssignCase>("Assign", {28, 29});
    Count<bench::AssignToCase>("AssignTo", {28, 29});
    Count<bench::CopyCase>("Copy", {28, 29});
    Count<bench::PushBackCase>("PushBack", {28, 29, 40});
    Count<bench::InsertEraseCase>("InsertErase", {28, 29});
    std::printf("%d\n", g_iterations);
    return 0;
}
