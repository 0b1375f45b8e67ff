// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_MEMUSAGE_MALLOC_H
#define MEMUSAGE_MEMUSAGE_MALLOC_H

#include <memusage/size_classes.h>

#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace memusage {
namespace detail {

/** Core's rounding for a platform with pointers of pointer_size bytes, measured by Core on
 *  glibc 2.19: 64-bit chunks grow in 16-byte steps with 16 bytes of slack, 32-bit in 8-byte
 *  steps with 8. Where Core's sum would wrap around SIZE_MAX we saturate instead, so a huge
 *  request is never charged as a small one. */
constexpr size_t CoreMallocUsage(size_t alloc, size_t pointer_size)
{
    const size_t slack{pointer_size == 8 ? size_t{31} : size_t{15}};
    const unsigned shift{pointer_size == 8 ? 4U : 3U};
    if (alloc == 0) return 0;
    if (alloc > SIZE_MAX - slack) return SIZE_MAX;
    return ((alloc + slack) >> shift) << shift;
}

/** Core's rounding as Core writes it, without the wrap guard: only for the size of a block that
 *  exists, which is at most PTRDIFF_MAX bytes, so the sum cannot wrap. */
constexpr size_t CoreBlockUsage(size_t alloc, size_t pointer_size)
{
    if (alloc == 0) return 0;
    if (pointer_size == 8) return ((alloc + 31) >> 4) << 4;
    return ((alloc + 15) >> 3) << 3;
}

/** glibc's MALLOC_ALIGNMENT on the host this is compiled for: 16 on x86_64, aarch64, riscv64,
 *  powerpc64 (either byte order), s390x, and on i386 since glibc 2.26 (its long double); 8, two
 *  size fields, on 32-bit ARM (malloc(13) there is a 24-byte chunk). memusage-probe measures it
 *  on each (doc/platforms.md). The exact model refuses a host whose figure is not listed here. */
#if defined(__arm__)
inline constexpr size_t GLIBC_MALLOC_ALIGNMENT{8};
#else
inline constexpr size_t GLIBC_MALLOC_ALIGNMENT{16};
#endif

#if defined(MEMUSAGE_MALLOC_MODEL_EXACT)
#if defined(_WIN32)
#error "--with-malloc-model=exact models glibc's malloc; this host is Windows, whose heap is not glibc: use the core model"
#elif defined(__APPLE__)
#error "--with-malloc-model=exact models glibc's malloc; this host is macOS, whose malloc is not glibc: use the core model"
#elif !defined(__GLIBC__)
#error "--with-malloc-model=exact models glibc's malloc; this host's C library is not glibc (a BSD, musl, ...): use the core model"
#elif !(defined(__x86_64__) || defined(__i386__) || defined(__aarch64__) || defined(__arm__) || \
        (defined(__riscv) && __riscv_xlen == 64) || defined(__powerpc64__) || defined(__s390x__))
#error "--with-malloc-model=exact: glibc's MALLOC_ALIGNMENT is not known for this host's architecture (known: x86_64, i386, aarch64, arm, riscv64, powerpc64, powerpc64le, s390x)"
#endif
#endif

/** glibc's heap chunk for malloc(alloc) (its request2size), as memusage-probe measures it: one
 *  size field of header (8 bytes on 64-bit, 4 on 32-bit), steps of alignment (MALLOC_ALIGNMENT,
 *  GLIBC_MALLOC_ALIGNMENT on this host) and a smallest chunk of four size fields rounded up to
 *  it (MINSIZE: 32; 16 on i386 and 32-bit ARM). 0 -> 0: no request, no chunk. Saturates where
 *  the sum would wrap. */
constexpr size_t GlibcChunkSize(size_t alloc, size_t pointer_size, size_t alignment = GLIBC_MALLOC_ALIGNMENT)
{
    const size_t header{pointer_size};
    const size_t align_mask{alignment - 1};
    const size_t min_chunk{(4 * pointer_size + align_mask) & ~align_mask};
    if (alloc == 0) return 0;
    if (alloc > SIZE_MAX - header - align_mask) return SIZE_MAX;
    const size_t chunk{(alloc + header + align_mask) & ~align_mask};
    return chunk < min_chunk ? min_chunk : chunk;
}

/** GlibcChunkSize without the wrap guard, for the size of a block that exists (see
 *  CoreBlockUsage). */
constexpr size_t GlibcBlockUsage(size_t alloc, size_t pointer_size, size_t alignment = GLIBC_MALLOC_ALIGNMENT)
{
    const size_t min_chunk{(4 * pointer_size + alignment - 1) & ~(alignment - 1)};
    if (alloc == 0) return 0;
    const size_t chunk{(alloc + pointer_size + alignment - 1) & ~(alignment - 1)};
    return chunk < min_chunk ? min_chunk : chunk;
}

