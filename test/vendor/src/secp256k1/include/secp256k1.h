/* A miniature of libsecp256k1's public header. */
#ifndef SECP256K1_H
#define SECP256K1_H
int secp256k1_miniature(void);
#endif
