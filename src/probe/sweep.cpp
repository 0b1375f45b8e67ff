// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#include <probe/probe.h>

#include <internal/difference.h>
#include <internal/glibc.h>
#include <internal/sanitizers.h>
#include <memusage/heap.h>
#include <memusage/malloc.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace memusage {
namespace probe {
namespace {

using detail::SignedDifference;

constexpr size_t AlignUp(size_t value, size_t alignment)
{
    return (value + alignment - 1) / alignment * alignment;
}

/** Why the build cannot measure, or nullptr. */
const char* BuildUnsupportedReason()
{
#if !defined(MEMUSAGE_GLIBC)
    return "the C library is not glibc, and only glibc's chunk sizes can be read back";
#else
    return detail::SanitizerAllocatorReason();
#endif
}

/** How this process's blocks are measured, decided once: the allocator, its chunk rule (glibc)
 *  or its size classes (the others, read through malloc_usable_size), or why there is neither. */
struct MeasuringMethod {
    Allocator m_allocator{Allocator::UNKNOWN};
    std::optional<ChunkRule> m_rule;
    bool m_size_classes{false}; //!< jemalloc, mimalloc or tcmalloc passed the start-up check
    size_t m_page_size{4096};
    std::optional<std::string> m_unsupported;
};

/** Size classes step by at least this (the 16-byte quantum of jemalloc, mimalloc and TCMalloc
 *  from 16 bytes on): the sweep's coarse step is one page plus this. */
constexpr size_t SIZE_CLASS_QUANTUM{16};

#if defined(MEMUSAGE_GLIBC)

/** glibc's INTERNAL_SIZE_T is size_t: a heap chunk carries one of these as its size field (its
 *  prev_size field belongs to the previous chunk while that one is in use). */
constexpr size_t SIZE_FIELD{sizeof(size_t)};

/** Sizes the start-up check compares with glibc's rule: the whole tcache range and then some. */
constexpr size_t CHECKED_SIZES{1040};

bool IsPowerOfTwo(size_t value) { return value != 0 && (value & (value - 1)) == 0; }

/** At most this many blocks are held at once by Measure(); see there. */
constexpr size_t MAX_BLOCKS{1024};

/** What one block costs under rule: the measurement itself, shared by the start-up check (with
 *  a rule still on trial) and by MeasureBlock(). */
Measurement MeasureWith(const ChunkRule& rule, const void* block, size_t request)
{
    Measurement measurement;
    measurement.m_request = request;
    if (block == nullptr) return measurement;
    const size_t usable{malloc_usable_size(const_cast<void*>(block))};
    measurement.m_usable = usable;
    // A heap chunk is usable + one size field, a multiple of the alignment. An mmapped chunk has
    // two size fields and starts a page (plus, on i386, an 8-byte front correction to reach
    // 16-byte alignment), so usable + one field is never aligned: that residue tells them apart.
    // The mapping behind it is usable + two fields rounded up to whole pages.
    if ((usable + rule.m_header) % rule.m_alignment == 0) {
        measurement.m_real = usable + rule.m_header;
    } else {
        measurement.m_mmapped = true;
        measurement.m_real = AlignUp(usable + rule.m_mmap_header, rule.m_page_size);
    }
    return measurement;
}

/** Allocate blocks of bytes, holding each, until one is no bigger than rule's chunk for the
 *  request (or is mmapped), and return the cheapest; empty if malloc fails at once. Why not
 *  just one: where the heap is fragmented glibc hands out a free chunk whole when splitting it
 *  would leave less than MINSIZE, so a block can be up to MINSIZE too big, and the next free
 *  chunk of that size does the same. Those bytes were a fragment nothing could use before or
 *  after; they are not what the request costs. On a quiet heap one block is enough. */
std::optional<Measurement> CheapestBlock(const ChunkRule& rule, size_t bytes)
{
    std::array<void*, MAX_BLOCKS> blocks{};
    size_t count{0};
    std::optional<Measurement> cheapest;
    while (count < MAX_BLOCKS) {
        void* block{std::malloc(bytes)};
        if (block == nullptr) break;
        blocks[count++] = block;
        const Measurement measurement{MeasureWith(rule, block, bytes)};
        if (!cheapest || measurement.m_real < cheapest->m_real) cheapest = measurement;
        if (measurement.m_mmapped || measurement.m_real <= rule.HeapChunk(bytes)) break;
    }
    while (count > 0) std::free(blocks[--count]);
    return cheapest;
}

std::string Describe(const std::string& what, size_t request, size_t usable)
{
    return what + " (malloc(" + std::to_string(request) + ") gives " + std::to_string(usable) +
           " usable bytes): malloc is not glibc's (valgrind, a sanitizer or a preloaded allocator?)";
}

/** Check that malloc hands out chunks as glibc does, and learn the rule's constants from it
 *  rather than from the headers: where the allocator differs, say so instead of guessing. */
MeasuringMethod CheckRuntime()
{
    MeasuringMethod method;
    const long page_size{sysconf(_SC_PAGESIZE)};
    if (page_size <= 0 || !IsPowerOfTwo(static_cast<size_t>(page_size))) {
        method.m_unsupported = "the page size is unknown";
        return method;
    }
    // First pass: the step between chunk sizes is glibc's alignment. A fragment handed out
    // whole is bigger by whole steps, so it cannot make the smallest step smaller.
    std::array<size_t, CHECKED_SIZES + 1> chunk{};
    for (size_t request{1}; request <= CHECKED_SIZES; ++request) {
        void* block{std::malloc(request)};
        if (block == nullptr) {
            method.m_unsupported = "malloc(" + std::to_string(request) + ") failed during the start-up check";
            return method;
        }
        const size_t usable{malloc_usable_size(block)};
        std::free(block);
        if (usable < request) {
            method.m_unsupported = Describe("fewer usable bytes than requested", request, usable);
            return method;
        }
        chunk[request] = usable + SIZE_FIELD;
    }
    size_t alignment{std::numeric_limits<size_t>::max()};
    for (size_t request{2}; request <= CHECKED_SIZES; ++request) {
        if (chunk[request] > chunk[request - 1]) alignment = std::min(alignment, chunk[request] - chunk[request - 1]);
    }
    if (!IsPowerOfTwo(alignment) || alignment < 2 * SIZE_FIELD) {
        method.m_unsupported = Describe("usable sizes grow in " + std::to_string(alignment) + "-byte steps", 1,
                                       chunk[1] - SIZE_FIELD);
        return method;
    }
    ChunkRule rule;
    rule.m_header = SIZE_FIELD;
    rule.m_alignment = alignment;
    // glibc's MINSIZE: a free chunk must hold its two size fields and the fd/bk list pointers.
    rule.m_min_chunk = AlignUp(4 * SIZE_FIELD, alignment);
    // An mmapped chunk has no next chunk to lend it a prev_size field, so it carries both.
    rule.m_mmap_header = 2 * SIZE_FIELD;
    rule.m_page_size = static_cast<size_t>(page_size);
    // Second pass: every size must get exactly the chunk the rule says.
    for (size_t request{1}; request <= CHECKED_SIZES; ++request) {
        const auto measurement{CheapestBlock(rule, request)};
        if (measurement && !measurement->m_mmapped && measurement->m_real == rule.HeapChunk(request)) continue;
        method.m_unsupported = measurement ? Describe("a chunk of " + std::to_string(measurement->m_real) +
                                                         " bytes where glibc's rule gives " + std::to_string(rule.HeapChunk(request)),
                                                     request, measurement->m_usable)
                                          : "malloc(" + std::to_string(request) + ") failed during the start-up check";
        return method;
    }
    method.m_rule = rule;
    return method;
}

using detail::Lookup;

/** The allocator's own answer for what malloc(bytes) reserves, where it offers one: jemalloc's
 *  and TCMalloc's nallocx, mimalloc's mi_good_size. */
std::optional<size_t> OwnSizeClass(Allocator allocator, size_t bytes)
{
    if (allocator == Allocator::JEMALLOC || allocator == Allocator::TCMALLOC) {
        static auto* const nallocx{Lookup<size_t(size_t, int)>(allocator == Allocator::JEMALLOC ? "nallocx" : "tc_nallocx")};
        if (nallocx != nullptr) return nallocx(bytes, 0);
    } else if (allocator == Allocator::MIMALLOC) {
        static auto* const mi_good_size{Lookup<size_t(size_t)>("mi_good_size")};
        if (mi_good_size != nullptr) return mi_good_size(bytes);
    }
    return std::nullopt;
}

/** For jemalloc, mimalloc and TCMalloc: every block's usable size must cover its request and
 *  agree with the allocator's own answer for it, over the sizes the start-up check covers. */
void CheckSizeClasses(MeasuringMethod& method)
{
    for (size_t request{1}; request <= CHECKED_SIZES; ++request) {
        void* block{std::malloc(request)};
        if (block == nullptr) {
            method.m_unsupported = "malloc(" + std::to_string(request) + ") failed during the start-up check";
            return;
        }
        const size_t usable{malloc_usable_size(block)};
        std::free(block);
        const auto own{OwnSizeClass(method.m_allocator, request)};
        if (usable < request || (own && *own != usable)) {
            method.m_unsupported = std::string{AllocatorName(method.m_allocator)} + ": malloc(" + std::to_string(request) +
                                  ") gives " + std::to_string(usable) + " usable bytes" +
                                  (own ? ", its own size query " + std::to_string(*own) : std::string{});
            return;
        }
    }
    method.m_size_classes = true;
}

#endif // MEMUSAGE_GLIBC

const MeasuringMethod& ProcessMethod()
{
    static const MeasuringMethod method{[] {
        MeasuringMethod found;
        if (const char* reason{BuildUnsupportedReason()}) {
            found.m_unsupported = reason;
            return found;
        }
#if defined(MEMUSAGE_GLIBC)
        const Allocator allocator{RunningAllocator()};
        if (allocator == Allocator::GLIBC || allocator == Allocator::UNKNOWN) {
            found = CheckRuntime();
            if (found.m_rule) found.m_page_size = found.m_rule->m_page_size;
        } else {
            const long page_size{sysconf(_SC_PAGESIZE)};
            if (page_size > 0) found.m_page_size = static_cast<size_t>(page_size);
            found.m_allocator = allocator;
            CheckSizeClasses(found);
        }
        found.m_allocator = allocator;
#endif
        return found;
    }()};
    return method;
}

std::string Architecture()
{
#if defined(__x86_64__) && defined(__ILP32__)
    return "x32";
#elif defined(__x86_64__) || defined(_M_X64)
    return "x86_64";
#elif defined(__i386__) || defined(_M_IX86)
    return "i386";
#elif defined(__aarch64__) || defined(_M_ARM64)
    return "aarch64";
#elif defined(__arm__) || defined(_M_ARM)
    return "arm";
#elif defined(__powerpc64__)
    return "powerpc64";
#elif defined(__powerpc__)
    return "powerpc";
#elif defined(__riscv)
    return "riscv" + std::to_string(__riscv_xlen);
#elif defined(__s390x__)
    return "s390x";
#elif defined(__loongarch64)
    return "loongarch64";
#elif defined(__mips__)
    return "mips";
#else
    return "unknown";
#endif
}

std::string Compiler()
{
#if defined(__clang__)
    std::string version{__clang_version__};
    while (!version.empty() && version.back() == ' ') version.pop_back();
    return "clang " + version;
#elif defined(__GNUC__)
    return std::string{"GCC "} + __VERSION__;
#elif defined(_MSC_VER)
    return "MSVC " + std::to_string(_MSC_VER);
#else
    return "unknown";
#endif
}

std::string CLibrary()
{
#if defined(MEMUSAGE_GLIBC)
    std::string name{std::string{"glibc "} + gnu_get_libc_version()};
    const std::string built{std::to_string(__GLIBC__) + "." + std::to_string(__GLIBC_MINOR__)};
    if (name != "glibc " + built) name += " (built against " + built + ")";
    return name;
#elif defined(__UCLIBC__)
    return "uClibc";
#elif defined(__BIONIC__)
    return "bionic";
#elif defined(__APPLE__)
    return "Apple libSystem";
#elif defined(__FreeBSD__) || defined(__OpenBSD__) || defined(__NetBSD__)
    return "BSD libc";
#elif defined(_WIN32)
    return "Microsoft C runtime";
#elif defined(__linux__)
    return "not glibc (musl?)";
#else
    return "unknown";
#endif
}

std::string Sanitizers()
{
    std::string list;
    const auto add{[&list](const char* name) { list += (list.empty() ? "" : ",") + std::string{name}; }};
#if defined(MEMUSAGE_SANITIZER_ASAN)
    add("address");
#endif
#if defined(MEMUSAGE_SANITIZER_HWASAN)
    add("hwaddress");
#endif
#if defined(MEMUSAGE_SANITIZER_TSAN)
    add("thread");
#endif
#if defined(MEMUSAGE_SANITIZER_MSAN)
    add("memory");
#endif
    (void)add;
    return list;
}

} // namespace

size_t ChunkRule::HeapChunk(size_t request) const
{
    if (request > SIZE_MAX - m_header - m_alignment) return SIZE_MAX;
    return std::max(m_min_chunk, AlignUp(request + m_header, m_alignment));
}

std::optional<std::string> UnsupportedReason() { return ProcessMethod().m_unsupported; }

bool IsSupported() { return ProcessMethod().m_rule.has_value() || ProcessMethod().m_size_classes; }

std::optional<detail::MallocModel> ModelFor(Allocator allocator)
{
    switch (allocator) {
    case Allocator::GLIBC: return detail::MallocModel::EXACT;
    case Allocator::JEMALLOC: return detail::MallocModel::JEMALLOC;
    case Allocator::MIMALLOC: return detail::MallocModel::MIMALLOC;
    case Allocator::TCMALLOC: return detail::MallocModel::TCMALLOC;
    case Allocator::UNKNOWN: return std::nullopt;
    }
    return std::nullopt;
}

std::optional<ChunkRule> MeasuredChunkRule() { return ProcessMethod().m_rule; }

std::optional<Measurement> MeasureBlock(const void* block, size_t request)
{
#if defined(MEMUSAGE_GLIBC)
    const auto& rule{ProcessMethod().m_rule};
    if (ProcessMethod().m_size_classes) {
        // The block is its size class; the allocator's metadata lives apart from it.
        Measurement measurement;
        measurement.m_request = request;
        if (block == nullptr) return measurement;
        measurement.m_usable = malloc_usable_size(const_cast<void*>(block));
        measurement.m_real = measurement.m_usable;
        return measurement;
    }
    if (!rule) return std::nullopt;
    return MeasureWith(*rule, block, request);
#else
    (void)block;
    (void)request;
    return std::nullopt;
#endif
}

std::optional<Measurement> Measure(size_t bytes)
{
    const auto& rule{ProcessMethod().m_rule};
    if (!rule && !ProcessMethod().m_size_classes) return std::nullopt;
    if (bytes == 0) return Measurement{};
#if defined(MEMUSAGE_GLIBC)
    if (!rule) {
        // Size classes do not depend on the heap's history: one block tells.
        void* block{std::malloc(bytes)};
        if (block == nullptr) return std::nullopt;
        const auto measurement{MeasureBlock(block, bytes)};
        std::free(block);
        return measurement;
    }
    return CheapestBlock(*rule, bytes);
#else
    return std::nullopt;
#endif
}

std::optional<size_t> MeasuredMallocUsage(size_t bytes)
{
    const auto measurement{Measure(bytes)};
    if (!measurement) return std::nullopt;
    return measurement->m_real;
}

Platform DescribePlatform()
{
    Platform platform;
    platform.m_arch = Architecture();
    platform.m_pointer_bits = static_cast<unsigned>(sizeof(void*) * 8);
    platform.m_libc = CLibrary();
    platform.m_compiler = Compiler();
    platform.m_cplusplus = static_cast<long>(__cplusplus);
    platform.m_sanitizers = Sanitizers();
    platform.m_model = MALLOC_MODEL;
    platform.m_allocator = DescribeAllocator();
    platform.m_supported = IsSupported();
    platform.m_unsupported = UnsupportedReason().value_or("");
    return platform;
}

int64_t Sample::Error() const { return SignedDifference(m_model, m_real); }

int64_t SampleRange::Error() const { return SignedDifference(m_model, m_real); }

std::optional<Sweep> RunSweep(const SweepOptions& options)
{
    if (!IsSupported()) return std::nullopt;
    const auto& rule{ProcessMethod().m_rule};
    Sweep sweep;
    sweep.m_coarse_step = ProcessMethod().m_page_size + (rule ? rule->m_alignment : SIZE_CLASS_QUANTUM);
    const size_t max_request{options.m_max_request};
    const size_t fine_limit{std::min(options.m_fine_limit, max_request)};
    // Reserve all at once: growing the vector mid-sweep would free a block above the mmap
    // threshold, and glibc would raise the threshold being measured.
    const size_t coarse_count{max_request > fine_limit ? (max_request - fine_limit) / sweep.m_coarse_step + 1 : 0};
    sweep.m_samples.reserve(fine_limit + coarse_count + 1);

    size_t request{1};
    bool byte_by_byte{true}; // this request is one byte past the previous one
    while (request <= max_request) {
        const auto measurement{Measure(request)};
        if (!measurement) break;
        sweep.m_samples.push_back(Sample{request, MallocUsage(request), measurement->m_real, measurement->m_mmapped});
        if (byte_by_byte) sweep.m_fine_end = request;
        if (measurement->m_mmapped && !sweep.m_mmap_threshold) {
            sweep.m_mmap_threshold = request;
            sweep.m_threshold_exact = byte_by_byte;
        }
        byte_by_byte = !sweep.m_mmap_threshold && request < fine_limit;
        const size_t step{byte_by_byte ? size_t{1} : sweep.m_coarse_step};
        if (request > max_request - std::min(max_request, step)) break;
        request += step;
    }

    const auto split{std::find_if(sweep.m_samples.cbegin(), sweep.m_samples.cend(), [&](const Sample& sample) {
        return sweep.m_mmap_threshold && sample.m_request >= *sweep.m_mmap_threshold;
    })};
    sweep.m_below = Summarize(sweep.m_samples.cbegin(), split);
    sweep.m_above = Summarize(split, sweep.m_samples.cend());
    return sweep;
}

std::vector<SampleRange> GroupRanges(const std::vector<Sample>& samples)
{
    std::vector<SampleRange> ranges;
    for (const Sample& sample : samples) {
        if (!ranges.empty()) {
            SampleRange& last{ranges.back()};
            if (last.m_model == sample.m_model && last.m_real == sample.m_real && last.m_mmapped == sample.m_mmapped) {
                last.m_last = sample.m_request;
                ++last.m_count;
                continue;
            }
        }
        ranges.push_back(SampleRange{sample.m_request, sample.m_request, 1, sample.m_model, sample.m_real, sample.m_mmapped});
    }
    return ranges;
}

ErrorSummary Summarize(std::vector<Sample>::const_iterator first, std::vector<Sample>::const_iterator last)
{
    ErrorSummary summary;
    for (auto it{first}; it != last; ++it) {
        const int64_t error{it->Error()};
        ++summary.m_sizes;
        if (error < 0) ++summary.m_under;
        if (error < summary.m_worst_under) {
            summary.m_worst_under = error;
            summary.m_worst_under_request = it->m_request;
        }
        if (error > summary.m_worst_over) {
            summary.m_worst_over = error;
            summary.m_worst_over_request = it->m_request;
        }
    }
    return summary;
}

int64_t ContainerSample::CoreError() const { return SignedDifference(m_core, m_real); }

int64_t ContainerSample::ExactError() const { return SignedDifference(m_exact, m_real); }

} // namespace probe
} // namespace memusage
