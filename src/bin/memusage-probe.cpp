// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

// memusage-probe: print what this platform's malloc really charges for each request size next to
// what the compiled malloc model (memusage::MallocUsage) says.

#include <memusage/core_version.h>
#include <memusage/malloc.h>
#include <memusage/probe.h>
#include <probe/workloads.h>

#include <algorithm>
#include <cinttypes>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

namespace {

using memusage::probe::ContainerSample;
using memusage::probe::ErrorSummary;
using memusage::probe::Sample;
using memusage::probe::Sweep;

constexpr int EXIT_OK{0};
constexpr int EXIT_CHECK_FAILED{1};
constexpr int EXIT_USAGE{2};
constexpr int EXIT_UNSUPPORTED{3};

/** Below this many bytes the table shows every range; above, one line per power of two. */
constexpr size_t DEFAULT_DETAIL{256};

const char* const USAGE{
    "Usage: memusage-probe [--csv | --csv-containers] [--check] [--max=BYTES] [--detail=BYTES]\n"
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
    "both malloc models, the compiled one marked with *.\n"
    "\n"
    "  --csv           one row per measured size: request,model,real,error,mmapped,core,exact,\n"
    "                  jemalloc,mimalloc,tcmalloc (error = model - real; negative means the model\n"
    "                  under-estimates; the last five: every model's figure, whichever is compiled in)\n"
    "  --csv-containers one row per container and size: container,elements,blocks,real,core,exact,\n"
    "                  mmapped,mmap_excess,fragments,fragment_excess,bound,jemalloc,mimalloc,tcmalloc\n"
    "  --check         exit 1 if the model under-estimates any size below the mmap threshold, or\n"
    "                  a container's heap bytes (mmap pages and fragments aside, see the notes);\n"
    "                  under the model of the running allocator also if it misses a container's\n"
    "                  heap bytes at all (jemalloc, mimalloc, tcmalloc: or any size); exit 1 too\n"
    "                  when the compiled model was made for another allocator than the running\n"
    "                  one; print the summaries instead of the tables\n"
    "  --max=BYTES     largest request to measure (default 4M; suffixes k, M, G are powers of 1024)\n"
    "  --detail=BYTES  show every range up to BYTES, then one line per power of two (default 256)\n"
    "  --workload=LIST build node-shaped workloads instead (coins, mempool, or both comma-separated)\n"
    "                  at several sizes and print the heap really in use against Core's figure, this\n"
    "                  library under each malloc model and an AccountingAllocator's counter; with\n"
    "                  --csv one row per workload and size: workload,entries,blocks,real,core_guess,\n"
    "                  core,exact,counter\n"
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
    "--check); 1 --check found an under-estimate; 2 bad arguments; 3 --check on an unsupported\n"
    "platform, which fails loudly instead of passing silently.\n"};

struct Options {
    bool m_csv{false};
    bool m_csv_containers{false};
    bool m_check{false};
    size_t m_max{memusage::probe::SweepOptions{}.m_max_request};
    size_t m_detail{DEFAULT_DETAIL};
    std::string m_workloads; //!< --workload=LIST: run these instead of the sweep
    std::string m_report;    //!< --report=FORMAT, for --workload=node
};

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

std::string Range(size_t first, size_t last)
{
    if (first == last) return std::to_string(first);
    return std::to_string(first) + ".." + std::to_string(last);
}

std::string Signed(int64_t value)
{
    return (value > 0 ? "+" : "") + std::to_string(value);
}

std::string SignedRange(int64_t low, int64_t high)
{
    if (low == high) return Signed(low);
    return Signed(low) + ".." + Signed(high);
}

void PrintRow(const std::string& request, size_t sizes, const std::string& model, const std::string& real,
              const std::string& error, bool mmapped)
{
    std::printf("%-20s %7zu  %-22s %-22s %-14s %s\n", request.c_str(), sizes, model.c_str(), real.c_str(), error.c_str(),
                mmapped ? "mmap" : "heap");
}

/** Samples above --detail, summed up per power of two. */
struct Band {
    size_t m_first{0}, m_last{0}, m_sizes{0};
    size_t m_model_min{SIZE_MAX}, m_model_max{0}, m_real_min{SIZE_MAX}, m_real_max{0};
    int64_t m_error_min{INT64_MAX}, m_error_max{INT64_MIN};
    bool m_mmapped{false};

