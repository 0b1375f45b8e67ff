// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef BITCOIN_MEMUSAGE_H
#define BITCOIN_MEMUSAGE_H
// This tree's copy, not the fork's own (memusage/dropins.h tells them apart).
#define MEMUSAGE_DROPIN_MEMUSAGE_H

// Drop-in for Bitcoin Core's src/memusage.h: the same memusage:: functions with the same
// results under the default (core) malloc model, and, as Core's file does, prevector,
// indirectmap and PoolAllocator along with them; plus RecursiveDynamicUsage (a container with
// its elements) and the incremental costs of hash containers (memusage/recursive.h), and the
// whole-object figure with shared payloads charged once (memusage/context.h).

#include <memusage/core_version.h>
// Core's own memusage.h of these eras declared them (and included Boost's headers for them).
#if MEMUSAGE_ERA_BOOST_UNORDERED
#include <memusage/boost_unordered.h>
#endif

#include <indirectmap.h>
#include <memusage/builtin.h>
#include <memusage/context.h>
#include <memusage/core_containers.h>
#include <memusage/malloc.h>
#include <memusage/nodes.h>
#include <memusage/recursive.h>
#include <memusage/standard.h>
#include <prevector.h>
#include <support/allocators/pool.h>

#include <memusage/dropins.h>

#endif // BITCOIN_MEMUSAGE_H
