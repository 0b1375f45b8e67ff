dnl AX_MINIATURE_CXX20: C++20, as Core v28 requires (Core uses autoconf-archive's macro).
AC_DEFUN([AX_MINIATURE_CXX20], [
  case "$CXX" in
    *-std=*) ;;
    *) CXX="$CXX -std=c++20" ;;
  esac
])
