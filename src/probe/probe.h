// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_PROBE_PROBE_H
#define MEMUSAGE_PROBE_PROBE_H

#include <memusage/heap.h>
#include <memusage/malloc.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

/** The probe: what the running allocator really charges for a request, next to what the
 *  compiled malloc model (memusage::MallocUsage) says.
 *
 *  Four allocators can be read back. glibc's malloc: a block's cost is malloc_usable_size()
 *  plus the chunk header. jemalloc, mimalloc and TCMalloc (gperftools), linked or preloaded:
 *  a block's cost is malloc_usable_size(), its size class (their metadata lives apart from
 *  the blocks), which the start-up check holds against each one's own answer (nallocx,
 *  mi_good_size, tc_nallocx). Everywhere else (another C library, a sanitizer's or valgrind's
 *  allocator, an allocator not recognised) every measuring function returns an empty
 *  optional: "unsupported" is said, never guessed.
 *
 *  Part of libmemusage_probe.a, for memusage-probe and the tests; not installed. A node has no
 *  reason to include it: the sweep and the container samples allocate on purpose (up to the
 *  sweep's largest request, and 100000-element containers), which is a measuring program's
 *  business, not a node's; a node's own heap figure is ReadHeapStats() (<memusage/heap.h>).
 *
 *  Measuring allocates and frees real memory. Like any program that frees a large block,
 *  RunSweep() moves glibc's dynamic mmap threshold for the rest of the process (it ends near the
 *  sweep's largest request; glibc caps it at 32 MiB on 64-bit and 512 KiB on 32-bit). */
namespace memusage {
namespace probe {

// The allocator running, as <memusage/heap.h> finds it: one copy of that code for the probe and
// for ReadHeapStats.
using memusage::Allocator;
using memusage::AllocatorName;
using memusage::RunningAllocator;

/** The malloc model that describes an allocator exactly (glibc: the exact model), if any. */
std::optional<detail::MallocModel> ModelFor(Allocator allocator);

/** What one malloc really cost. */
struct Measurement {
    size_t m_request{0};   //!< bytes asked of malloc
    size_t m_usable{0};    //!< malloc_usable_size() of the block
    size_t m_real{0};      //!< bytes consumed: m_usable plus the chunk header; whole pages if mmapped
    bool m_mmapped{false}; //!< served by a mapping of its own (above the mmap threshold)
};

/** Allocate bytes, read back what it cost, free it. On a fragmented heap glibc may hand out a
 *  free chunk whole, up to MINSIZE bigger than the request needs; that fragment is not the
 *  request's cost, so up to 1024 blocks are held until one is not bigger than glibc's chunk rule
 *  (ChunkRule::HeapChunk) or is mmapped, and the cheapest one counts. 0 bytes: no request, a
 *  zero Measurement (the model's 0 -> 0). Empty where unsupported or when malloc fails. */
std::optional<Measurement> Measure(size_t bytes);

/** What a block already obtained from malloc() (or from an operator new that calls it) costs:
 *  lets a caller measure a container's own buffer, and a test compare with the chunk header.
 *  request is only recorded. A null block costs nothing. Empty where unsupported. */
std::optional<Measurement> MeasureBlock(const void* block, size_t request);

/** Bytes the running allocator really consumes for malloc(bytes): the probe's counterpart of
 *  memusage::MallocUsage(bytes). Empty where unsupported or when malloc fails. */
std::optional<size_t> MeasuredMallocUsage(size_t bytes);

/** Why the probe cannot measure on this platform, or empty when it can. Decided once per
 *  process: at build time (C library, sanitizers), then by a run-time check that malloc hands
 *  out chunks the way glibc does. */
std::optional<std::string> UnsupportedReason();

/** True when Measure() and MeasuredMallocUsage() give answers. */
bool IsSupported();

/** glibc's chunk rule as observed in this process at start-up (not taken from headers).
 *  64-bit: header 8, alignment 16, minimum 32; i386 since glibc 2.26: header 4, alignment 16,
 *  minimum 16. */
struct ChunkRule {
    size_t m_header{0};      //!< bytes per heap chunk on top of the usable size (SIZE_SZ)
    size_t m_alignment{0};   //!< heap chunk sizes are multiples of this (MALLOC_ALIGNMENT)
    size_t m_min_chunk{0};   //!< smallest chunk, what malloc(1) costs (MINSIZE)
    size_t m_mmap_header{0}; //!< header of an mmapped chunk (2 * SIZE_SZ)
    size_t m_page_size{0};   //!< an mmapped chunk is a whole number of these