    void Add(const Sample& sample)
    {
        if (m_sizes++ == 0) m_first = sample.m_request;
        m_last = sample.m_request;
        m_model_min = std::min(m_model_min, sample.m_model);
        m_model_max = std::max(m_model_max, sample.m_model);
        m_real_min = std::min(m_real_min, sample.m_real);
        m_real_max = std::max(m_real_max, sample.m_real);
        m_error_min = std::min(m_error_min, sample.Error());
        m_error_max = std::max(m_error_max, sample.Error());
        m_mmapped = m_mmapped || sample.m_mmapped;
    }

    void Print() const
    {
        PrintRow(Range(m_first, m_last), m_sizes, Range(m_model_min, m_model_max), Range(m_real_min, m_real_max),
                 SignedRange(m_error_min, m_error_max), m_mmapped);
    }
};

/** Index of the power-of-two band (2^k, 2^(k+1)] holding request > 1. */
unsigned BandOf(size_t request)
{
    unsigned k{0};
    for (size_t value{request - 1}; value > 1; value >>= 1) ++k;
    return k;
}

void PrintTable(const Sweep& sweep, size_t detail)
{
    std::printf("%-20s %7s  %-22s %-22s %-14s %s\n", "request", "sizes", "model", "real", "error", "region");
    std::vector<Sample> detailed;
    for (const Sample& sample : sweep.m_samples) {
        if (sample.m_request <= detail) detailed.push_back(sample);
    }
    for (const auto& range : memusage::probe::GroupRanges(detailed)) {
        PrintRow(Range(range.m_first, range.m_last), range.m_count, std::to_string(range.m_model),
                 std::to_string(range.m_real), Signed(range.Error()), range.m_mmapped);
    }
    // One band per power of two, split where the mmap region starts.
    const size_t threshold{sweep.m_mmap_threshold.value_or(SIZE_MAX)};
    Band band;
    unsigned band_key{0};
    bool band_above{false};
    for (const Sample& sample : sweep.m_samples) {
        if (sample.m_request <= detail) continue;
        const bool above{sample.m_request >= threshold};
        const unsigned key{BandOf(sample.m_request)};
        if (band.m_sizes != 0 && (key != band_key || above != band_above)) {
            band.Print();
            band = Band{};
        }
        band_key = key;
        band_above = above;
        band.Add(sample);
    }
    if (band.m_sizes != 0) band.Print();
}

std::string DescribeSummary(const ErrorSummary& summary)
{
    std::string text{std::to_string(summary.m_sizes) + " sizes, " + std::to_string(summary.m_under) + " under-estimated"};
    if (summary.m_under != 0) {
        text += ", worst under-estimate " + Signed(summary.m_worst_under) + " bytes at " +
                std::to_string(summary.m_worst_under_request);
    }
    if (summary.m_worst_over > 0) {
        text += ", worst over-estimate " + Signed(summary.m_worst_over) + " bytes at " +
                std::to_string(summary.m_worst_over_request);
    }
    return text;
}

void PrintPlatform(const memusage::probe::Platform& platform)
{
    std::printf("platform    %s, %u-bit pointers\n", platform.m_arch.c_str(), platform.m_pointer_bits);
    std::printf("C library   %s\n", platform.m_libc.c_str());
    std::printf("compiler    %s, C++ %ld%s%s\n", platform.m_compiler.c_str(), platform.m_cplusplus,
                platform.m_sanitizers.empty() ? "" : ", sanitizers: ", platform.m_sanitizers.c_str());
    std::printf("model       %s (memusage::MallocUsage)\n", platform.m_model.c_str());
    std::printf("allocator   %s\n", platform.m_allocator.c_str());
    std::printf("Core era    %d (MEMUSAGE_CORE_VERSION; each rule as Core's files of that release have it, doc/vendoring.md)\n",
                memusage::CORE_VERSION);
    std::printf("  band                Core %s (every era of it builds alike; contrib/vendor/era-of.sh)\n", memusage::CORE_ERA_BAND);
    std::printf("  prevector <         %s\n", MEMUSAGE_ERA_PREVECTOR_LEXICOGRAPHIC ?
                "lexicographic (the opt-in MEMUSAGE_PREVECTOR_LEXICOGRAPHIC_ORDER; no Core era)" :
                "size first, then element by element (every release through v31)");
    std::printf("  prevector moves     %s\n", MEMUSAGE_ERA_PREVECTOR_MOVE_STEALS ? "noexcept, take the source's buffer (v26, PR 27334)" :
                MEMUSAGE_ERA_PREVECTOR_MOVE_SWAPS ? "swap with the source, not noexcept (v0.14 to v25, PR 9349)" :
                "none: rvalues are copied (before v0.14)");
    std::printf("  prevector layout    %s\n", MEMUSAGE_ERA_PREVECTOR_PACKED ? "whole class byte-packed, alignof 1 (before v0.20)" :
                "union aligned as a pointer, size after it (v0.20, PR 17708)");
    std::printf("  copy assignment     %s\n", MEMUSAGE_ERA_PREVECTOR_EXACT_COPY_ASSIGN ? "sizes the target exactly (before v0.17)" :
                "keeps a larger buffer (v0.17, PR 12549)");
    std::printf("  PoolResource ASan   %s\n", MEMUSAGE_ERA_POOL_POISONS ?
                "poisons free memory where __has_feature(address_sanitizer) (v30, PR 32581)" :
                "leaves free memory readable (before v30)");
}

void PrintRule(const std::optional<memusage::probe::ChunkRule>& maybe_rule)
{
    if (!maybe_rule) {
        std::printf("block       malloc_usable_size: the size class (checked against the allocator's own answer at start-up)\n");
        return;
    }
    const memusage::probe::ChunkRule& rule{*maybe_rule};
    std::printf("heap chunk  max(%zu, request + %zu rounded up to %zu)   (measured at start-up)\n", rule.m_min_chunk,
                rule.m_header, rule.m_alignment);
    std::printf("mmap chunk  whole %zu-byte pages: usable + %zu rounded up\n", rule.m_page_size, rule.m_mmap_header);
}

void PrintSweepHeader(const Sweep& sweep)
{
    if (sweep.m_mmap_threshold) {
        std::printf("threshold   first mmapped request: %zu bytes%s (glibc moves it at run time)\n", *sweep.m_mmap_threshold,
                    sweep.m_threshold_exact ? "" : ", to within one step");
    } else {
        std::printf("threshold   no request up to the largest measured was mmapped\n");
    }
    const size_t last{sweep.m_samples.empty() ? 0 : sweep.m_samples.back().m_request};
    std::printf("swept       1..%zu byte by byte", sweep.m_fine_end);
    if (last > sweep.m_fine_end) std::printf(", then every %zu bytes to %zu", sweep.m_coarse_step, last);
    std::printf(": %zu sizes\n", sweep.m_samples.size());
}

void PrintSummary(const Sweep& sweep)
{
    if (!sweep.m_mmap_threshold) {
        std::printf("all on the heap      %s\n", DescribeSummary(sweep.m_below).c_str());
        return;
    }
    std::printf("below the threshold  %s\n", DescribeSummary(sweep.m_below).c_str());
    std::printf("from the threshold   %s\n", DescribeSummary(sweep.m_above).c_str());
}

void PrintCsv(const Sweep& sweep)
{
    // Every model rides along at the end, whichever is compiled in, so one run can plot them all.
    using memusage::detail::MallocModel;
    using memusage::detail::ModelMallocUsage;
    std::printf("request,model,real,error,mmapped,core,exact,jemalloc,mimalloc,tcmalloc\n");
    for (const Sample& sample : sweep.m_samples) {
        const size_t n{sample.m_request};
        std::printf("%zu,%zu,%zu,%" PRId64 ",%d,%zu,%zu,%zu,%zu,%zu\n", n, sample.m_model, sample.m_real, sample.Error(),
                    sample.m_mmapped ? 1 : 0, ModelMallocUsage<MallocModel::CORE>(n), ModelMallocUsage<MallocModel::EXACT>(n),
                    ModelMallocUsage<MallocModel::JEMALLOC>(n), ModelMallocUsage<MallocModel::MIMALLOC>(n),
                    ModelMallocUsage<MallocModel::TCMALLOC>(n));
    }
}

using memusage::detail::COMPILED_MODEL;
using memusage::detail::MallocModel;

/** The model that describes the running allocator exactly (glibc's: exact), if it is known. */
std::optional<MallocModel> RunningModel() { return memusage::probe::ModelFor(memusage::probe::RunningAllocator()); }

/** The compiled model is the running allocator's own, so it must match it exactly. */
bool IsExactCompiled() { return memusage::detail::IsRealAllocatorModel(COMPILED_MODEL) && RunningModel() == COMPILED_MODEL; }

/** The allocator a real-allocator model was made for: glibc for the exact model. */
const char* AllocatorOf(MallocModel model) { return model == MallocModel::EXACT ? "glibc" : memusage::detail::ModelName(model); }

/** The compiled model was made for another allocator than the one running. */
bool IsMismatched() { return memusage::detail::IsRealAllocatorModel(COMPILED_MODEL) && RunningModel() != COMPILED_MODEL; }

/** What a sample's notes say: blocks whose cost no per-request model predicts. */
std::string Notes(const ContainerSample& sample)
{
    std::string notes{sample.m_bound ? "upper bound by design" : ""};
    if (sample.m_mmapped != 0) {
        if (!notes.empty()) notes += ", ";
        notes += std::to_string(sample.m_mmapped) + " mmapped (+" + std::to_string(sample.m_mmap_excess) + ")";
    }
    if (sample.m_fragments != 0) {
        notes += std::string{notes.empty() ? "" : ", "} + std::to_string(sample.m_fragments) + " fragment (+" +
                 std::to_string(sample.m_fragment_excess) + ")";
    }
    return notes;
}

void PrintContainers(const std::vector<ContainerSample>& samples)
{
    // Core's, the running allocator's model (glibc's: exact) and the compiled one, each once.
    std::vector<MallocModel> shown{MallocModel::CORE, RunningModel().value_or(MallocModel::EXACT)};
    if (std::find(shown.begin(), shown.end(), COMPILED_MODEL) == shown.end()) shown.push_back(COMPILED_MODEL);
    std::printf("containers  DynamicUsage against the bytes really allocated (live blocks, measured one by one);\n"
                "            compiled model marked *; error = model - real; notes: blocks glibc mmapped (whole pages)\n"
                "            or handed out bigger than their request (fragments), with the bytes beyond the heap chunk\n\n");
    std::printf("%-42s %8s %7s %10s", "container", "elements", "blocks", "real");
    for (MallocModel model : shown) {
        const std::string name{std::string{memusage::detail::ModelName(model)} + (model == COMPILED_MODEL ? "*" : "")};
        std::printf(" %10s %8s", name.c_str(), "error");
    }
    std::printf("  notes\n");
    for (const ContainerSample& sample : samples) {
        std::printf("%-42s %8zu %7zu %10zu", sample.m_container.c_str(), sample.m_elements, sample.m_blocks, sample.m_real);
        for (MallocModel model : shown) {
            const size_t figure{sample.Figure(model)};
            const int64_t error{figure >= sample.m_real ? static_cast<int64_t>(figure - sample.m_real)
                                                        : -static_cast<int64_t>(sample.m_real - figure)};
            std::printf(" %10zu %8s", figure, Signed(error).c_str());
        }
        std::printf("  %s\n", Notes(sample).c_str());
    }
}

void PrintContainersCsv(const std::vector<ContainerSample>& samples)
{
    std::printf("container,elements,blocks,real,core,exact,mmapped,mmap_excess,fragments,fragment_excess,bound,jemalloc,mimalloc,tcmalloc\n");
    for (const ContainerSample& sample : samples) {
        std::printf("\"%s\",%zu,%zu,%zu,%zu,%zu,%zu,%zu,%zu,%zu,%d,%zu,%zu,%zu\n", sample.m_container.c_str(), sample.m_elements,
                    sample.m_blocks, sample.m_real, sample.m_core, sample.m_exact, sample.m_mmapped, sample.m_mmap_excess,
                    sample.m_fragments, sample.m_fragment_excess, sample.m_bound ? 1 : 0, sample.Figure(MallocModel::JEMALLOC),
                    sample.Figure(MallocModel::MIMALLOC), sample.Figure(MallocModel::TCMALLOC));
    }
}

/** The requests the model under-estimates most, up to count of them, worst first: the first
 *  request of each range of sizes with the same model and real bytes. */
std::string WorstUnder(const Sweep& sweep, size_t count)
{
    std::vector<Sample> under;
    for (const auto& range : memusage::probe::GroupRanges(sweep.m_samples)) {
        if (range.Error() < 0 && !range.m_mmapped) under.push_back(Sample{range.m_first, range.m_model, range.m_real, false});
    }
    std::stable_sort(under.begin(), under.end(), [](const Sample& a, const Sample& b) { return a.Error() < b.Error(); });
    std::string text;
    for (size_t i{0}; i < under.size() && i < count; ++i) {
        text += std::string{i == 0 ? "" : "; "} + "malloc(" + std::to_string(under[i].m_request) + "): model " +
                std::to_string(under[i].m_model) + ", real " + std::to_string(under[i].m_real) + " (" +
                std::to_string(-under[i].Error()) + " bytes short)";
    }
    return text;
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
        const size_t model{sample.Figure(COMPILED_MODEL)};
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

} // namespace

int main(int argc, char** argv)
{
    Options options;
    for (int i{1}; i < argc; ++i) {
        const char* arg{argv[i]};
        std::optional<size_t> bytes;
        if (std::strcmp(arg, "--help") == 0 || std::strcmp(arg, "-h") == 0) {
            std::fputs(USAGE, stdout);
            return EXIT_OK;
        } else if (std::strcmp(arg, "--csv") == 0) {
            options.m_csv = true;
        } else if (std::strcmp(arg, "--csv-containers") == 0) {
            options.m_csv_containers = true;
        } else if (std::strcmp(arg, "--check") == 0) {
            options.m_check = true;
        } else if (std::strncmp(arg, "--max=", 6) == 0 && (bytes = ParseBytes(arg + 6)) && *bytes > 0) {
            options.m_max = *bytes;
        } else if (std::strncmp(arg, "--detail=", 9) == 0 && (bytes = ParseBytes(arg + 9))) {
            options.m_detail = *bytes;
        } else if (std::strncmp(arg, "--workload=", 11) == 0) {
            options.m_workloads = arg + 11;
        } else if (std::strncmp(arg, "--report=", 9) == 0) {
            options.m_report = arg + 9;
        } else {
            std::fprintf(stderr, "memusage-probe: bad argument '%s'\n\n%s", arg, USAGE);
            return EXIT_USAGE;
        }
    }

    const auto platform{memusage::probe::DescribePlatform()};
    // --workload=node, alone or after the others (coins,mempool,node: their tables, then the node's).
    std::string others;
    bool node{false};
    for (size_t start{0}; start <= options.m_workloads.size() && !options.m_workloads.empty();) {
        const size_t comma{std::min(options.m_workloads.find(',', start), options.m_workloads.size())};
        const std::string name{options.m_workloads.substr(start, comma - start)};
        if (name == "node") {
            node = true;
        } else {
            others += (others.empty() ? "" : ",") + name;
        }
        start = comma + 1;
    }
    if (!options.m_report.empty() && !node) {
        std::fprintf(stderr, "memusage-probe: --report goes with --workload=node\n\n%s", USAGE);
        return EXIT_USAGE;
    }
    if (node) {
        const std::string format{options.m_report.empty() ? "text" : options.m_report};
        if (options.m_csv) {
            std::fprintf(stderr, "memusage-probe: the node workload has no CSV: --report=json or --report=folded\n");
            return EXIT_USAGE;
        }
        if (!others.empty() && format != "text") {
            std::fprintf(stderr, "memusage-probe: --report=%s takes --workload=node alone\n", format.c_str());
            return EXIT_USAGE;
        }
        if (format == "text") {
            PrintPlatform(platform);
            std::printf("\n");
        }
        if (!others.empty()) {
            if (!memusage::workloads::RunWorkloads(others, false)) return EXIT_USAGE;
            std::printf("\n");
        }
        return memusage::workloads::RunNode(format) ? EXIT_OK : EXIT_USAGE;
    }
    if (!options.m_workloads.empty()) {
        if (!options.m_csv) {
            PrintPlatform(platform);
            std::printf("\n");
        }
        return memusage::workloads::RunWorkloads(options.m_workloads, options.m_csv) ? EXIT_OK : EXIT_USAGE;
    }
    if (!platform.m_supported) {
        const std::string message{"memusage-probe: unsupported: " + platform.m_unsupported};
        if (options.m_check) {
            std::fprintf(stderr, "%s\nmemusage-probe: --check cannot tell whether model '%s' under-estimates here: failing\n",
                         message.c_str(), platform.m_model.c_str());
            return EXIT_UNSUPPORTED;
        }
        if (options.m_csv || options.m_csv_containers) {
            std::fprintf(stderr, "%s\n", message.c_str());
            return EXIT_OK;
        }
        PrintPlatform(platform);
        std::printf("probe       unsupported: %s\n", platform.m_unsupported.c_str());
        return EXIT_OK;
    }

    memusage::probe::SweepOptions sweep_options;
    sweep_options.m_max_request = options.m_max;
    const auto rule{memusage::probe::MeasuredChunkRule()};
    // Size classes have no mmap threshold to find: measure every size up to 1 MiB.
    if (!rule) sweep_options.m_fine_limit = size_t{1} << 20;
    const auto sweep{memusage::probe::RunSweep(sweep_options)};
    if (!sweep) {
        std::fprintf(stderr, "memusage-probe: the sweep failed\n");
        return options.m_check ? EXIT_UNSUPPORTED : EXIT_OK;
    }

    if (options.m_csv_containers) {
        const auto containers{memusage::probe::RunContainers()};
        if (!containers) {
            std::fprintf(stderr, "memusage-probe: the container section failed\n");
            return EXIT_OK;
        }
        PrintContainersCsv(*containers);
        return EXIT_OK;
    }

    if (options.m_csv) {
        PrintCsv(*sweep);
    } else {
        PrintPlatform(platform);
        PrintRule(rule);
        PrintSweepHeader(*sweep);
        std::printf("\n");
        if (!options.m_check) {
            PrintTable(*sweep, options.m_detail);
            std::printf("\n");
        }
        PrintSummary(*sweep);
    }

    // The containers run after the sweep, so their large blocks meet the threshold the sweep
    // left behind, as a long-running program's do.
    std::optional<std::vector<ContainerSample>> containers;
    if (!options.m_csv) {
        containers = memusage::probe::RunContainers();
        if (!containers) {
            std::fprintf(stderr, "memusage-probe: the container section failed\n");
            return options.m_check ? EXIT_UNSUPPORTED : EXIT_OK;
        }
        if (!options.m_check) {
            std::printf("\n");
            PrintContainers(*containers);
        }
    }

    if (IsMismatched()) {
        std::fprintf(stderr, "memusage-probe: %smodel '%s' was made for %s, but this process's malloc is %s\n",
                     options.m_check ? "check failed: " : "", platform.m_model.c_str(), AllocatorOf(COMPILED_MODEL),
                     platform.m_allocator.c_str());
        if (options.m_check) return EXIT_CHECK_FAILED;
    }

    if (options.m_check) {
        const size_t container_failures{CheckContainers(*containers)};
        const ErrorSummary& below{sweep->m_below};
        if (below.m_under != 0) {
            std::fprintf(stderr,
                         "memusage-probe: check failed: model '%s' under-estimates %zu of %zu sizes %s under %s "
                         "(worst %s bytes at a request of %zu)\n"
                         "memusage-probe: worst under-estimates: %s\n",
                         platform.m_model.c_str(), below.m_under, below.m_sizes,
                         sweep->m_mmap_threshold ? "below the mmap threshold" : "measured", platform.m_allocator.c_str(),
                         Signed(below.m_worst_under).c_str(), below.m_worst_under_request, WorstUnder(*sweep, 5).c_str());
            return EXIT_CHECK_FAILED;
        }
        if (IsExactCompiled() && !rule && below.m_worst_over != 0) {
            std::fprintf(stderr, "memusage-probe: check failed: model '%s' over-estimates %s (worst %s bytes at a request of %zu)\n",
                         platform.m_model.c_str(), platform.m_allocator.c_str(), Signed(below.m_worst_over).c_str(),
                         below.m_worst_over_request);
            return EXIT_CHECK_FAILED;
        }
        if (container_failures != 0) return EXIT_CHECK_FAILED;
        if (IsExactCompiled() && !rule) {
            std::fprintf(stderr, "memusage-probe: check passed: model '%s' matches %s at every one of %zu sizes and every container\n",
                         platform.m_model.c_str(), platform.m_allocator.c_str(), below.m_sizes);
            return EXIT_OK;
        }
        std::fprintf(stderr, "memusage-probe: check passed: model '%s' never under-estimates below the mmap threshold (%zu sizes), nor a container's heap bytes\n",
                     platform.m_model.c_str(), below.m_sizes);
    }
    return EXIT_OK;
}