/** What glibc's malloc(alloc) costs when it serves the request with a mapping of its own
 *  (sysmalloc's mmap path): the heap chunk plus one more size field, and where the alignment
 *  exceeds two size fields (i386), room to correct the mapping's start to it; all rounded up
 *  to whole pages. Never charged by MallocUsage (see there); the probe and the tests use it to
 *  tell how far an mmapped block is from the model. */
constexpr size_t GlibcMmapChunkSize(size_t alloc, size_t pointer_size, size_t page_size, size_t alignment = GLIBC_MALLOC_ALIGNMENT)
{
    const size_t chunk{GlibcChunkSize(alloc, pointer_size, alignment)};
    const size_t extra{pointer_size + (2 * pointer_size == alignment ? 0 : alignment - 1)};
    if (alloc == 0) return 0;
    if (chunk > SIZE_MAX - extra - (page_size - 1)) return SIZE_MAX;
    return (chunk + extra + page_size - 1) / page_size * page_size;
}

/** The malloc models; one is compiled in (COMPILED_MODEL), all stay reachable so the probe
 *  and the tests can compare them in one build. */
enum class MallocModel {
    CORE,     //!< Core's formula, and Core's node shims
    EXACT,    //!< glibc's chunk sizes, and libstdc++'s node layouts
    JEMALLOC, //!< jemalloc's size classes, and libstdc++'s node layouts
    MIMALLOC, //!< mimalloc's size classes, and libstdc++'s node layouts
    TCMALLOC, //!< TCMalloc's (gperftools') size classes, and libstdc++'s node layouts
};

#if (defined(MEMUSAGE_MALLOC_MODEL_EXACT) + defined(MEMUSAGE_MALLOC_MODEL_JEMALLOC) + defined(MEMUSAGE_MALLOC_MODEL_MIMALLOC) + \
     defined(MEMUSAGE_MALLOC_MODEL_TCMALLOC)) > 1
#error "define at most one MEMUSAGE_MALLOC_MODEL_* macro"
#endif

#if defined(MEMUSAGE_MALLOC_MODEL_EXACT)
inline constexpr MallocModel COMPILED_MODEL{MallocModel::EXACT};
#elif defined(MEMUSAGE_MALLOC_MODEL_JEMALLOC)
inline constexpr MallocModel COMPILED_MODEL{MallocModel::JEMALLOC};
#elif defined(MEMUSAGE_MALLOC_MODEL_MIMALLOC)
inline constexpr MallocModel COMPILED_MODEL{MallocModel::MIMALLOC};
#elif defined(MEMUSAGE_MALLOC_MODEL_TCMALLOC)
inline constexpr MallocModel COMPILED_MODEL{MallocModel::TCMALLOC};
#else
inline constexpr MallocModel COMPILED_MODEL{MallocModel::CORE};
#endif

/** How many models there are, for tables indexed by MallocModel. */
inline constexpr size_t MODEL_COUNT{5};

/** Every model but Core's describes a real allocator, and with it the real node layouts of
 *  libstdc++ (Core's shims stay with Core's formula, whose numbers they belong to). */
constexpr bool IsRealAllocatorModel(MallocModel model) { return model != MallocModel::CORE; }

/** f(std::integral_constant<MallocModel, M>{}) for the model M chosen at run time: the one place
 *  that turns a MallocModel value into a template argument. */
template <typename F>
constexpr auto WithModel(MallocModel model, F&& f)
{
    switch (model) {
    case MallocModel::CORE: break;
    case MallocModel::EXACT: return f(std::integral_constant<MallocModel, MallocModel::EXACT>{});
    case MallocModel::JEMALLOC: return f(std::integral_constant<MallocModel, MallocModel::JEMALLOC>{});
    case MallocModel::MIMALLOC: return f(std::integral_constant<MallocModel, MallocModel::MIMALLOC>{});
    case MallocModel::TCMALLOC: return f(std::integral_constant<MallocModel, MallocModel::TCMALLOC>{});
    }
    return f(std::integral_constant<MallocModel, MallocModel::CORE>{});
}

/** Each model's formulas, one specialization per model: Usage(alloc) for any request, saturating
 *  where the sum would wrap, and BlockUsage(alloc) for the size of a block that exists (a
 *  container's buffer, bucket array or chunk, whose size a live object reports: no block
 *  exceeds PTRDIFF_MAX bytes, so the rounding cannot wrap, and leaving out the guard makes each
 *  container overload execute Core's instructions, which bench/callgrind.sh counts). NAME is
 *  the model's name in reports and in --with-malloc-model. */
template <MallocModel MODEL>
struct Model;

/** Core's formula. */
template <>
struct Model<MallocModel::CORE> {
    static constexpr const char* NAME{"core"};
    static constexpr size_t Usage(size_t alloc) { return CoreMallocUsage(alloc, sizeof(void*)); }
    static constexpr size_t BlockUsage(size_t alloc) { return CoreBlockUsage(alloc, sizeof(void*)); }
};

