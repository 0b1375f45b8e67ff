// The fork's own copy of Core's support/allocators/pool.h, as a miniature (Core's guard).
#ifndef BITCOIN_SUPPORT_ALLOCATORS_POOL_H
#define BITCOIN_SUPPORT_ALLOCATORS_POOL_H

#include <cstddef>

template <std::size_t MAX_BLOCK_SIZE_BYTES, std::size_t ALIGN_BYTES>
class PoolResource;

#endif // BITCOIN_SUPPORT_ALLOCATORS_POOL_H
