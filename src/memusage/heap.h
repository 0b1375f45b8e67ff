// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_MEMUSAGE_HEAP_H
#define MEMUSAGE_MEMUSAGE_HEAP_H

#include <cstddef>
#include <optional>
#include <string>

/** The heap figure: what the running allocator itself counts as live, for a node to set beside
 *  its accounted figures (a UsageReport's remainder). Compiled into libmemusage.a; the probe
 *  reads the heap through the same functions. The allocator is found at run time, so one
 *  build serves glibc's malloc and jemalloc, mimalloc or tcmalloc preloaded or linked. */
namespace memusage {

/** The allocators whose statistics can be read, recognised by the entry point each exports
 *  (mallctl, mi_version, tc_version, gnu_get_libc_version) living in the same object as the
 *  malloc this process calls. */
enum class Allocator {
    GLIBC,
    JEMALLOC,
    MIMALLOC,
    TCMALLOC,
    UNKNOWN,
};

/** The allocator serving this process's malloc, decided once. UNKNOWN in sanitizer builds and
 *  where the C library is not glibc. valgrind redirects malloc without changing what the
 *  dynamic linker resolves, so under it this still says GLIBC (ReadHeapStats() finds out). */
Allocator RunningAllocator();

/** "glibc", "jemalloc", "mimalloc", "tcmalloc" or "unknown". */
const char* AllocatorName(Allocator allocator);

/** The running allocator's name and version as it reports them ("glibc 2.36", "jemalloc
 *  5.3.0-0-g54eaed1d8b56b1aa528be3bdd1877e59c56fa90c"); the name alone where it tells no version. */
std::string DescribeAllocator();

/** What the running allocator counts as live: a plain aggregate, as Core's structs of plain data are. */
struct HeapStats {
    /** Bytes in live blocks as the allocator counts them: glibc's chunks with their headers
     *  (mallinfo2 uordblks + hblkhd, every arena, freed chunks held in a thread's tcache
     *  included); jemalloc's and tcmalloc's size classes of live blocks; mimalloc's usable size
     *  of each live block. */
    size_t in_use{0};
    /** DescribeAllocator(). */
    std::string allocator;
    /** The allocator, as RunningAllocator() says. */
    Allocator kind{Allocator::UNKNOWN};
    /** False for mimalloc, which keeps no process-wide count of live bytes: in_use is then the
     *  calling thread's default heap, visited block by block. */
    bool whole_process{true};
};

/** The running allocator's own count of live bytes, or std::nullopt where it cannot be read
 *  faithfully: an unknown allocator, a sanitizer's or valgrind's, a C library other than glibc
 *  (Windows, musl, macOS), glibc before 2.33 (no mallinfo2; mallinfo's int fields wrap at
 *  2 GiB), jemalloc built without statistics. Never a guess. Under jemalloc it flushes the
 *  calling thread's cache first (its statistics count cached blocks as allocated). Under
 *  glibc, calls check that its statistics follow this process's mallocs (one 48 KiB block must
 *  move them by exactly its chunk) until that has been seen once; after that each call is one
 *  statistics read (doc/api.md gives the measured cost). Thread-safe. */
std::optional<HeapStats> ReadHeapStats();

/** Why ReadHeapStats() returns std::nullopt here, or std::nullopt when it answers. */
std::optional<std::string> HeapStatsUnavailableReason();

} // namespace memusage

#endif // MEMUSAGE_MEMUSAGE_HEAP_H
