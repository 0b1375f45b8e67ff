// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_INTERNAL_SANITIZERS_H
#define MEMUSAGE_INTERNAL_SANITIZERS_H

// Which sanitizers this translation unit is built with, for the library's .cpp files only (not
// installed). Each of these replaces malloc with its own allocator: its malloc_usable_size()
// reports the request rather than a chunk, and glibc's statistics no longer see the program's
// blocks, so neither the probe nor ReadHeapStats() can read the heap faithfully under them.
// gcc says so through __SANITIZE_*__, clang through __has_feature.

#if defined(__SANITIZE_ADDRESS__)
#define MEMUSAGE_SANITIZER_ASAN 1
#endif
#if defined(__SANITIZE_HWADDRESS__)
#define MEMUSAGE_SANITIZER_HWASAN 1
#endif
#if defined(__SANITIZE_THREAD__)
#define MEMUSAGE_SANITIZER_TSAN 1
#endif
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MEMUSAGE_SANITIZER_ASAN 1
#endif
#if __has_feature(hwaddress_sanitizer)
#define MEMUSAGE_SANITIZER_HWASAN 1
#endif
#if __has_feature(thread_sanitizer)
#define MEMUSAGE_SANITIZER_TSAN 1
#endif
#if __has_feature(memory_sanitizer)
#define MEMUSAGE_SANITIZER_MSAN 1
#endif
#endif

namespace memusage {
namespace detail {

/** Why this build's malloc is a sanitizer's rather than the C library's, or nullptr. */
inline const char* SanitizerAllocatorReason()
{
#if defined(MEMUSAGE_SANITIZER_ASAN)
    return "built with AddressSanitizer, whose allocator replaces glibc's malloc";
#elif defined(MEMUSAGE_SANITIZER_HWASAN)
    return "built with HWAddressSanitizer, whose allocator replaces glibc's malloc";
#elif defined(MEMUSAGE_SANITIZER_TSAN)
    return "built with ThreadSanitizer, whose allocator replaces glibc's malloc";
#elif defined(MEMUSAGE_SANITIZER_MSAN)
    return "built with MemorySanitizer, whose allocator replaces glibc's malloc";
#else
    return nullptr;
#endif
}

} // namespace detail
} // namespace memusage

#endif // MEMUSAGE_INTERNAL_SANITIZERS_H
