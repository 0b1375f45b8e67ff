// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

#include <unistd.h>

// bench_memusage's entry point: Google Benchmark's, with defaults that keep a full run near a
// minute on a small machine, and a closing table of prevector's median against std::vector's and
// small_vector's from the same run (see doc/benchmarks.md).

namespace {

/** Prints as the console reporter does, and remembers each Case/Container/size median so that
 *  Finalize() can set the three containers side by side. */
class RatioReporter : public benchmark::ConsoleReporter
{
    // (case, size) -> container -> nanoseconds of CPU time per operation.
    std::map<std::pair<std::string, std::string>, std::map<std::string, double>> m_medians;

    void Remember(const Run& run)
    {
        const std::string& function{run.run_name.function_name};
        const size_t slash{function.find('/')};
        if (slash == std::string::npos || run.error_occurred) return;
        m_medians[{function.substr(0, slash), run.run_name.args}][function.substr(slash + 1)] =
            run.GetAdjustedCPUTime();
    }

public:
    explicit RatioReporter(OutputOptions options) : ConsoleReporter(options) {}

    void ReportRuns(const std::vector<Run>& reports) override
    {
        ConsoleReporter::ReportRuns(reports);
        // The median where there are repetitions; a single run's time where there are none.
        bool has_median{false};
        for (const Run& run : reports) {
            if (run.run_type == Run::RT_Aggregate && run.aggregate_name == "median") {
                Remember(run);
                has_median = true;
            }
        }
        if (!has_median) {
            for (const Run& run : reports) {
                if (run.run_type == Run::RT_Iteration) Remember(run);
            }
        }
    }

    void Finalize() override
    {
        ConsoleReporter::Finalize();
        std::vector<std::tuple<std::string, std::string, double, double, double>> rows;
        for (const auto& [key, times] : m_medians) {
            const auto pre{times.find("Prevector")}, vec{times.find("Vector")}, small{times.find("SmallVector")};
            if (pre == times.end() || vec == times.end() || small == times.end()) continue;
            rows.emplace_back(key.first, key.second, pre->second, vec->second, small->second);
        }
        if (rows.empty()) return;
        std::ostream& out{GetOutputStream()};
        out << "\nprevector<N, T> against std::vector<T> and small_vector<T, N> (size: N for Core's cases, the\n"
            << "element count for the others): CPU ns per operation (median), ratios from this run; target:\n"
            << "prevector no slower than the faster rival\n\n"
            << "| case | size | prevector | vector | small_vector | prevector/vector | prevector/small_vector | target |\n"
            << "|---|---:|---:|---:|---:|---:|---:|---|\n";
        int met{0};
        for (const auto& [name, size, pre, vec, small] : rows) {
            const double best{vec < small ? vec : small};
            const bool meets{pre <= best};
            met += meets;
            char line[256];
            std::snprintf(line, sizeof(line), "| %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %s |\n", name.c_str(),
                          size.c_str(), pre, vec, small, pre / vec, pre / small, meets ? "met" : "MISSED");
            out << line;
        }
        out << "\n" << met << " of " << rows.size() << " prevector cases at or below the faster rival's median\n";
        out.flush();
    }
};

/** Defaults that come before the user's arguments, so the user's own flags win (Google Benchmark
 *  keeps the last value of a flag). Five repetitions give a median; interleaving them at random
 *  spreads a noisy neighbour's bursts over all containers instead of one. */
const char* const DEFAULT_ARGS[]{
    "--benchmark_min_time=0.04",
    "--benchmark_repetitions=5",
    "--benchmark_enable_random_interleaving=true",
    "--benchmark_display_aggregates_only=true",
};

} // namespace

int main(int argc, char** argv)
{
    std::vector<std::string> storage{argv[0]};
    for (const char* arg : DEFAULT_ARGS) storage.emplace_back(arg);
    for (int i = 1; i < argc; ++i) storage.emplace_back(argv[i]);
    std::vector<char*> args;
    for (std::string& arg : storage) args.push_back(arg.data());
    args.push_back(nullptr);
    int args_count{static_cast<int>(storage.size())};

    benchmark::Initialize(&args_count, args.data());
    if (benchmark::ReportUnrecognizedArguments(args_count, args.data())) return 1;
    // Colour only on a terminal: make bench's output often goes to a log.
    RatioReporter reporter{isatty(fileno(stdout)) ? benchmark::ConsoleReporter::OO_ColorTabular : benchmark::ConsoleReporter::OO_Tabular};
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}
