// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#include "containers.h"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <initializer_list>
#include <string>

// Core's prevector benchmarks (clear, destructor, resize, deserialize, assign, assign-to) and a
// few more operations CScript sees, each on prevector<28, unsigned char>, std::vector and
// boost::container::small_vector<unsigned char, 28>. Every case runs at 28 bytes, which stays
// inline in prevector and small_vector, and at 29, one past, which spills to the heap; push_back
// also runs to 40, past prevector's first growth. Names are Case/Container/size: bench/main.cpp
// pairs them up by case and size to print the ratios.

namespace {

template <template <typename> class Case, typename C>
void RunCase(benchmark::State& state)
{
    Case<C> bench_case{static_cast<size_t>(state.range(0))};
    for (auto _ : state) {
        bench_case.Run();
    }
}

template <template <typename> class Case>
void RegisterCase(const std::string& name, std::initializer_list<int64_t> sizes)
{
    const auto add = [&](const std::string& container, void (*fn)(benchmark::State&)) {
        benchmark::internal::Benchmark* b{benchmark::RegisterBenchmark((name + "/" + container).c_str(), fn)};
        for (const int64_t size : sizes) b->Arg(size);
        b->Unit(benchmark::kNanosecond);
    };
    add("Prevector", RunCase<Case, bench::Prevector>);
    add("Vector", RunCase<Case, bench::Vector>);
    add("SmallVector", RunCase<Case, bench::SmallVector>);
}

// Registered from a static initializer, as BENCHMARK() does, so main() finds them.
const bool g_registered{[] {
    RegisterCase<bench::ClearCase>("Clear", {28, 29});
    RegisterCase<bench::DestroyCase>("Destroy", {28, 29});
    RegisterCase<bench::ResizeCase>("Resize", {28, 29});
    RegisterCase<bench::DeserializeCase>("Deserialize", {28, 29});
    RegisterCase<bench::AssignCase>("Assign", {28, 29});
    RegisterCase<bench::AssignToCase>("AssignTo", {28, 29});
    RegisterCase<bench::CopyCase>("Copy", {28, 29});
    RegisterCase<bench::PushBackCase>("PushBack", {28, 29, 40});
    RegisterCase<bench::InsertEraseCase>("InsertErase", {28, 29});
    return true;
}()};

} // namespace
