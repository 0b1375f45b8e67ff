// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

// The sweep's and the container samples' output: the platform header, the table, the
// summaries, and both CSV forms.

#include <bin/print.h>

#include <internal/difference.h>
#include <memusage/core_version.h>
#include <memusage/malloc.h>
#include <probe/probe.h>

#include <algorithm>
#include <cinttypes>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace memusage {
namespace cli {
namespace {

using detail::COMPILED_MODEL;
using detail::MallocModel;
using probe::ContainerSample;
using probe::ErrorSummary;
using probe::Sample;
using probe::Sweep;

std::string Range(size_t first, size_t last)
{
    if (first == last) return std::to_string(first);
    return std::to_string(first) + ".." + std::to_string(last);
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

} // namespace

std::string Signed(int64_t value)
{
    return (value > 0 ? "+" : "") + std::to_string(value);
}

void PrintTable(const Sweep& sweep, size_t detail)
{
    std::printf("%-20s %7s  %-22s %-22s %-14s %s\n", "request", "sizes", "model", "real", "error", "region");
    std::vector<Sample> detailed;
    for (const Sample& sample : sweep.m_samples) {
        if (sample.m_request <= detail) detailed.push_back(sample);
    }
    for (const auto& range : probe::GroupRanges(detailed)) {
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
void PrintPlatform(const probe::Platform& platform)
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
                "size first, then element by element (every Core release and master)");
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

void PrintRule(const std::optional<probe::ChunkRule>& maybe_rule)
{
    if (!maybe_rule) {
        std::printf("block       malloc_usable_size: the size class (checked against the allocator's own answer at start-up)\n");
        return;
    }
    const probe::ChunkRule& rule{*maybe_rule};
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
    using detail::MallocModel;
    using detail::ModelMallocUsage;
    std::printf("request,model,real,error,mmapped,core,exact,jemalloc,mimalloc,tcmalloc\n");
    for (const Sample& sample : sweep.m_samples) {
        const size_t n{sample.m_request};
        std::printf("%zu,%zu,%zu,%" PRId64 ",%d,%zu,%zu,%zu,%zu,%zu\n", n, sample.m_model, sample.m_real, sample.Error(),
                    sample.m_mmapped ? 1 : 0, ModelMallocUsage<MallocModel::CORE>(n), ModelMallocUsage<MallocModel::EXACT>(n),
                    ModelMallocUsage<MallocModel::JEMALLOC>(n), ModelMallocUsage<MallocModel::MIMALLOC>(n),
                    ModelMallocUsage<MallocModel::TCMALLOC>(n));
    }
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
        const std::string name{std::string{detail::ModelName(model)} + (model == COMPILED_MODEL ? "*" : "")};
        std::printf(" %10s %8s", name.c_str(), "error");
    }
    std::printf("  notes\n");
    for (const ContainerSample& sample : samples) {
        std::printf("%-42s %8zu %7zu %10zu", sample.m_container.c_str(), sample.m_elements, sample.m_blocks, sample.m_real);
        for (MallocModel model : shown) {
            const size_t usage{sample.Usage(model)};
            std::printf(" %10zu %8s", usage, Signed(detail::SignedDifference(usage, sample.m_real)).c_str());
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
                    sample.m_fragments, sample.m_fragment_excess, sample.m_bound ? 1 : 0, sample.Usage(MallocModel::JEMALLOC),
                    sample.Usage(MallocModel::MIMALLOC), sample.Usage(MallocModel::TCMALLOC));
    }
}

/** The requests the model under-estimates most, up to count of them, worst first: the first
 *  request of each range of sizes with the same model and real bytes. */
std::string WorstUnder(const Sweep& sweep, size_t count)
{
    std::vector<Sample> under;
    for (const auto& range : probe::GroupRanges(sweep.m_samples)) {
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

} // namespace cli
} // namespace memusage
