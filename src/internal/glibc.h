// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_INTERNAL_GLIBC_H
#define MEMUSAGE_INTERNAL_GLIBC_H

// Whether this translation unit is built against glibc, whose malloc statistics (mallinfo2),
// chunk sizes (malloc_usable_size) and dynamic linker (dlsym, dladdr) the heap figure and the
// probe read. Not installed: for the library's and the probe's .cpp files.

#include <cstdlib>

// <cstdlib> has pulled in the C library's feature macros: from here on __GLIBC__ says whether
// the C library is glibc. uClibc defines __GLIBC__ too but is not glibc.
#if defined(__GLIBC__) && !defined(__UCLIBC__)
#define MEMUSAGE_GLIBC 1
#include <dlfcn.h>
#include <gnu/libc-version.h>
#include <malloc.h>
#include <unistd.h>
#endif

#if defined(MEMUSAGE_GLIBC)
namespace memusage {
namespace detail {

/** An allocator's own entry point (mallctl, nallocx, mi_version, ...) as this process resolves
 *  it, or nullptr: looked up at run time, since neither the library nor the probe links any
 *  allocator. Function is the function's type, as in Lookup<size_t(size_t, int)>("nallocx"). */
template <typename Function>
Function* Lookup(const char* name)
{
    return reinterpret_cast<Function*>(dlsym(RTLD_DEFAULT, name));
}

} // namespace detail
} // namespace memusage
#endif

#endif // MEMUSAGE_INTERNAL_GLIBC_H
