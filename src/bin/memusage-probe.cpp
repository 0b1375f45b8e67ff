// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

// memusage-probe: print what this platform's malloc really charges for each request size next to
// what the compiled malloc model (memusage::MallocUsage) says. main() parses and validates the
// arguments, refusing a bad one before anything is printed, then runs one mode.

#include <bin/print.h>

#include <memusage/malloc.h>
#include <probe/probe.h>
#include <probe/workloads.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#if __has_include(<unistd.h>)
#include <unistd.h>
#endif

namespace {

using memusage::cli::ReportFormat;
using memusage::detail::COMPILED_MODEL;
using memusage::detail::MallocModel;
using memusage::probe::ContainerSample;
using memusage::probe::ErrorSummary;
using memusage::probe::Platform;
using memusage::probe::Sweep;

constexpr int EXIT_OK{0};
constexpr int EXIT_CHECK_FAILED{1};
constexpr int EXIT_USAGE{2};
constexpr int EXIT_UNSUPPORTED{3};

/** Below this many bytes the table shows every range; above, one line per power of two. */
constexpr size_t DEFAULT_DETAIL{256};

/** --max is at most this, or half the machine's memory where that is less. Every request is one
 *  block, allocated, measured and freed before the next: the largest must fit in memory. Above
 *  glibc's largest mmap threshold (32 MiB on 64-bit) every block is whole pages, so larger
 *  requests show nothing new. */
constexpr size_t MAX_REQUEST_CAP{size_t{1} << 30};

const char* const USAGE{
    "Usage: memusage-probe [--max=BYTES] [--detail=BYTES]\n"
    "       memusage-probe --csv | --csv-containers [--max=BYTES]\n"
    "       memusage-probe --check [--max=BYTES]\n"
    "       memusage-probe --workload=coins,mempool [--csv]\n"
    "       memusage-probe --workload=node [--report=text|json|folded]\n"
    "       memusage-probe --workload=coins,mempool,node\n"
    "\n"
    "Measure what this platform's malloc really charges for requests of 1..BYTES bytes and compare\n"
    "it with the malloc model compiled into libmemusage. The allocator is recognised at run time:\n"
    "glibc (malloc_usable_size plus the chunk header; whole pages above the mmap threshold), or\n"
    "jemalloc, mimalloc or tcmalloc, linked or preloaded (malloc_usable_size, their size class,\n"
    "checked against nallocx, mi_good_size or tc_nallocx). Under glibc every size is measured up\n"
    "to the first mmapped request (the threshold, 128 KiB at start and moved by glibc at run\n"
    "time), under the others up to 1 MiB; then one size every page plus 16 bytes (4112).\n"
    "\n"
    "Then each standard container (vector, string, set, map, multimap, list, unordered_set/map,\n"
    "prevector, unique_ptr, shared_ptr) is built at 0, 1, 10, 1000 and 100000 elements with every\n"
    "allocation recorded, and what its live blocks really cost is set against DynamicUsage under\n"
    "Core's model, the running allocator's and the compiled one, the compiled one marked with *.\n"
    "\n"
    "  --csv           one row per measured size: request,model,real,error,mmapped,core,exact,\n"
    "                  jemalloc,mimalloc,tcmalloc (error = model - real; negative means the model\n"
    "                  under-estimates; the last five: every model's bytes, whichever is compiled in)\n"
    "  --csv-containers one row per container and size: container,elements,blocks,real,core,exact,\n"
    "                  mmapped,mmap_excess,fragments,fragment_excess,bound,jemalloc,mimalloc,tcmalloc\n"
    "  --check         exit 1 if the model under-estimates any size below the mmap threshold, or\n"
    "                  a container's heap bytes (mmap pages and fragments aside, see the notes);\n"
    "                  under the model of the running allocator also if it misses a container's\n"
    "                  heap bytes at all (jemalloc, mimalloc, tcmalloc: or any size); exit 1 too\n"
    "                  when the compiled model was made for another allocator than the running\n"
    "                  one; print the summaries instead of the tables (so not with --csv,\n"
    "                  --csv-containers or --detail)\n"
    "  --max=BYTES     largest request to measure (default 4M; suffixes k, M, G are powers of 1024;\n"
    "                  at most 1G, or half this machine's memory where that is less)\n"
    "  --detail=BYTES  show every range up to BYTES, then one line per power of two (default 256;\n"
    "                  the table's only)\n"
    "  --workload=LIST build node-shaped workloads instead (coins, mempool, or both comma-separated)\n"
    "                  at several sizes and print the heap really in use against Core's figure, this\n"
    "                  library under each malloc model and an AccountingAllocator's counter; with\n"
    "                  --csv one row per workload and size: workload,entries,blocks,real,core_guess,\n"
    "                  core,exact,counter,allocator_model\n"
    "  --workload=node build a node's structures (coins cache, mempool, orphanage, recent blocks\n"
    "                  sharing transactions) and print their usage tree under the compiled model,\n"
    "                  each holder charged apart and through one shared context, against the heap\n"
    "                  really in use (ReadHeapStats); after the other workloads' tables when listed\n"
    "                  with them (text only)\n"
    "  --report=FORMAT with --workload=node: text (default; both trees), json (one object with both)\n"
    "                  or folded (the shared tree, one 'a;b;c BYTES' line per leaf, for flamegraph.pl,\n"
    "                  inferno or speedscope)\n"
    "  --help          this text\n"
    "\n"
    "Where the probe cannot measure (an unknown allocator, a sanitizer or valgrind) it says\n"
    "\"unsupported\" and why, rather than guess. Exit status: 0 done (also when unsupported without\n"
    "--check); 1 --check found an under-estimate; 2 bad arguments (one line on stderr, nothing on\n"
    "stdout); 3 --check on an unsupported platform, which fails loudly instead of passing silently.\n"};

/** The command line as given, before it is checked for sense. */
struct Arguments {
    bool m_help{false};
    bool m_csv{false};
    bool m_csv_containers{false};
    bool m_check{false};
    std::optional<size_t> m_max;
    std::optional<size_t> m_detail;
    std::optional<std::string> m_workloads; //!< --workload=LIST
    std::optional<std::string> m_report;    //!< --report=FORMAT
};

/** What to run. */
enum class Mode {
    TABLE,          //!< the sweep's table and the containers' (no output flag)
    CSV,            //!< --csv
    CONTAINERS_CSV, //!< --csv-containers
    CHECK,          //!< --check
    WORKLOADS,      //!< --workload=LIST
};

/** The arguments, checked: every field means something for the mode. */
struct Plan {
    Mode m_mode{Mode::TABLE};
    size_t m_max{memusage::probe::SweepOptions{}.m_max_request};
    size_t m_detail{DEFAULT_DETAIL};
    std::vector<std::string> m_workloads;       //!< coins and mempool, in the order given
    bool m_node{false};                         //!< --workload lists node
    ReportFormat m_format{ReportFormat::TEXT};  //!< the node's --report
    bool m_csv{false};                          //!< the workloads as CSV
};

/** A bad command line: the line to print, without the program's name. */
struct Refusal {
    std::string m_message;
};

/** The largest --max this machine takes: MAX_REQUEST_CAP, or half its physical memory. */
size_t MaxRequestBound()
{
    size_t bound{MAX_REQUEST_CAP};
#if defined(_SC_PHYS_PAGES) && defined(_SC_PAGESIZE)
    const long pages{sysconf(_SC_PHYS_PAGES)};
    const long page_size{sysconf(_SC_PAGESIZE)};
    if (pages > 0 && page_size > 0) {
        const uint64_t half{static_cast<uint64_t>(pages) / 2 * static_cast<uint64_t>(page_size)};
        if (half < bound) bound = static_cast<size_t>(half);
    }
#endif
    return bound;
}

/** Parse "4096", "64k", "4M", "1G" (powers of 1024). */
std::optional<size_t> ParseBytes(const char* text)
{
    if (*text < '0' || *text > '9') return std::nullopt;
    size_t value{0};
    for (; *text >= '0' && *text <= '9'; ++text) {
        const auto digit{static_cast<size_t>(*text - '0')};
        if (value > (SIZE_MAX - digit) / 10) return std::nullopt;
        value = value * 10 + digit;
    }
    unsigned shift{0};
    if (*text == 'k' || *text == 'K') shift = 10;
    if (*text == 'm' || *text == 'M') shift = 20;
    if (*text == 'g' || *text == 'G') shift = 30;
    if (shift != 0) ++text;
    if (*text != '\0') return std::nullopt;
    if (shift >= sizeof(size_t) * 8 || value > (SIZE_MAX >> shift)) return std::nullopt;
    return value << shift;
}

/** The value of --name=VALUE, or nullptr when arg is another option. */
const char* ValueOf(const char* arg, const char* name)
{
    const size_t length{std::strlen(name)};
    if (std::strncmp(arg, name, length) != 0 || arg[length] != '=') return nullptr;
    return arg + length + 1;
}

/** Read the arguments one by one; --help ends the reading. */
std::variant<Arguments, Refusal> Parse(int argc, char** argv)
{
    Arguments args;
    for (int i{1}; i < argc; ++i) {
        const char* arg{argv[i]};
        const char* value{nullptr};
        if (std::strcmp(arg, "--help") == 0 || std::strcmp(arg, "-h") == 0) {
            args.m_help = true;
            return args;
        } else if (std::strcmp(arg, "--csv") == 0) {
            args.m_csv = true;
        } else if (std::strcmp(arg, "--csv-containers") == 0) {
            args.m_csv_containers = true;
        } else if (std::strcmp(arg, "--check") == 0) {
            args.m_check = true;
        } else if ((value = ValueOf(arg, "--max"))) {
            const size_t bound{MaxRequestBound()};
            const std::optional<size_t> bytes{ParseBytes(value)};
            if (!bytes || *bytes == 0 || *bytes > bound) {
                return Refusal{"--max takes a byte count from 1 to " + std::to_string(bound) +
                               " (suffixes k, M, G; at most 1G or half this machine's memory), not '" + value + "'"};
            }
            args.m_max = *bytes;
        } else if ((value = ValueOf(arg, "--detail"))) {
            const std::optional<size_t> bytes{ParseBytes(value)};
            if (!bytes) return Refusal{std::string{"--detail takes a byte count (suffixes k, M, G), not '"} + value + "'"};
            args.m_detail = *bytes;
        } else if ((value = ValueOf(arg, "--workload"))) {
            args.m_workloads = value;
        } else if ((value = ValueOf(arg, "--report"))) {
            args.m_report = value;
        } else {
            return Refusal{std::string{"bad argument '"} + arg + "' (--help lists the options)"};
        }
    }
    return args;
}

/** "a,b,c" as {"a", "b", "c"}; "" as {""}. */
std::vector<std::string> SplitList(const std::string& list)
{
    std::vector<std::string> items;
    for (size_t start{0}; start <= list.size();) {
        const size_t comma{std::min(list.find(',', start), list.size())};
        items.push_back(list.substr(start, comma - start));
        start = comma + 1;
    }
    return items;
}

std::optional<ReportFormat> ParseFormat(const std::string& name)
{
    if (name == "text") return ReportFormat::TEXT;
    if (name == "json") return ReportFormat::JSON;
    if (name == "folded") return ReportFormat::FOLDED;
    return std::nullopt;
}

/** --workload=LIST and what goes with it. */
std::variant<Plan, Refusal> CheckWorkloads(const Arguments& args)
{
    for (const auto& [given, flag] : {std::pair{args.m_check, "--check"}, std::pair{args.m_csv_containers, "--csv-containers"},
                                      std::pair{args.m_max.has_value(), "--max"}, std::pair{args.m_detail.has_value(), "--detail"}}) {
        if (given) return Refusal{std::string{flag} + " is the allocator sweep's: not with --workload"};
    }
    Plan plan;
    plan.m_mode = Mode::WORKLOADS;
    plan.m_csv = args.m_csv;
    if (args.m_workloads->empty()) return Refusal{"--workload takes a list: coins, mempool, node (comma-separated)"};
    std::vector<std::string> seen;
    for (const std::string& name : SplitList(*args.m_workloads)) {
        if (name.empty()) return Refusal{"--workload='" + *args.m_workloads + "' lists an empty name (coins, mempool, node)"};
        if (name != "coins" && name != "mempool" && name != "node") return Refusal{"unknown workload '" + name + "' (coins, mempool, node)"};
        if (std::find(seen.begin(), seen.end(), name) != seen.end()) return Refusal{"--workload lists '" + name + "' twice"};
        seen.push_back(name);
        if (name == "mempool" && !memusage::workloads::HaveMempool()) {
            return Refusal{"the mempool workload needs Boost.MultiIndex, which this build did not find"};
        }
        if (name == "node") {
            plan.m_node = true;
        } else {
            plan.m_workloads.push_back(name);
        }
    }
    if (args.m_report) {
        const std::optional<ReportFormat> format{ParseFormat(*args.m_report)};
        if (!format) return Refusal{"unknown report format '" + *args.m_report + "' (text, json, folded)"};
        if (!plan.m_node) return Refusal{"--report goes with --workload=node"};
        plan.m_format = *format;
    }
    if (plan.m_node && plan.m_csv) return Refusal{"the node workload has no CSV: --report=json or --report=folded"};
    if (plan.m_node && !plan.m_workloads.empty() && plan.m_format != ReportFormat::TEXT) {
        return Refusal{"--report=" + *args.m_report + " takes --workload=node alone"};
    }
    return plan;
}

/** Every combination of flags means one thing, or is refused with the reason. */
std::variant<Plan, Refusal> Check(const Arguments& args)
{
    if (args.m_workloads) return CheckWorkloads(args);
    if (args.m_report) return Refusal{"--report goes with --workload=node"};
    if (args.m_csv && args.m_csv_containers) return Refusal{"--csv and --csv-containers are two outputs: choose one"};
    if (args.m_check && (args.m_csv || args.m_csv_containers)) {
        return Refusal{"--check prints its own summaries: not with --csv or --csv-containers"};
    }
    if (args.m_detail && (args.m_csv || args.m_csv_containers || args.m_check)) {
        return Refusal{"--detail shapes the table: not with --csv, --csv-containers or --check"};
    }
    Plan plan;
    plan.m_mode = args.m_check ? Mode::CHECK : args.m_csv ? Mode::CSV : args.m_csv_containers ? Mode::CONTAINERS_CSV : Mode::TABLE;
    if (args.m_max) plan.m_max = *args.m_max;
    if (args.m_detail) plan.m_detail = *args.m_detail;
    return plan;
}

/** The compiled model is the running allocator's own, so it must match it exactly. */
bool IsExactCompiled()
{
    return memusage::detail::IsRealAllocatorModel(COMPILED_MODEL) && memusage::cli::RunningModel() == COMPILED_MODEL;
}

/** The allocator a real-allocator model was made for: glibc for the exact model. */
const char* AllocatorOf(MallocModel model) { return model == MallocModel::EXACT ? "glibc" : memusage::detail::ModelName(model); }

/** The compiled model was made for another allocator than the one running. */
bool IsMismatched()
{
    return memusage::detail::IsRealAllocatorModel(COMPILED_MODEL) && memusage::cli::RunningModel() != COMPILED_MODEL;
}

/** Say so when the compiled model was made for another allocator; true then. */
bool WarnMismatch(const Platform& platform, bool check)
{
    if (!IsMismatched()) return false;
    std::fprintf(stderr, "memusage-probe: %smodel '%s' was made for %s, but this process's malloc is %s\n", check ? "check failed: " : "",
                 platform.m_model.c_str(), AllocatorOf(COMPILED_MODEL), platform.m_allocator.c_str());
    return true;
}

/** The platform cannot be measured: say why, and fail only a --check. */
int RunUnsupported(const Plan& plan, const Platform& platform)
{
    const std::string message{"memusage-probe: unsupported: " + platform.m_unsupported};
    if (plan.m_mode == Mode::CHECK) {
        std::fprintf(stderr, "%s\nmemusage-probe: --check cannot tell whether model '%s' under-estimates here: failing\n",
                     message.c_str(), platform.m_model.c_str());
        return EXIT_UNSUPPORTED;
    }
    if (plan.m_mode == Mode::CSV || plan.m_mode == Mode::CONTAINERS_CSV) {
        std::fprintf(stderr, "%s\n", message.c_str());
        return EXIT_OK;
    }
    memusage::cli::PrintPlatform(platform);
    std::printf("probe       unsupported: %s\n", platform.m_unsupported.c_str());
    return EXIT_OK;
}

/** Every request size up to max, measured; the chunk rule it was measured under (glibc). */
struct Measured {
    std::optional<memusage::probe::ChunkRule> m_rule;
    Sweep m_sweep;
};

std::optional<Measured> SweepAllocator(size_t max)
{
    memusage::probe::SweepOptions options;
    options.m_max_request = max;
    Measured measured;
    measured.m_rule = memusage::probe::MeasuredChunkRule();
    // Size classes have no mmap threshold to find: measure every size up to 1 MiB.
    if (!measured.m_rule) options.m_fine_limit = size_t{1} << 20;
    std::optional<Sweep> sweep{memusage::probe::RunSweep(options)};
    if (!sweep) {
        std::fprintf(stderr, "memusage-probe: the sweep failed\n");
        return std::nullopt;
    }
    measured.m_sweep = std::move(*sweep);
    return measured;
}

/** The containers, run after the sweep, so that their large blocks meet the threshold the sweep
 *  left behind, as a long-running program's do. */
std::optional<std::vector<ContainerSample>> SampleContainers()
{
    auto containers{memusage::probe::RunContainers()};
    if (!containers) std::fprintf(stderr, "memusage-probe: the container section failed\n");
    return containers;
}

void PrintSweep(const Platform& platform, const Measured& measured)
{
    memusage::cli::PrintPlatform(platform);
    memusage::cli::PrintRule(measured.m_rule);
    memusage::cli::PrintSweepHeader(measured.m_sweep);
    std::printf("\n");
}

/** No output flag: the sweep's table, then the containers'. */
int RunTable(const Plan& plan, const Platform& platform)
{
    const std::optional<Measured> measured{SweepAllocator(plan.m_max)};
    if (!measured) return EXIT_OK;
    PrintSweep(platform, *measured);
    memusage::cli::PrintTable(measured->m_sweep, plan.m_detail);
    std::printf("\n");
    memusage::cli::PrintSummary(measured->m_sweep);
    const auto containers{SampleContainers()};
    if (!containers) return EXIT_OK;
    std::printf("\n");
    memusage::cli::PrintContainers(*containers);
    WarnMismatch(platform, false);
    return EXIT_OK;
}

/** --csv: the sweep, one row per size. */
int RunCsv(const Plan& plan, const Platform& platform)
{
    const std::optional<Measured> measured{SweepAllocator(plan.m_max)};
    if (!measured) return EXIT_OK;
    memusage::cli::PrintCsv(measured->m_sweep);
    WarnMismatch(platform, false);
    return EXIT_OK;
}

/** --csv-containers: the containers, one row per container and size, after the sweep. */
int RunContainersCsv(const Plan& plan)
{
    if (!SweepAllocator(plan.m_max)) return EXIT_OK;
    const auto containers{SampleContainers()};
    if (!containers) return EXIT_OK;
    memusage::cli::PrintContainersCsv(*containers);
    return EXIT_OK;
}

/** --check on the containers: the compiled model must not under-estimate a container's heap
 *  bytes (mmapped pages and fragments are outside any per-request model), and the exact model
 *  must match them where it is not a bound by design. Returns the number of failures, each
 *  printed. */
size_t CheckContainers(const std::vector<ContainerSample>& samples)
{
    const bool exact{IsExactCompiled()};
    size_t failures{0}, mmapped{0}, fragments{0};
    for (const ContainerSample& sample : samples) {
        const size_t model{sample.Usage(COMPILED_MODEL)};
        const size_t heap{sample.HeapEquivalent()};
        mmapped += sample.m_mmapped;
        fragments += sample.m_fragments;
        if (model < heap || (exact && !sample.m_bound && model != heap)) {
            ++failures;
            std::fprintf(stderr, "memusage-probe: check failed: %s with %zu elements: model '%s' says %zu, its blocks cost %zu on the heap\n",
                         sample.m_container.c_str(), sample.m_elements, memusage::MALLOC_MODEL, model, heap);
        }
    }
    std::printf("containers           %zu samples, %zu %s, %zu mmapped blocks and %zu fragments set aside\n", samples.size(),
                failures, exact ? "not exact" : "under-estimated", mmapped, fragments);
    return failures;
}

/** --check: the summaries, then the verdict on stderr and in the exit status. */
int RunCheck(const Plan& plan, const Platform& platform)
{
    const std::optional<Measured> measured{SweepAllocator(plan.m_max)};
    if (!measured) return EXIT_UNSUPPORTED;
    const Sweep& sweep{measured->m_sweep};
    PrintSweep(platform, *measured);
    memusage::cli::PrintSummary(sweep);
    const auto containers{SampleContainers()};
    if (!containers) return EXIT_UNSUPPORTED;
    if (WarnMismatch(platform, true)) return EXIT_CHECK_FAILED;

    const size_t container_failures{CheckContainers(*containers)};
    const ErrorSummary& below{sweep.m_below};
    const bool exact_sizes{IsExactCompiled() && !measured->m_rule}; // a size-class model, on its allocator
    if (below.m_under != 0) {
        std::fprintf(stderr,
                     "memusage-probe: check failed: model '%s' under-estimates %zu of %zu sizes %s under %s "
                     "(worst %s bytes at a request of %zu)\n"
                     "memusage-probe: worst under-estimates: %s\n",
                     platform.m_model.c_str(), below.m_under, below.m_sizes,
                     sweep.m_mmap_threshold ? "below the mmap threshold" : "measured", platform.m_allocator.c_str(),
                     memusage::cli::Signed(below.m_worst_under).c_str(), below.m_worst_under_request,
                     memusage::cli::WorstUnder(sweep, 5).c_str());
        return EXIT_CHECK_FAILED;
    }
    if (exact_sizes && below.m_worst_over != 0) {
        std::fprintf(stderr, "memusage-probe: check failed: model '%s' over-estimates %s (worst %s bytes at a request of %zu)\n",
                     platform.m_model.c_str(), platform.m_allocator.c_str(), memusage::cli::Signed(below.m_worst_over).c_str(),
                     below.m_worst_over_request);
        return EXIT_CHECK_FAILED;
    }
    if (container_failures != 0) return EXIT_CHECK_FAILED;
    if (exact_sizes) {
        std::fprintf(stderr, "memusage-probe: check passed: model '%s' matches %s at every one of %zu sizes and every container\n",
                     platform.m_model.c_str(), platform.m_allocator.c_str(), below.m_sizes);
        return EXIT_OK;
    }
    std::fprintf(stderr, "memusage-probe: check passed: model '%s' never under-estimates below the mmap threshold (%zu sizes), nor a container's heap bytes\n",
                 platform.m_model.c_str(), below.m_sizes);
    return EXIT_OK;
}

/** --workload=LIST: the coins and mempool workloads' table or CSV, then the node's report. */
int RunWorkloads(const Plan& plan, const Platform& platform)
{
    using memusage::workloads::WorkloadSample;
    if (!plan.m_csv && plan.m_format == ReportFormat::TEXT) {
        memusage::cli::PrintPlatform(platform);
        std::printf("\n");
    }
    if (!plan.m_workloads.empty()) {
        if (!memusage::workloads::HeapInUse()) {
            std::fprintf(stderr, "memusage-probe: the real heap cannot be read here (%s): real and the errors are left empty\n",
                         memusage::probe::UnsupportedReason().value_or("no statistics from this allocator").c_str());
        }
        const memusage::workloads::WorkloadOptions options;
        std::vector<WorkloadSample> samples;
        for (const std::string& name : plan.m_workloads) {
            std::vector<WorkloadSample> more;
            if (name == "coins") {
                for (const unsigned n : {28U, 36U}) {
                    more = memusage::workloads::RunCoins(n, options.m_coins_sizes);
                    samples.insert(samples.end(), more.begin(), more.end());
                }
            } else {
                more = memusage::workloads::RunMempool(options.m_mempool_sizes);
                samples.insert(samples.end(), more.begin(), more.end());
            }
        }
        if (plan.m_csv) {
            memusage::cli::PrintWorkloadCsv(samples);
        } else {
            memusage::cli::PrintWorkloadTable(samples);
        }
        if (plan.m_node) std::printf("\n");
    }
    if (plan.m_node) {
        const memusage::workloads::NodeReport report{memusage::workloads::BuildNode()};
        std::fputs(memusage::cli::FormatNode(report, plan.m_format).c_str(), stdout);
    }
    return EXIT_OK;
}

} // namespace

