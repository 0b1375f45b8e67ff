# Sourced by the test scripts (test/examples.sh, test/api_blocks.sh).
# The word size of a binary: ELF's class byte, or for a Windows PE file the magic of the optional
# header that follows the 4-byte signature and 20-byte file header at e_lfanew (0x10b PE32, 0x20b PE32+).
word_size() {
  case $(od -An -c -N4 "$1" | tr -d ' ') in
    177ELF)
      case $(od -An -tu1 -j4 -N1 "$1" | tr -d ' ') in
        1) echo 32 ;;
        2) echo 64 ;;
      esac ;;
    MZ*)
      pe=$(od -An -tu4 -j60 -N4 "$1" | tr -d ' ')
      case $(od -An -tx2 -j$((pe + 24)) -N2 "$1" | tr -d ' ') in
        010b) echo 32 ;;
        020b) echo 64 ;;
      esac ;;
  esac
}
