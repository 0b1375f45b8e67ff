#include <miniature.h>
#include <prevector.h>
#include <serialize.h>

size_t ConsensusScriptSize() { return sizeof(CScriptBase); }
