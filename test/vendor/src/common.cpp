#include <memusage.h>
#include <miniature.h>

#include <cstdint>
#include <map>

size_t CommonMapIncrement()
{
    std::map<int64_t, int64_t> map{{1, 1}};
    return memusage::IncrementalDynamicUsage(map);
}
