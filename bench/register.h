// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_BENCH_REGISTER_H
#define MEMUSAGE_BENCH_REGISTER_H

#include "containers.h"

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <string>

// Registers every case of containers.h on one kind of container with Google Benchmark. Names are
// Case/Container/size: bench/main.cpp pairs the kinds up by case and size to print the ratios.

namespace bench {

template <template <typename> class Case, typename C>
void RunCase(benchmark::State& state)
{
    Case<C> bench_case{static_cast<size_t>(state.range(0))};
    for (auto _ : state) {
        bench_case.Run();
    }
}

struct Registrar {
    template <template <typename> class Case, typename C>
    void Add(const std::string& name, const char* container, size_t size)
    {
        benchmark::RegisterBenchmark((name + "/" + container).c_str(), RunCase<Case, C>)
            ->Arg(static_cast<int64_t>(size))
            ->Unit(benchmark::kNanosecond);
    }
};

/** For a static initializer, as BENCHMARK() registers, so main() finds the cases. */
template <template <unsigned int, typename> class Container>
bool RegisterCases(const char* container)
{
    Registrar registrar;
    ForEachCase<Container>(registrar, container);
    return true;
}

} // namespace bench

#endif // MEMUSAGE_BENCH_REGISTER_H