/** glibc's heap chunk, to the byte. Every request glibc serves from its heap costs this, which
 *  includes every request below 128 KiB (M_MMAP_THRESHOLD starts there and glibc only ever
 *  raises it). A request glibc serves with mmap instead costs whole pages (GlibcMmapChunkSize):
 *  up to one page more than this (one page and 16 bytes on i386). Which of the two a large
 *  request gets depends on the run: glibc raises its threshold to the size of each mmapped
 *  block freed (up to 32 MiB on 64-bit, 512 KiB on 32-bit) and mmaps only when neither a free
 *  chunk nor the heap top can hold the request. Charging pages from 128 KiB on would
 *  over-charge every large block of a process whose threshold has moved, so the heap chunk is
 *  charged (doc/accuracy.md says where that stops being exact). */
template <>
struct Model<MallocModel::EXACT> {
    static constexpr const char* NAME{"exact"};
    static constexpr size_t Usage(size_t alloc) { return GlibcChunkSize(alloc, sizeof(void*)); }
    static constexpr size_t BlockUsage(size_t alloc) { return GlibcBlockUsage(alloc, sizeof(void*)); }
};

/** The size class (or the pages of a large block) each allocator reserves, to the byte; where
 *  each stops being exact is said in memusage/size_classes.h and doc/accuracy.md. */
template <>
struct Model<MallocModel::JEMALLOC> {
    static constexpr const char* NAME{"jemalloc"};
    static constexpr size_t Usage(size_t alloc) { return JemallocSizeClass(alloc); }
    static constexpr size_t BlockUsage(size_t alloc) { return JemallocBlockUsage(alloc); }
};

template <>
struct Model<MallocModel::MIMALLOC> {
    static constexpr const char* NAME{"mimalloc"};
    static constexpr size_t Usage(size_t alloc) { return MimallocSizeClass(alloc); }
    static constexpr size_t BlockUsage(size_t alloc) { return MimallocBlockUsage(alloc); }
};

template <>
struct Model<MallocModel::TCMALLOC> {
    static constexpr const char* NAME{"tcmalloc"};
    static constexpr size_t Usage(size_t alloc) { return TcmallocSizeClass(alloc); }
    static constexpr size_t BlockUsage(size_t alloc) { return TcmallocBlockUsage(alloc); }
};

/** The name each model goes by in reports and in --with-malloc-model. */
constexpr const char* ModelName(MallocModel model)
{
    return WithModel(model, [](auto tag) { return Model<decltype(tag)::value>::NAME; });
}

/** MallocUsage under any model, for this platform's pointer width. */
template <MallocModel MODEL>
constexpr size_t ModelMallocUsage(size_t alloc)
{
    return Model<MODEL>::Usage(alloc);
}

/** ModelMallocUsage for the size of a block that exists (see Model). */
template <MallocModel MODEL = COMPILED_MODEL>
constexpr size_t BlockUsage(size_t alloc)
{
    return Model<MODEL>::BlockUsage(alloc);
}

/** What operator new(alloc, std::align_val_t{alignment}) costs, for a block that exists:
 *  PoolResource takes its chunks that way, and every request too large for its pool (a pool
 *  map's bucket array). libstdc++ raises the alignment to at least a pointer's and calls
 *  aligned_alloc. For alignments up to 16 (PoolResource's for every element type aligned to
 *  at most 16), glibc, jemalloc and tcmalloc serve it from malloc's size class for the larger of
 *  the size and the alignment (measured at 8 and 16 for every size up to 1 MiB).
 *  mimalloc 2.0.9 serves anything above its small sizes (128 words) by allocating alignment - 1
 *  bytes more and aligning inside, so a request in the last alignment - 1 bytes of a class costs
 *  the next one: PoolResource's 262144-byte chunk costs 327680 (measured for every size up to
 *  1 MiB). Below that limit it takes the same path unless the page's free list happens to hold
 *  an aligned block: the larger figure is charged there, never the smaller. */
template <MallocModel MODEL = COMPILED_MODEL>
constexpr size_t AlignedBlockUsage(size_t alloc, size_t alignment)
{
    if constexpr (MODEL == MallocModel::MIMALLOC) {
        const size_t align{alignment < sizeof(void*) ? sizeof(void*) : alignment};
        return alloc == 0 ? 0 : BlockUsage<MODEL>(alloc + align - 1);
    } else {
        return BlockUsage<MODEL>(alloc < alignment ? alignment : alloc); // 1 byte at alignment 16 takes a 16-byte class
    }
}

} // namespace detail

static_assert(sizeof(void*) == 8 || sizeof(void*) == 4, "MallocUsage knows 32- and 64-bit platforms only");

/** Name of the malloc model compiled into this build, for reports. */
inline constexpr const char* MALLOC_MODEL{detail::Model<detail::COMPILED_MODEL>::NAME};

/** Compute the total memory used by allocating alloc bytes, under the model compiled in
 *  (detail::Model says what each one charges and why). */
static constexpr inline size_t MallocUsage(size_t alloc)
{
    return detail::Model<detail::COMPILED_MODEL>::Usage(alloc);
}

} // namespace memusage

#endif // MEMUSAGE_MEMUSAGE_MALLOC_H
