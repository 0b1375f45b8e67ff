// Core's crypto library compiles with AM_CPPFLAGS alone (no BITCOIN_INCLUDES), yet reaches
// prevector.h through serialize.h, as Core's crypto/muhash.cpp does.
#include <miniature.h>
#include <memusage.h>
#include <serialize.h>

size_t CryptoScriptUsage()
{
    CScriptBase script(29);
    return memusage::DynamicUsage(script);
}