    /** Heap chunk for a request (glibc's request2size): max(m_min_chunk, request + m_header
     *  rounded up to m_alignment). Never reported as a measurement: Measure() only uses it to
     *  recognize a block handed out from a fragment. */
    size_t HeapChunk(size_t request) const;
};

/** The observed chunk rule, or empty where unsupported. */
std::optional<ChunkRule> MeasuredChunkRule();

/** Where the probe runs: everything a report needs to be read months later. */
struct Platform {
    std::string m_arch;            //!< e.g. "x86_64", "i386", "aarch64"
    unsigned m_pointer_bits{0};    //!< 64 or 32
    std::string m_libc;            //!< e.g. "glibc 2.36", from gnu_get_libc_version() at run time
    std::string m_compiler;        //!< e.g. "GCC 12.2.0", "clang 14.0.6"
    long m_cplusplus{0};           //!< __cplusplus the library was built with
    std::string m_sanitizers;      //!< e.g. "address,undefined"; empty when none is known
    std::string m_model;           //!< memusage::MALLOC_MODEL
    std::string m_allocator;       //!< DescribeAllocator(): AllocatorName(RunningAllocator()), with its version where it tells
    bool m_supported{false};       //!< IsSupported()
    std::string m_unsupported;     //!< UnsupportedReason(), empty when supported
};

/** Describe the platform. Always answers, supported or not. */
Platform DescribePlatform();

/** One request of a sweep: the model against the allocator. */
struct Sample {
    size_t m_request{0};
    size_t m_model{0};     //!< memusage::MallocUsage(m_request)
    size_t m_real{0};      //!< MeasuredMallocUsage(m_request)
    bool m_mmapped{false};

    /** m_model - m_real: negative when the model under-estimates. */
    int64_t Error() const;
};

/** Consecutive samples of a sweep with the same model bytes, real bytes and mmap state. */
struct SampleRange {
    size_t m_first{0};   //!< request of the first sample
    size_t m_last{0};    //!< request of the last sample
    size_t m_count{0};   //!< samples in the range (fewer than m_last - m_first + 1 where the sweep stepped)
    size_t m_model{0};
    size_t m_real{0};
    bool m_mmapped{false};

