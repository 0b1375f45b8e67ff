// Core's kernel library takes AM_CPPFLAGS and its own flags, not BITCOIN_INCLUDES.
#include <indirectmap.h>
#include <memusage.h>
#include <miniature.h>

#include <cstdint>

size_t KernelIndirectIncrement()
{
    indirectmap<int64_t, int64_t> map;
    return memusage::IncrementalDynamicUsage(map);
}

int KernelCoreVersion() { return memusage::CORE_VERSION; }
