// What each library of the miniature exports to bitcoind and test_bitcoin: one figure from each,
// computed in that library's own objects with the headers as that library sees them.
#ifndef BITCOIN_MINIATURE_H
#define BITCOIN_MINIATURE_H

#include <cstddef>

size_t ConsensusScriptSize();    // consensus.cpp: sizeof(CScriptBase)
size_t CryptoScriptUsage();      // crypto/muhash.cpp: DynamicUsage of a 29-byte script
size_t CommonMapIncrement();     // common.cpp: IncrementalDynamicUsage of a std::map
size_t NodeCoinsUsage();         // node.cpp: a pool-backed coins map, less its buckets
size_t KernelIndirectIncrement(); // kernel/chain.cpp: IncrementalDynamicUsage of an indirectmap
int KernelCoreVersion();         // kernel/chain.cpp: memusage::CORE_VERSION as compiled there

#endif // BITCOIN_MINIATURE_H
