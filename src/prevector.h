// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef BITCOIN_PREVECTOR_H
#define BITCOIN_PREVECTOR_H

// Drop-in for Bitcoin Core's src/prevector.h; the implementation lives in prevector/.
#include <prevector/prevector.h>

#endif // BITCOIN_PREVECTOR_H
