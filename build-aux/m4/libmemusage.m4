dnl Copyright (c) 2026 The libmemusage developers
dnl Distributed under the MIT software license.
dnl
dnl The macros a fork's configure.ac and this tree's own share: the era and the malloc model are
dnl checked by the same code on both sides, so the subpackage and the fork's objects cannot read
dnl them differently. A fork includes this file by path (doc/vendoring.md):
dnl   m4_include([src/memusage/build-aux/m4/libmemusage.m4])
dnl   LIBMEMUSAGE_SUBPACKAGE([src/memusage], [28], [core])

dnl MEMUSAGE_CHECK_CORE_VERSION(VALUE, WHAT)
dnl Stop configure unless VALUE is an era the headers know; WHAT names where VALUE came from.
AC_DEFUN([MEMUSAGE_CHECK_CORE_VERSION], [
  case "$1" in
    ''|*[[!0-9]]*) AC_MSG_ERROR([$2 takes Core's major version as a number, e.g. 30 (21 for 0.21), not '$1']) ;;
  esac
  if test "$1" -lt 12 || test "$1" -gt 32; then
    AC_MSG_ERROR([$2=$1: the eras run from 12 (Core 0.12, the first with prevector.h) to 32 (Core master after v31); for 0.x releases give the minor number (doc/vendoring.md)])
  fi
])

dnl MEMUSAGE_MODEL_DEFINE(MODEL, VARIABLE, WHAT)
dnl Set VARIABLE to the preprocessor macro that selects MODEL (empty for Core's model); stop
dnl configure on a model the headers do not have. An alias is replaced by its model's name.
AC_DEFUN([MEMUSAGE_MODEL_DEFINE], [
  case "$1" in
    core) $2="" ;;
    exact|glibc) $2="MEMUSAGE_MALLOC_MODEL_EXACT" ;;
    jemalloc) $2="MEMUSAGE_MALLOC_MODEL_JEMALLOC" ;;
    mimalloc) $2="MEMUSAGE_MALLOC_MODEL_MIMALLOC" ;;
    tcmalloc) $2="MEMUSAGE_MALLOC_MODEL_TCMALLOC" ;;
    *) AC_MSG_ERROR([$3 takes core, exact (or glibc), jemalloc, mimalloc or tcmalloc, not '$1']) ;;
  esac
])

dnl LIBMEMUSAGE_SUBPACKAGE(DIR, CORE_VERSION, MALLOC_MODEL)
dnl For a fork's configure.ac: configures the subtree at DIR (relative to the top) as a
dnl subpackage that builds only libmemusage.a, and sets LIBMEMUSAGE_CPPFLAGS (the subtree's
dnl headers, the era and the model) for the fork's AM_CPPFLAGS. The era and the model reach the
dnl subpackage through its precious variables rather than ac_configure_args, which every
dnl subpackage shares: nothing meant for this library reaches libsecp256k1.
dnl LIBMEMUSAGE_CXX17
dnl The drop-ins are C++17. A fork whose configure.ac asks for C++11 or C++14 (Core before v22
dnl appends -std=c++11 to CXX) gets that switch raised to C++17, and says so; where no switch
dnl makes the compiler C++17, configure stops here rather than the build halfway.
AC_DEFUN([LIBMEMUSAGE_CXX17], [
  AC_LANG_PUSH([C++])
  AC_MSG_CHECKING([whether $CXX compiles C++17, as libmemusage's drop-ins need])
  AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[
#if __cplusplus < 201703L
#error "not C++17"
#endif
]], [[]])], [AC_MSG_RESULT([yes])], [
    AC_MSG_RESULT([no])
    libmemusage_saved_cxx="$CXX"
    CXX=`echo " $CXX " | sed -e 's/ -std=c++\(0x\|11\|1y\|14\) / -std=c++17 /g' -e 's/ -std=gnu++\(0x\|11\|1y\|14\) / -std=gnu++17 /g' -e 's/^ //' -e 's/ $//'`
    test x"$CXX" = x"$libmemusage_saved_cxx" && CXX="$CXX -std=c++17"
    AC_MSG_CHECKING([whether $CXX compiles C++17])
    AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[
#if __cplusplus < 201703L
#error "not C++17"
#endif
]], [[]])], [AC_MSG_RESULT([yes])
      AC_MSG_NOTICE([the fork is built as C++17 from here on (CXX was '$libmemusage_saved_cxx'): libmemusage's drop-ins need it])],
      [AC_MSG_RESULT([no])
       AC_MSG_ERROR([libmemusage's drop-ins need C++17, which $libmemusage_saved_cxx does not compile (nor with -std=c++17; see CXXFLAGS): on Debian 12, apt-get install g++])])
  ])
  AC_LANG_POP([C++])
])

AC_DEFUN([LIBMEMUSAGE_SUBPACKAGE], [
  LIBMEMUSAGE_CXX17
  MEMUSAGE_CHECK_CORE_VERSION([$2], [the Core version in the parent's configure.ac])
  MEMUSAGE_MODEL_DEFINE([$3], [libmemusage_model_define], [the malloc model in the parent's configure.ac])
  MEMUSAGE_CORE_VERSION="$2"
  MEMUSAGE_MALLOC_MODEL="$3"
  MEMUSAGE_VENDORED=yes
  export MEMUSAGE_CORE_VERSION MEMUSAGE_MALLOC_MODEL MEMUSAGE_VENDORED
  LIBMEMUSAGE_CPPFLAGS="-I\$(top_srcdir)/$1/src -DMEMUSAGE_CORE_VERSION=$2"
  if test x"$libmemusage_model_define" != x; then
    LIBMEMUSAGE_CPPFLAGS="$LIBMEMUSAGE_CPPFLAGS -D$libmemusage_model_define"
  fi
  AC_SUBST([LIBMEMUSAGE_CPPFLAGS])
  AC_CONFIG_SUBDIRS([$1])
])
