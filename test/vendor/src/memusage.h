// The fork's own copy of Core's memusage.h, as a miniature (Core's guard, Core's includes).
#ifndef BITCOIN_MEMUSAGE_H
#define BITCOIN_MEMUSAGE_H

#include <indirectmap.h>
#include <prevector.h>
#include <support/allocators/pool.h>

#include <cstddef>

namespace memusage {
static inline size_t MallocUsage(size_t alloc) { return alloc == 0 ? 0 : ((alloc + 31) >> 4) << 4; }
} // namespace memusage

#endif // BITCOIN_MEMUSAGE_H
