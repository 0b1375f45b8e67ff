// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_TEST_UTIL_GLIBC_H
#define MEMUSAGE_TEST_UTIL_GLIBC_H

#include <cstddef>
#include <cstdlib>

// The tests decide on their own whether glibc's malloc serves this process, so that a probe
// which wrongly calls itself unsupported fails the tests instead of skipping them.

#if defined(__GLIBC__) && !defined(__UCLIBC__)
#define MEMUSAGE_TEST_GLIBC 1
#include <malloc.h>
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_HWADDRESS__) || defined(__SANITIZE_THREAD__)
#define MEMUSAGE_TEST_MALLOC_REPLACED 1
#endif
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(hwaddress_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define MEMUSAGE_TEST_MALLOC_REPLACED 1
#endif
#endif

/** Whether glibc's own malloc serves this process: a glibc build without a sanitizer, and not
 *  replaced at run time (valgrind, a preloaded allocator), which shows in malloc(1): glibc gives
 *  it a chunk of four size fields (MINSIZE), of which all but one are usable. */
inline bool GlibcMallocRuns()
{
#if !defined(MEMUSAGE_TEST_GLIBC) || defined(MEMUSAGE_TEST_MALLOC_REPLACED)
    return false;
#else
    void* block{std::malloc(1)};
    const size_t usable{malloc_usable_size(block)};
    std::free(block);
    return usable + sizeof(size_t) == 4 * sizeof(size_t);
#endif
}

#endif // MEMUSAGE_TEST_UTIL_GLIBC_H
