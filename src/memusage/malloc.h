// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_MEMUSAGE_MALLOC_H
#define MEMUSAGE_MEMUSAGE_MALLOC_H

#include <cstddef>
#include <cstdint>

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

} // namespace detail

static_assert(sizeof(void*) == 8 || sizeof(void*) == 4, "MallocUsage knows 32- and 64-bit platforms only");

/** Name of the malloc model compiled into this build, for reports. */
inline constexpr const char* MALLOC_MODEL{"core"};

/** Compute the total memory used by allocating alloc bytes. */
static constexpr inline size_t MallocUsage(size_t alloc)
{
    return detail::CoreMallocUsage(alloc, sizeof(void*));
}

} // namespace memusage

#endif // MEMUSAGE_MEMUSAGE_MALLOC_H
