dnl Copyright (c) 2026 The libmemusage developers
dnl Distributed under the MIT software license.

dnl MEMUSAGE_TRY_APPEND_CXXFLAGS(FLAGS, VARIABLE)
dnl Append FLAGS to VARIABLE when the C++ compiler accepts them without complaint, so a
dnl compiler that lacks one warning flag still builds.
AC_DEFUN([MEMUSAGE_TRY_APPEND_CXXFLAGS], [
  AC_MSG_CHECKING([if ${CXX} supports $1])
  AC_LANG_PUSH([C++])
  memusage_saved_cxxflags="$CXXFLAGS"
  CXXFLAGS="$1 $CXXFLAGS -Werror"
  AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[]], [[]])],
    [memusage_flag_works=yes], [memusage_flag_works=no])
  AC_MSG_RESULT([$memusage_flag_works])
  CXXFLAGS="$memusage_saved_cxxflags"
  AC_LANG_POP([C++])
  AS_IF([test "x$memusage_flag_works" = xyes], [$2="$$2 $1"])
])

dnl MEMUSAGE_REQUIRE_HEADER(HEADER, DEBIAN-PACKAGE)
dnl Stop configure when HEADER cannot be included, naming the Debian package that has it.
AC_DEFUN([MEMUSAGE_REQUIRE_HEADER], [
  AC_LANG_PUSH([C++])
  memusage_saved_cppflags="$CPPFLAGS"
  CPPFLAGS="$BOOST_CPPFLAGS $CPPFLAGS"
  AC_CHECK_HEADER([$1], [],
    [AC_MSG_ERROR([$1 not found: install it (on Debian: apt-get install $2) or point --with-boost at it])])
  CPPFLAGS="$memusage_saved_cppflags"
  AC_LANG_POP([C++])
])

dnl MEMUSAGE_CXX_STANDARD(YEAR, [mandatory|optional])
dnl Make $CXX compile C++YEAR (17 or 20): as it is when its default already is, else with
dnl -std=c++YEAR appended. Sets HAVE_CXXYEAR to 1 where it works; mandatory stops configure.
dnl Written here so that ./autogen.sh needs no macro archive, as Core's own does not.
AC_DEFUN([MEMUSAGE_CXX_STANDARD], [
  AC_LANG_PUSH([C++])
  m4_case([$1], [17], [memusage_cplusplus=201703L], [20], [memusage_cplusplus=202002L],
    [m4_fatal([MEMUSAGE_CXX_STANDARD takes 17 or 20])])
  HAVE_CXX$1=0
  memusage_saved_cxx="$CXX"
  for memusage_std_flag in "" "-std=c++$1"; do
    if test x"$memusage_std_flag" = x; then
      AC_MSG_CHECKING([whether $CXX compiles C++$1 by default])
    else
      CXX="$memusage_saved_cxx $memusage_std_flag"
      AC_MSG_CHECKING([whether $CXX compiles C++$1])
    fi
    AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[
#if __cplusplus < $memusage_cplusplus
#error "not C++$1"
#endif
]], [[]])], [HAVE_CXX$1=1])
    if test x"$HAVE_CXX$1" = x"1"; then
      AC_MSG_RESULT([yes])
      break
    fi
    AC_MSG_RESULT([no])
  done
  if test x"$HAVE_CXX$1" != x"1"; then
    CXX="$memusage_saved_cxx"
    m4_if([$2], [mandatory], [AC_MSG_ERROR([$CXX cannot compile C++$1: install a newer compiler (on Debian 12: apt-get install g++)])])
  fi
  AC_SUBST([HAVE_CXX$1])
  AC_LANG_POP([C++])
])

dnl MEMUSAGE_BOOST(VERSION, PACKAGE)
dnl Find Boost's headers, VERSION (as BOOST_VERSION writes it, e.g. 107300) or newer: where
dnl --with-boost=DIR is given in DIR/include, else on the compiler's own path. Sets
dnl BOOST_CPPFLAGS (-isystem DIR/include, so our warnings do not reach into Boost; nothing for
dnl the compiler's own path, where -isystem /usr/include would break libstdc++'s #include_next).
AC_DEFUN([MEMUSAGE_BOOST], [
  AC_ARG_WITH([boost],
    AS_HELP_STRING([--with-boost=DIR], [the Boost headers under DIR/include, for the tests and benchmarks [default=the compiler's path]]),
    [memusage_boost=$withval], [memusage_boost=yes])
  case "$memusage_boost" in
    yes|"") BOOST_CPPFLAGS="" ;;
    no) AC_MSG_ERROR([the tests and benchmarks need Boost: drop --without-boost, or pass --disable-tests --disable-bench]) ;;
    *) BOOST_CPPFLAGS="-isystem $memusage_boost/include" ;;
  esac
  AC_MSG_CHECKING([for Boost with BOOST_VERSION $1 or newer])
  AC_LANG_PUSH([C++])
  memusage_saved_cppflags="$CPPFLAGS"
  CPPFLAGS="$BOOST_CPPFLAGS $CPPFLAGS"
  AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[
#include <boost/version.hpp>
#if BOOST_VERSION < $1
#error "Boost too old"
#endif
]], [[]])], [AC_MSG_RESULT([yes])],
    [AC_MSG_RESULT([no])
     AC_MSG_ERROR([Boost $1 (BOOST_VERSION) or newer is needed for the tests and benchmarks: apt-get install $2, pass --with-boost=DIR, or --disable-tests --disable-bench])])
  CPPFLAGS="$memusage_saved_cppflags"
  AC_LANG_POP([C++])
  AC_SUBST([BOOST_CPPFLAGS])
])
