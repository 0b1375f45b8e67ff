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