    int64_t Error() const;
};

/** Model error over a set of samples. */
struct ErrorSummary {
    size_t m_sizes{0};              //!< samples summarized
    size_t m_under{0};              //!< samples the model under-estimates
    int64_t m_worst_under{0};       //!< most negative error, 0 when none is negative
    size_t m_worst_under_request{0};
    int64_t m_worst_over{0};        //!< most positive error, 0 when none is positive
    size_t m_worst_over_request{0};
};

/** Sizes a sweep covers. */
struct SweepOptions {
    /** Largest request to measure. The default reaches well into glibc's mmap region. */
    size_t m_max_request{size_t{4} << 20};
    /** Every size from 1 is measured until the first mmapped chunk or this size, whichever
     *  comes first; then the sweep steps by one page plus one alignment step. */
    size_t m_fine_limit{size_t{256} << 10};
};

/** Result of RunSweep(). */
struct Sweep {
    std::vector<Sample> m_samples;          //!< by increasing request
    size_t m_fine_end{0};                   //!< last request of the byte-by-byte part
    size_t m_coarse_step{0};                //!< step after it: page size + alignment
    std::optional<size_t> m_mmap_threshold; //!< first request that came back mmapped
    bool m_threshold_exact{false};          //!< the request one byte below it was measured on the heap
    ErrorSummary m_below;                   //!< requests below m_mmap_threshold (all when none was mmapped)
    ErrorSummary m_above;                   //!< requests from m_mmap_threshold on
};

/** Measure request sizes 1..options.m_max_request in increasing order and compare each with the
 *  compiled model. Above the threshold the step is one page plus one alignment step, for two
 *  reasons: each request then stays above the threshold that glibc raised when the previous
 *  one was freed (so the region really is measured), and successive requests walk through every
 *  position within a page (so the worst case of page rounding is seen). Empty where
 *  unsupported. Stops early, without error, if malloc fails. */
std::optional<Sweep> RunSweep(const SweepOptions& options = {});

/** Group consecutive samples with the same (model, real, mmapped) into ranges. Every sample
 *  lands in exactly one range, in order. */
std::vector<SampleRange> GroupRanges(const std::vector<Sample>& samples);

/** Summarize the model's error over [first, last). */
ErrorSummary Summarize(std::vector<Sample>::const_iterator first, std::vector<Sample>::const_iterator last);

/** One standard container built to one size, its live allocations read back block by block,
 *  next to what each malloc model's DynamicUsage says for it. Every model is computed in every
 *  build, through memusage::detail (standard.h); m_compiled names the one MallocUsage uses. */
struct ContainerSample {
    std::string m_container;      //!< e.g. "std::set<int64_t>"
    size_t m_elements{0};         //!< elements (for unique_ptr and shared_ptr: bytes of the object, 0 null)
    size_t m_blocks{0};           //!< live allocations
    size_t m_real{0};             //!< what they really cost, each measured as MeasureBlock() does
    size_t m_core{0};             //!< DynamicUsage under the core model
    size_t m_exact{0};            //!< DynamicUsage under the exact model
    std::array<size_t, detail::MODEL_COUNT> m_usage{}; //!< DynamicUsage under each model, by MallocModel
    size_t m_mmapped{0};          //!< blocks glibc served with mmap (whole pages)
    size_t m_mmap_excess{0};      //!< what those pages cost beyond the heap chunk of their request
    size_t m_fragments{0};        //!< heap blocks handed out bigger than their request's chunk
    size_t m_fragment_excess{0};  //!< bytes those were bigger by (each less than glibc's MINSIZE)
    bool m_bound{false};          //!< the models charge an upper bound here by design (make_shared: the
                                  //!< pointer cannot tell it from a separate allocation)

    size_t Usage(detail::MallocModel model) const { return m_usage[static_cast<size_t>(model)]; }
    int64_t CoreError() const;    //!< m_core - m_real
    int64_t ExactError() const;   //!< m_exact - m_real
    /** What the heap chunk rule charges for the requests made: m_real without the two excesses
     *  above, which no per-request model can predict (doc/accuracy.md). */
    size_t HeapEquivalent() const;
};

/** Sizes the container section builds each container at. */
struct ContainerOptions {
    std::vector<size_t> m_sizes{0, 1, 10, 1000, 100000};
};

/** Build std::vector, std::string, std::set, std::map, std::multimap, std::list,
 *  std::unordered_set/map (int64_t, std::string and 32-byte keys), prevector, std::unique_ptr
 *  and std::shared_ptr (make_shared and separate) at each size, recording every allocation
 *  (through a stateless allocator, so node layouts are those of std::allocator; prevector,
 *  unique_ptr: the block itself), and compare. Empty where unsupported. */
std::optional<std::vector<ContainerSample>> RunContainers(const ContainerOptions& options = {});

} // namespace probe
} // namespace memusage

#endif // MEMUSAGE_PROBE_PROBE_H
