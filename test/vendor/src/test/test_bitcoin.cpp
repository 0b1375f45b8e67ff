// The miniature's unit suite: each library's figure, computed where that library compiled the
// headers, against what Core's memusage.h gives on 64-bit glibc, where Core's model and the exact
// model agree for these sizes; and the era and model that every library was compiled with.
#include <memusage.h>
#include <miniature.h>
#include <serialize.h>

#include <cstdio>
#include <cstdlib>
#include <string>

static int g_failures{0};

static void Expect(const char* what, size_t got, size_t want)
{
    std::printf("%-48s %8zu %s\n", what, got, got == want ? "ok" : "MISMATCH");
    if (got != want) ++g_failures;
}

int main()
{
#if defined(MEMUSAGE_MALLOC_MODEL_EXACT)
    const std::string model{"exact"};
#else
    const std::string model{"core"};
#endif
    std::printf("test_bitcoin: era %d, model %s\n", memusage::CORE_VERSION, model.c_str());
    Expect("kernel's era", KernelCoreVersion(), memusage::CORE_VERSION);
    Expect("consensus: sizeof(CScriptBase)", ConsensusScriptSize(), sizeof(CScriptBase));
    if (sizeof(void*) == 8) {
        Expect("consensus: sizeof(prevector<28, uchar>)", ConsensusScriptSize(), 32);
        Expect("crypto: DynamicUsage(29-byte script)", CryptoScriptUsage(), 48);
        Expect("common: IncrementalDynamicUsage(map)", CommonMapIncrement(), 64);
        Expect("kernel: IncrementalDynamicUsage(indirectmap)", KernelIndirectIncrement(), 64);
        // One chunk of 262144 bytes, plus the pool's list node: Core charges 48 for its 24 bytes,
        // glibc really takes 32.
        Expect("node: DynamicUsage(pool-backed coins) less buckets", NodeCoinsUsage(), (model == "exact" ? 32 : 48) + 262160);
    }
    std::printf("%s\n", g_failures == 0 ? "test_bitcoin: all numbers match Core" : "test_bitcoin: MISMATCH");
    return g_failures == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
