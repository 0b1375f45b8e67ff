// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_TEST_UTIL_RUNNING_ALLOCATOR_H
#define MEMUSAGE_TEST_UTIL_RUNNING_ALLOCATOR_H

#include <memusage/malloc.h>

#include <test/util/glibc.h>

#include <cstdlib>
#include <optional>

#if defined(MEMUSAGE_TEST_GLIBC) && !defined(MEMUSAGE_TEST_MALLOC_REPLACED)
#include <dlfcn.h>
#endif

// The tests decide on their own, apart from the probe, which size-class allocator serves this
// process, so that a probe that misnames it fails the tests instead of steering them.

/** The model of the size-class allocator (jemalloc, mimalloc, TCMalloc) this process runs on,
 *  or empty: one of their own entry points (mallctl, mi_version, tc_version) is loaded, and
 *  malloc(1) has the 8 usable bytes of their smallest class (glibc's malloc(1) has 24 on
 *  64-bit, 12 on i386; valgrind's and the sanitizers' report 1). */
inline std::optional<memusage::detail::MallocModel> RunningSizeClassModel()
{
#if defined(MEMUSAGE_TEST_GLIBC) && !defined(MEMUSAGE_TEST_MALLOC_REPLACED)
    using memusage::detail::MallocModel;
    void* block{std::malloc(1)};
    const size_t usable{malloc_usable_size(block)};
    std::free(block);
    if (usable != 8) return std::nullopt;
    if (dlsym(RTLD_DEFAULT, "mallctl") != nullptr) return MallocModel::JEMALLOC;
    if (dlsym(RTLD_DEFAULT, "mi_version") != nullptr) return MallocModel::MIMALLOC;
    if (dlsym(RTLD_DEFAULT, "tc_version") != nullptr) return MallocModel::TCMALLOC;
#endif
    return std::nullopt;
}

#endif // MEMUSAGE_TEST_UTIL_RUNNING_ALLOCATOR_H
