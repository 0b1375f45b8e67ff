// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#include "register.h"

// bench/containers.h's cases on bench::SmallVector, in a unit of their own (see ForEachCase).
namespace {
const bool g_registered{bench::RegisterCases<bench::SmallVector>("SmallVector")};
} // namespace
