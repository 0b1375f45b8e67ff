// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

// Runs each prevector benchmark case, and one DynamicUsage call per family, a fixed number of
// times under callgrind and dumps the instructions executed for each separately;
// bench/callgrind.sh builds it (with count_cases.cpp once per kind of container, and
// count_usage.cpp), runs it and divides. Instruction counts do not move with a neighbour's load
// the way times do on a shared machine, so they settle the cases where timings are too close.

#include "containers.h"

#include <cstdio>
#include <cstdlib>

void CountDynamicUsage(int iterations); // bench/count_usage.cpp

int main(int argc, char** argv)
{
    const int iterations{argc > 1 ? std::atoi(argv[1]) : 1000};
    if (iterations <= 0) {
        std::fprintf(stderr, "usage: %s [ITERATIONS]\n", argv[0]);
        return 1;
    }
    bench::CountCases<bench::Prevector>(iterations);
    bench::CountCases<bench::Vector>(iterations);
    bench::CountCases<bench::SmallVector>(iterations);
    CountDynamicUsage(iterations);
    std::printf("%d\n", iterations);
    return 0;
}
