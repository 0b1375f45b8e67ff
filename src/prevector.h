// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef BITCOIN_PREVECTOR_H
#define BITCOIN_PREVECTOR_H
// This tree's copy, not the fork's own (memusage/dropins.h tells them apart).
#define MEMUSAGE_DROPIN_PREVECTOR_H

// Drop-in for Bitcoin Core's src/prevector.h; the implementation lives in prevector/.
#include <prevector/prevector.h>

#include <memusage/dropins.h>

#endif // BITCOIN_PREVECTOR_H