int main(int argc, char** argv)
{
    const auto parsed{Parse(argc, argv)};
    if (const auto* refusal{std::get_if<Refusal>(&parsed)}) {
        std::fprintf(stderr, "memusage-probe: %s\n", refusal->m_message.c_str());
        return EXIT_USAGE;
    }
    const Arguments& args{std::get<Arguments>(parsed)};
    if (args.m_help) {
        std::fputs(USAGE, stdout);
        return EXIT_OK;
    }
    const auto checked{Check(args)};
    if (const auto* refusal{std::get_if<Refusal>(&checked)}) {
        std::fprintf(stderr, "memusage-probe: %s\n", refusal->m_message.c_str());
        return EXIT_USAGE;
    }
    const Plan& plan{std::get<Plan>(checked)};

    const Platform platform{memusage::probe::DescribePlatform()};
    if (plan.m_mode == Mode::WORKLOADS) return RunWorkloads(plan, platform);
    if (!platform.m_supported) return RunUnsupported(plan, platform);
    switch (plan.m_mode) {
    case Mode::TABLE: return RunTable(plan, platform);
    case Mode::CSV: return RunCsv(plan, platform);
    case Mode::CONTAINERS_CSV: return RunContainersCsv(plan);
    case Mode::CHECK: return RunCheck(plan, platform);
    case Mode::WORKLOADS: break;
    }
    return EXIT_OK;
}
