// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_MEMUSAGE_SIZE_CLASSES_H
#define MEMUSAGE_MEMUSAGE_SIZE_CLASSES_H

#include <array>
#include <cstddef>
#include <cstdint>

// What jemalloc, mimalloc and tcmalloc reserve for malloc(n): the size class n lands in, or the
// pages of a large block. Each rule is the allocator's own size-class scheme, as its sources
// describe it, for the builds Debian 12 ships (libjemalloc2 5.3.0, libmimalloc2.0 2.0.9,
// libtcmalloc-minimal4 from gperftools 2.10) on x86_64 with 4 KiB pages; memusage-probe and
// test/allocator_tests.cpp hold them against malloc_usable_size for every n in 1..1 MiB.
// Where a rule stops being exact is said at each function and in doc/accuracy.md. 32-bit builds
// get the same byte rules; they were not measured there (mimalloc's classes differ on i386).
// Each function maps 0 to 0 (no request, no block). The *Class functions saturate at SIZE_MAX
// where rounding would wrap; the *Block functions leave the guard out, for the sizes of blocks
// that exist (at most PTRDIFF_MAX bytes), as GlibcBlockUsage does.

namespace memusage {
namespace detail {

/** floor(log2(x)) for x >= 1. */
constexpr unsigned FloorLog2(size_t x)
{
#if defined(__GNUC__) || defined(__clang__)
    return 63U - static_cast<unsigned>(__builtin_clzll(static_cast<unsigned long long>(x)));
#else
    unsigned log{0};
    while (x >>= 1) ++log;
    return log;
#endif
}

/** Four size classes per doubling above 128 bytes: a request in (2^k, 2^(k+1)] rounds up to a
 *  multiple of 2^(k-2). Below, one 8-byte class and then 16-byte steps (the quantum). This is
 *  jemalloc's scheme (SC_LG_NGROUP = 2, LG_QUANTUM = 4, LG_TINY_MIN = 3) from its smallest class
 *  to its largest, and mimalloc's for its small and medium blocks (bins of 12.5% steps over
 *  words, sizes up to 8 words rounded to 2 words because it aligns to 16). Without wrap guard. */
constexpr size_t QuarterStepBlock(size_t alloc)
{
    if (alloc <= 8) return alloc == 0 ? 0 : 8;
    if (alloc <= 128) return (alloc + 15) & ~size_t{15};
    const size_t step_mask{(size_t{1} << (FloorLog2(alloc - 1) - 2)) - 1};
    return (alloc + step_mask) & ~step_mask;
}

/** QuarterStepBlock for any request: SIZE_MAX where the rounding would wrap. */
constexpr size_t QuarterStepClass(size_t alloc)
{
    if (alloc > 128) {
        const size_t step_mask{(size_t{1} << (FloorLog2(alloc - 1) - 2)) - 1};
        if (alloc > SIZE_MAX - step_mask) return SIZE_MAX;
    }
    return QuarterStepBlock(alloc);
}

/** jemalloc 5.3.0: every request, small (up to 14 KiB, in slabs) and large (whole extents, from
 *  16 KiB) alike, gets its size class, four per doubling; malloc_usable_size reports exactly the
 *  class, also for large blocks, whose extents carry their page of padding (cache-oblivious
 *  layout) outside the usable size. Exact up to jemalloc's largest class (above it malloc
 *  fails). The arithmetic of the classes holds for any build with a 16-byte quantum. */
constexpr size_t JemallocSizeClass(size_t alloc) { return QuarterStepClass(alloc); }
constexpr size_t JemallocBlockUsage(size_t alloc) { return QuarterStepBlock(alloc); }

/** mimalloc 2.0.9 serves up to 128 KiB (MI_MEDIUM_OBJ_SIZE_MAX) from its size bins (see
 *  QuarterStepBlock). A larger block has a page of its own, and its usable size is that page:
 *  whole 64 KiB slices (MI_SEGMENT_SLICE_SIZE) up to 512 KiB, whole 512 KiB medium pages
 *  (MI_MEDIUM_PAGE_SIZE) above; huge blocks, above 8 MiB, are their own segment, rounded by
 *  _mi_os_good_alloc_size to 1 MiB up to 32 MiB and to 4 MiB beyond. Measured exact for every
 *  request up to 1 MiB and, in 512-byte steps, up to 80 MiB. */
constexpr size_t MimallocBlockUsage(size_t alloc)
{
    constexpr size_t KIB{1024}, MIB{1024 * KIB};
    if (alloc <= 128 * KIB) return QuarterStepBlock(alloc);
    const size_t unit{alloc <= 512 * KIB ? 64 * KIB : alloc <= 8 * MIB ? 512 * KIB : alloc <= 32 * MIB ? MIB : 4 * MIB};
    return (alloc + unit - 1) & ~(unit - 1);
}

constexpr size_t MimallocSizeClass(size_t alloc)
{
    if (alloc > SIZE_MAX - (4 * 1024 * 1024 - 1)) return SIZE_MAX;
    return MimallocBlockUsage(alloc);
}

/** gperftools 2.10 (TCMalloc), 8 KiB pages (kPageShift 13), the default transfer batch of 32
 *  objects (TCMALLOC_TRANSFER_NUM_OBJ): its size classes up to kMaxSize, 256 KiB. SizeMap::Init
 *  derives them by stepping through sizes at an alignment of 8 bytes, 16 from 16 bytes on and
 *  an eighth of the power of two below from 128 bytes on, giving each size the fewest pages
 *  that waste at most an eighth and hold enough objects for a transfer, and folding a size into
 *  the class below when both fill the same pages with as many objects. Those rules are
 *  irregular enough that the 85 classes they give are listed as they come out (the tests derive
 *  them again from the rules, and measure them under tcmalloc). */
inline constexpr std::array<uint32_t, 85> TCMALLOC_CLASSES{
    8, 16, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320, 352, 384, 416, 448,
    480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048, 2304, 2560, 2816, 3072, 3328,
    4096, 4608, 5120, 6144, 6656, 8192, 9216, 10240, 12288, 13312, 16384, 20480, 24576, 26624, 32768, 40960,
    49152, 57344, 65536, 73728, 81920, 90112, 98304, 106496, 114688, 122880, 131072, 139264, 147456, 155648,
    163840, 172032, 180224, 188416, 196608, 204800, 212992, 221184, 229376, 237568, 245760, 253952, 262144};

/** TCMalloc's own index into its classes (SizeMap::ClassIndex): 8-byte granules up to 1 KiB,
 *  128-byte granules above, so that every granule lies within one class. */
constexpr size_t TcmallocClassIndex(size_t alloc)
{
    return alloc <= 1024 ? (alloc + 7) >> 3 : (alloc + 127 + (120 << 7)) >> 7;
}

constexpr size_t TCMALLOC_MAX_SIZE{262144};
constexpr size_t TCMALLOC_PAGE_SIZE{8192};

/** The class of each granule, computed once at compile time from TCMALLOC_CLASSES. */
inline constexpr auto TCMALLOC_CLASS_OF_INDEX{[] {
    std::array<uint32_t, TcmallocClassIndex(TCMALLOC_MAX_SIZE) + 1> table{};
    size_t cls{0};
    for (size_t index{0}; index < table.size(); ++index) {
        const size_t largest{index <= 128 ? index * 8 : index * 128 - (120 << 7)}; // largest request of the granule
        while (TCMALLOC_CLASSES[cls] < largest) ++cls;
        table[index] = TCMALLOC_CLASSES[cls];
    }
    return table;
}()};

/** A request up to 256 KiB gets its class; a larger one a span of whole 8 KiB pages from the
 *  page heap, which malloc_usable_size reports in full. Exact at every size. */
constexpr size_t TcmallocBlockUsage(size_t alloc)
{
    if (alloc <= TCMALLOC_MAX_SIZE) return alloc == 0 ? 0 : TCMALLOC_CLASS_OF_INDEX[TcmallocClassIndex(alloc)];
    return (alloc + TCMALLOC_PAGE_SIZE - 1) & ~(TCMALLOC_PAGE_SIZE - 1);
}

constexpr size_t TcmallocSizeClass(size_t alloc)
{
    if (alloc > SIZE_MAX - (TCMALLOC_PAGE_SIZE - 1)) return SIZE_MAX;
    return TcmallocBlockUsage(alloc);
}

} // namespace detail
} // namespace memusage

#endif // MEMUSAGE_MEMUSAGE_SIZE_CLASSES_H
