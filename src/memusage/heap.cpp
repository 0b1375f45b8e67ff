// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#include <memusage/heap.h>

#include <internal/glibc.h>
#include <internal/sanitizers.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

namespace memusage {
namespace {

#if defined(MEMUSAGE_GLIBC)

/** The object (shared library or executable) that defines the symbol name as this process
 *  resolves it, or nullptr. */
const void* DefiningObject(const char* name)
{
    void* symbol{dlsym(RTLD_DEFAULT, name)};
    if (symbol == nullptr) return nullptr;
    Dl_info info{};
    if (dladdr(symbol, &info) == 0) return nullptr;
    return info.dli_fbase;
}

/** Which allocator's malloc this process calls: the one whose own entry point sits in the same
 *  object as malloc. Being loaded is not enough: a library may export mallctl without serving
 *  malloc. */
Allocator DetectAllocator()
{
    const void* malloc_object{DefiningObject("malloc")};
    if (malloc_object == nullptr) return Allocator::UNKNOWN;
    if (DefiningObject("mallctl") == malloc_object) return Allocator::JEMALLOC;
    if (DefiningObject("mi_version") == malloc_object) return Allocator::MIMALLOC;
    if (DefiningObject("tc_version") == malloc_object) return Allocator::TCMALLOC;
    if (DefiningObject("gnu_get_libc_version") == malloc_object) return Allocator::GLIBC;
    return Allocator::UNKNOWN;
}

using detail::Lookup;

using Mallctl = int(const char*, void*, size_t*, void*, size_t);

/** The allocator's version as it reports it, or empty. */
std::string AllocatorVersion(Allocator allocator)
{
    switch (allocator) {
    case Allocator::GLIBC: return gnu_get_libc_version();
    case Allocator::JEMALLOC:
        if (Mallctl* mallctl{Lookup<Mallctl>("mallctl")}) {
            const char* version{nullptr};
            size_t length{sizeof(version)};
            if (mallctl("version", &version, &length, nullptr, 0) == 0 && version != nullptr) return version;
        }
        return "";
    case Allocator::MIMALLOC:
        if (auto* mi_version{Lookup<int()>("mi_version")}) {
            const int version{mi_version()}; // major * 100 + minor * 10 + patch
            return std::to_string(version / 100) + "." + std::to_string(version / 10 % 10) + "." + std::to_string(version % 10);
        }
        return "";
    case Allocator::TCMALLOC:
        if (auto* tc_version{Lookup<const char*(int*, int*, const char**)>("tc_version")}) {
            int major{0}, minor{0};
            const char* patch{nullptr};
            if (const char* version{tc_version(&major, &minor, &patch)}) return version;
        }
        return "";
    case Allocator::UNKNOWN: return "";
    }
    return "";
}

#if __GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33)
#define MEMUSAGE_HEAP_MALLINFO2 1
/** glibc: chunks in use in every arena (with their size fields), and mmapped chunks. */
size_t GlibcInUse()
{
    const struct mallinfo2 info{mallinfo2()};
    return info.uordblks + info.hblkhd;
}

/** Whether mallinfo2 follows this process's malloc: one block's chunk must move it by exactly
 *  what malloc_usable_size says the chunk is (usable + one size field on the heap, + two if
 *  mmapped). Under valgrind, which serves malloc itself while dlsym still finds glibc's, it
 *  does not (glibc never sees the block, and valgrind's malloc_usable_size is the request).
 *  Another thread may allocate between the two reads: a few attempts, one exact match. */
bool GlibcStatisticsFollowMalloc()
{
    // Above tcache's largest size (1032 bytes on 64-bit), so no freed chunk sits between the
    // block and the arena; below the smallest mmap threshold (128 KiB).
    constexpr size_t REQUEST{48 * 1024};
    for (int attempt{0}; attempt < 8; ++attempt) {
        const size_t before{GlibcInUse()};
        void* block{std::malloc(REQUEST)};
        if (block == nullptr) return false;
        const size_t after{GlibcInUse()};
        const size_t usable{malloc_usable_size(block)};
        std::free(block);
        if (usable < REQUEST || after < before) continue;
        const size_t moved{after - before};
        if (moved == usable + sizeof(size_t) || moved == usable + 2 * sizeof(size_t)) return true;
    }
    return false;
}
#endif

/** jemalloc: its statistics are a snapshot taken when "epoch" is written, and count the blocks
 *  the calling thread's cache holds as allocated, so that cache is flushed first. */
std::optional<size_t> JemallocAllocated()
{
    static Mallctl* const mallctl{Lookup<Mallctl>("mallctl")};
    if (!mallctl) return std::nullopt;
    mallctl("thread.tcache.flush", nullptr, nullptr, nullptr, 0); // fails harmlessly without a cache
    uint64_t epoch{1};
    size_t epoch_size{sizeof(epoch)};
    if (mallctl("epoch", &epoch, &epoch_size, &epoch, epoch_size) != 0) return std::nullopt;
    size_t allocated{0};
    size_t allocated_size{sizeof(allocated)};
    if (mallctl("stats.allocated", &allocated, &allocated_size, nullptr, 0) != 0) return std::nullopt;
    return allocated;
}

/** tcmalloc (gperftools): MallocExtension's C entry point. */
std::optional<size_t> TcmallocAllocated()
{
    using GetProperty = int(const char*, size_t*);
    static GetProperty* const get{Lookup<GetProperty>("MallocExtension_GetNumericProperty")};
    size_t allocated{0};
    if (!get || !get("generic.current_allocated_bytes", &allocated)) return std::nullopt;
    return allocated;
}

/** mimalloc keeps no running total of live bytes: visit every live block of the calling
 *  thread's default heap and add up each one's usable size (the visitor's own block size is
 *  the page's for a large block, more than the block can use). */
std::optional<size_t> MimallocAllocated()
{
    using UsableSize = size_t(const void*);
    using Visitor = bool(const void* heap, const void* area, void* block, size_t block_size, void* arg);
    using GetDefault = void*();
    using VisitBlocks = bool(const void* heap, bool visit_all_blocks, Visitor* visitor, void* arg);
    using Collect = void(bool);
    struct Sum {
        UsableSize* m_usable;
        size_t m_total;
    };
    Sum sum{Lookup<UsableSize>("mi_usable_size"), 0};
    GetDefault* get_default{Lookup<GetDefault>("mi_heap_get_default")};
    VisitBlocks* visit{Lookup<VisitBlocks>("mi_heap_visit_blocks")};
    if (!sum.m_usable || !get_default || !visit) return std::nullopt;
    // Freed blocks still listed in their pages count as used until collected.
    if (Collect* collect{Lookup<Collect>("mi_collect")}) collect(true);
    Visitor* add{[](const void*, const void*, void* block, size_t, void* arg) {
        Sum& s{*static_cast<Sum*>(arg)};
        if (block) s.m_total += s.m_usable(block); // called once per area with no block, then per block
        return true;
    }};
    if (!visit(get_default(), true, add, &sum)) return std::nullopt;
    return sum.m_total;
}

#endif // MEMUSAGE_GLIBC

/** Where this process's heap figure comes from, decided once: the allocator and, where its
 *  statistics cannot be trusted, why. */
struct HeapSource {
    Allocator m_allocator{Allocator::UNKNOWN};
    std::string m_description{"unknown"};
    std::optional<std::string> m_unavailable;
};

HeapSource FindHeapSource()
{
    HeapSource source;
    if (const char* reason{detail::SanitizerAllocatorReason()}) {
        source.m_unavailable = reason;
        return source;
    }
#if defined(MEMUSAGE_GLIBC)
    source.m_allocator = DetectAllocator();
    const std::string version{AllocatorVersion(source.m_allocator)};
    source.m_description = AllocatorName(source.m_allocator) + (version.empty() ? "" : " " + version);
    switch (source.m_allocator) {
    case Allocator::GLIBC:
#if !defined(MEMUSAGE_HEAP_MALLINFO2)
        source.m_unavailable = "glibc before 2.33 has no mallinfo2, and mallinfo's int fields wrap at 2 GiB";
#endif
        break; // whether mallinfo2 follows malloc is checked by GlibcVerified()
    case Allocator::JEMALLOC:
    case Allocator::MIMALLOC:
    case Allocator::TCMALLOC: break;
    case Allocator::UNKNOWN: source.m_unavailable = "the allocator serving malloc is not recognised"; break;
    }
#else
    source.m_unavailable = "the C library is not glibc, and no other C library's statistics are read";
#endif
    return source;
}

const HeapSource& ProcessHeapSource()
{
    static const HeapSource source{FindHeapSource()};
    return source;
}

#if defined(MEMUSAGE_HEAP_MALLINFO2)
/** Whether glibc's statistics have been seen to follow malloc (GlibcStatisticsFollowMalloc).
 *  Success is kept; a failure is not, since threads allocating during every attempt can make
 *  one, so the check runs again on the next call (under valgrind, on every call: a few
 *  microseconds). */
bool GlibcVerified()
{
    static std::atomic<bool> verified{false};
    if (verified.load(std::memory_order_relaxed)) return true;
    if (!GlibcStatisticsFollowMalloc()) return false;
    verified.store(true, std::memory_order_relaxed);
    return true;
}
#endif

/** The statistics themselves, once the heap source allows them. */
std::optional<size_t> ReadInUse(Allocator allocator)
{
#if defined(MEMUSAGE_GLIBC)
    switch (allocator) {
    case Allocator::GLIBC:
#if defined(MEMUSAGE_HEAP_MALLINFO2)
        if (!GlibcVerified()) return std::nullopt;
        return GlibcInUse();
#else
        return std::nullopt;
#endif
    case Allocator::JEMALLOC: return JemallocAllocated();
    case Allocator::MIMALLOC: return MimallocAllocated();
    case Allocator::TCMALLOC: return TcmallocAllocated();
    case Allocator::UNKNOWN: return std::nullopt;
    }
#else
    (void)allocator;
#endif
    return std::nullopt;
}

} // namespace

Allocator RunningAllocator() { return ProcessHeapSource().m_allocator; }

const char* AllocatorName(Allocator allocator)
{
    switch (allocator) {
    case Allocator::GLIBC: return "glibc";
    case Allocator::JEMALLOC: return "jemalloc";
    case Allocator::MIMALLOC: return "mimalloc";
    case Allocator::TCMALLOC: return "tcmalloc";
    case Allocator::UNKNOWN: return "unknown";
    }
    return "unknown";
}

std::string DescribeAllocator() { return ProcessHeapSource().m_description; }

std::optional<HeapStats> ReadHeapStats()
{
    const HeapSource& source{ProcessHeapSource()};
    if (source.m_unavailable) return std::nullopt;
    const std::optional<size_t> in_use{ReadInUse(source.m_allocator)};
    if (!in_use) return std::nullopt;
    HeapStats stats;
    stats.in_use = *in_use;
    stats.allocator = source.m_description;
    stats.kind = source.m_allocator;
    stats.whole_process = source.m_allocator != Allocator::MIMALLOC;
    return stats;
}

std::optional<std::string> HeapStatsUnavailableReason()
{
    const HeapSource& source{ProcessHeapSource()};
    if (source.m_unavailable) return source.m_unavailable;
    if (!ReadInUse(source.m_allocator)) {
        if (source.m_allocator == Allocator::GLIBC) {
            return std::string{"glibc's mallinfo2 does not follow this process's malloc (valgrind, or an allocator that is "
                               "not recognised?)"};
        }
        return std::string{AllocatorName(source.m_allocator)} + "'s statistics cannot be read (built without them?)";
    }
    return std::nullopt;
}

} // namespace memusage
