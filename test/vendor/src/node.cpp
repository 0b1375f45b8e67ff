// A fork's translation unit after it deleted its own memusage.h, prevector.h, indirectmap.h
// and support/allocators/pool.h: it includes them by Core's names and gets Core's numbers.
#include <memusage.h>
#include <memusage/probe.h>
#include <prevector.h>
#include <support/allocators/pool.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

using CScriptBase = prevector<28, unsigned char>;

static int failures{0};

static void Expect(const char* what, size_t got, size_t want)
{
    std::printf("%-40s %8zu %s\n", what, got, got == want ? "ok" : "MISMATCH");
    if (got != want) ++failures;
}

int main()
{
    const bool is64{sizeof(void*) == 8};
    static_assert(sizeof(CScriptBase) == 32, "CScript keeps Core's 32-byte layout");

    CScriptBase script(29);
    Expect("DynamicUsage(CScript of 29 bytes)", memusage::DynamicUsage(script), is64 ? 48 : 40);

    std::map<int64_t, int64_t> map{{1, 1}};
    Expect("IncrementalDynamicUsage(map)", memusage::IncrementalDynamicUsage(map), is64 ? 64 : 40);

    using Value = std::pair<const int64_t, int64_t>;
    constexpr size_t MAX_BLOCK{sizeof(Value) + 4 * sizeof(void*)};
    PoolResource<MAX_BLOCK, alignof(Value)> resource;
    std::unordered_map<int64_t, int64_t, std::hash<int64_t>, std::equal_to<int64_t>,
                       PoolAllocator<Value, MAX_BLOCK, alignof(Value)>>
        coins{0, std::hash<int64_t>{}, std::equal_to<int64_t>{}, PoolAllocator<Value, MAX_BLOCK, alignof(Value)>{&resource}};
    coins.emplace(1, 1);
    const size_t buckets{memusage::MallocUsage(sizeof(void*) * coins.bucket_count())};
    Expect("DynamicUsage(pool-backed coins map)", memusage::DynamicUsage(coins) - buckets, is64 ? 48 + 262160 : 24 + 262152);

    // The compiled library links: the probe answers (or says it cannot, off glibc).
    const auto measured{memusage::probe::MeasuredMallocUsage(100)};
    std::printf("probe: malloc(100) costs %s\n", measured ? std::to_string(*measured).c_str() : "unsupported here");

    std::printf("%s\n", failures == 0 ? "samplefork: all numbers match Core" : "samplefork: MISMATCH");
    return failures == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
