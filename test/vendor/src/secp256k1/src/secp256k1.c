/* A miniature of libsecp256k1: a C library of its own, which includes none of the four headers. */
#include "../include/secp256k1.h"
int secp256k1_miniature(void) { return 1; }
