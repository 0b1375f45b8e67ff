// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_PROBE_ELEMENTS_H
#define MEMUSAGE_PROBE_ELEMENTS_H

#include <array>
#include <cstddef>

// Element types the probe's container section and the exact-model tests build containers of,
// chosen to hit each of libstdc++'s node layouts. Not installed: the probe's own business.

namespace memusage {
namespace probe {
namespace elements {

using Key32 = std::array<unsigned char, 32>; // a txid or an outpoint hash

/** A distinct key for each i. */
inline Key32 MakeKey32(size_t i)
{
    Key32 key{};
    for (size_t b{0}; b < sizeof(i); ++b) key[b] = static_cast<unsigned char>(i >> (8 * b));
    return key;
}

/** Reads the first word of the key and cannot throw: libstdc++ does not cache its hash. */
struct Key32Hasher {
    size_t operator()(const Key32& key) const noexcept
    {
        size_t hash{0};
        for (size_t i{0}; i < sizeof(hash); ++i) hash = (hash << 8) | key[i];
        return hash;
    }
};

/** The same without noexcept, as Core's SaltedOutpointHasher: libstdc++ caches its hash. */
struct SaltedKey32Hasher {
    size_t operator()(const Key32& key) const { return Key32Hasher{}(key); }
};

/** An object of exactly N bytes, for unique_ptr and shared_ptr. */
template <size_t N>
struct Blob {
    unsigned char m_bytes[N];
};

} // namespace elements
} // namespace probe
} // namespace memusage

#endif // MEMUSAGE_PROBE_ELEMENTS_H
