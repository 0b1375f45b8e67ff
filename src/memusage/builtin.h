// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_MEMUSAGE_BUILTIN_H
#define MEMUSAGE_MEMUSAGE_BUILTIN_H

#include <cstddef>
#include <cstdint>

namespace memusage {

/** Built-in types own no heap memory, and a raw pointer does not own what it points to. */
static inline size_t DynamicUsage(const int8_t&) { return 0; }
static inline size_t DynamicUsage(const uint8_t&) { return 0; }
static inline size_t DynamicUsage(const int16_t&) { return 0; }
static inline size_t DynamicUsage(const uint16_t&) { return 0; }
static inline size_t DynamicUsage(const int32_t&) { return 0; }
static inline size_t DynamicUsage(const uint32_t&) { return 0; }
static inline size_t DynamicUsage(const int64_t&) { return 0; }
static inline size_t DynamicUsage(const uint64_t&) { return 0; }
static inline size_t DynamicUsage(const float&) { return 0; }
static inline size_t DynamicUsage(const double&) { return 0; }
template <typename X> static inline size_t DynamicUsage(X* const&) { return 0; }
template <typename X> static inline size_t DynamicUsage(const X* const&) { return 0; }

} // namespace memusage

#endif // MEMUSAGE_MEMUSAGE_BUILTIN_H
