dnl The subpackage keeps its macros here, as libsecp256k1 does.
