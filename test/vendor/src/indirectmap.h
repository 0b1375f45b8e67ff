// The fork's own copy of Core's indirectmap.h, as a miniature (Core's guard).
#ifndef BITCOIN_INDIRECTMAP_H
#define BITCOIN_INDIRECTMAP_H

template <class K, class T>
class indirectmap;

#endif // BITCOIN_INDIRECTMAP_H
