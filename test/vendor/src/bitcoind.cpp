#include <memusage.h>
#include <miniature.h>

#include <cstdio>

int main()
{
    std::printf("bitcoind: era %d, kernel era %d, CScriptBase %zu bytes\n", memusage::CORE_VERSION, KernelCoreVersion(), ConsensusScriptSize());
    return memusage::CORE_VERSION == KernelCoreVersion() ? 0 : 1;
}
