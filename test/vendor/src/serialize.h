// A miniature of Core's serialize.h: like Core's, it reaches prevector.h, and so does every
// library that serializes, the crypto library among them.
#ifndef BITCOIN_SERIALIZE_H
#define BITCOIN_SERIALIZE_H

#include <prevector.h>

#include <cstddef>
#include <cstdint>

using CScriptBase = prevector<28, unsigned char>;

#endif // BITCOIN_SERIALIZE_H
