// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_MEMUSAGE_ERA_MARK_H
#define MEMUSAGE_MEMUSAGE_ERA_MARK_H

#include <memusage/core_version.h>

// Objects built for two eras or two malloc models must not link into one program: the layout of
// prevector<16, unsigned char> differs between eras, and a budget mixing models adds unlike
// numbers. Every object that includes these headers carries one byte in a COMDAT group named for
// its era and model, holding a symbol named for the mistake. Objects that agree share the group,
// so the linker keeps one copy; objects that differ keep two groups and so two definitions, and
// the link fails with "multiple definition of `libmemusage_objects_differ_in_era_or_malloc_model'",
// each definition's section named for its era and model (.rodata.libmemusage.era28.core).
// No code runs and nothing is referenced, so a program need not link libmemusage.a.
// Where: ELF targets (Linux, the BSDs) with GCC, whose LTO keeps the group (objects of two eras
// then link unchecked, but never wrongly refused). LLVM's LTO drops the group and would refuse
// objects that agree, so with clang the mark is opt-in: -DMEMUSAGE_ERA_MARK=1 where the build
// does not use -flto. MEMUSAGE_NO_ERA_MARK leaves it out everywhere.

#if defined(MEMUSAGE_MALLOC_MODEL_EXACT)
#define MEMUSAGE_ERA_MARK_MODEL "exact"
#elif defined(MEMUSAGE_MALLOC_MODEL_JEMALLOC)
#define MEMUSAGE_ERA_MARK_MODEL "jemalloc"
#elif defined(MEMUSAGE_MALLOC_MODEL_MIMALLOC)
#define MEMUSAGE_ERA_MARK_MODEL "mimalloc"
#elif defined(MEMUSAGE_MALLOC_MODEL_TCMALLOC)
#define MEMUSAGE_ERA_MARK_MODEL "tcmalloc"
#else
#define MEMUSAGE_ERA_MARK_MODEL "core"
#endif

#if !defined(MEMUSAGE_ERA_MARK) && defined(__ELF__) && defined(__GNUC__) && !defined(__clang__)
#define MEMUSAGE_ERA_MARK 1
#endif
#if defined(MEMUSAGE_ERA_MARK) && MEMUSAGE_ERA_MARK && !defined(MEMUSAGE_NO_ERA_MARK)
#define MEMUSAGE_ERA_MARK_STRING(x) #x
#define MEMUSAGE_ERA_MARK_NUMBER(x) MEMUSAGE_ERA_MARK_STRING(x)
#define MEMUSAGE_ERA_MARK_NAME "libmemusage.era" MEMUSAGE_ERA_MARK_NUMBER(MEMUSAGE_CORE_VERSION) "." MEMUSAGE_ERA_MARK_MODEL
// .ifndef: under LTO the top-level asm of many objects can meet in one assembler file.
__asm__(".ifndef libmemusage_objects_differ_in_era_or_malloc_model\n"
        ".pushsection .rodata." MEMUSAGE_ERA_MARK_NAME ",\"aG\",%progbits," MEMUSAGE_ERA_MARK_NAME ",comdat\n"
        ".globl libmemusage_objects_differ_in_era_or_malloc_model\n"
        ".hidden libmemusage_objects_differ_in_era_or_malloc_model\n"
        ".type libmemusage_objects_differ_in_era_or_malloc_model, %object\n"
        ".size libmemusage_objects_differ_in_era_or_malloc_model, 1\n"
        "libmemusage_objects_differ_in_era_or_malloc_model:\n"
        ".byte " MEMUSAGE_ERA_MARK_NUMBER(MEMUSAGE_CORE_VERSION) "\n"
        ".popsection\n"
        ".endif\n");
#undef MEMUSAGE_ERA_MARK_NAME
#undef MEMUSAGE_ERA_MARK_NUMBER
#undef MEMUSAGE_ERA_MARK_STRING
#endif
#undef MEMUSAGE_ERA_MARK_MODEL

#endif // MEMUSAGE_MEMUSAGE_ERA_MARK_H
