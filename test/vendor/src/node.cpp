#include <indirectmap.h>
#include <memusage.h>
#include <miniature.h>
#include <support/allocators/pool.h>

#include <cstdint>
#include <functional>
#include <unordered_map>
#include <utility>

size_t NodeCoinsUsage()
{
    using Value = std::pair<const int64_t, int64_t>;
    constexpr size_t MAX_BLOCK{sizeof(Value) + 4 * sizeof(void*)};
    using Alloc = PoolAllocator<Value, MAX_BLOCK, alignof(Value)>;
    PoolResource<MAX_BLOCK, alignof(Value)> resource;
    std::unordered_map<int64_t, int64_t, std::hash<int64_t>, std::equal_to<int64_t>, Alloc> coins{
        0, std::hash<int64_t>{}, std::equal_to<int64_t>{}, Alloc{&resource}};
    coins.emplace(1, 1);
    return memusage::DynamicUsage(coins) - memusage::MallocUsage(sizeof(void*) * coins.bucket_count());
}
