dnl AX_MINIATURE_CXX20: C++20, as Core v28 requires (Core uses autoconf-archive's macro).
AC_DEFUN([AX_MINIATURE_CXX20], [
  case "$CXX" in
    *-std=*) ;;
    *) CXX="$CXX -std=c++20" ;;
  esac
])

dnl AX_CXX_COMPILE_STDCXX(VERSION, ...): the shape of autoconf-archive's macro as Core before v22
dnl calls it, AX_CXX_COMPILE_STDCXX([11], [noext], [mandatory]): -std=c++VERSION joins CXX.
dnl test/vendor/run.sh gives its older-shaped miniature this line in place of the one above.
AC_DEFUN([AX_CXX_COMPILE_STDCXX], [CXX="$CXX -std=c++$1"])
