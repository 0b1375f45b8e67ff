// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

// Included at the end of each of the four drop-ins, every time (no include guard here): a fork's
// own copy of one of Core's headers, still found ahead of this tree on the include path, defines
// Core's guard but not the drop-in's own mark, so the mix is refused here, by name, rather than
// compiling against two definitions of prevector or two sets of numbers.

#if defined(BITCOIN_MEMUSAGE_H) && !defined(MEMUSAGE_DROPIN_MEMUSAGE_H)
#error "memusage.h: a copy other than libmemusage's was included (the fork's own src/memusage.h?): delete it, as doc/vendoring.md says"
#endif
#if defined(BITCOIN_PREVECTOR_H) && !defined(MEMUSAGE_DROPIN_PREVECTOR_H)
#error "prevector.h: a copy other than libmemusage's was included (the fork's own src/prevector.h?): delete it, as doc/vendoring.md says"
#endif
#if defined(BITCOIN_INDIRECTMAP_H) && !defined(MEMUSAGE_DROPIN_INDIRECTMAP_H)
#error "indirectmap.h: a copy other than libmemusage's was included (the fork's own src/indirectmap.h?): delete it, as doc/vendoring.md says"
#endif
#if defined(BITCOIN_SUPPORT_ALLOCATORS_POOL_H) && !defined(MEMUSAGE_DROPIN_SUPPORT_ALLOCATORS_POOL_H)
#error "support/allocators/pool.h: a copy other than libmemusage's was included (the fork's own src/support/allocators/pool.h?): delete it, as doc/vendoring.md says"
#endif

#include <memusage/era_mark.h>
