// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_INTERNAL_DIFFERENCE_H
#define MEMUSAGE_INTERNAL_DIFFERENCE_H

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>

namespace memusage {
namespace detail {

/** a - b as a signed number of bytes, saturated at INT64_MIN + 1 and INT64_MAX: an estimate's
 *  error against a measurement, negative when the estimate is short. Not installed. */
inline int64_t SignedDifference(size_t a, size_t b)
{
    constexpr auto max{static_cast<size_t>(std::numeric_limits<int64_t>::max())};
    if (a >= b) return static_cast<int64_t>(std::min(a - b, max));
    return -static_cast<int64_t>(std::min(b - a, max));
}

} // namespace detail
} // namespace memusage

#endif // MEMUSAGE_INTERNAL_DIFFERENCE_H
