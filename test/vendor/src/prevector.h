// The fork's own copy of Core's prevector.h, as a miniature: Core's guard and enough of the class
// for this tree's code. contrib/vendor/into-core.sh deletes it; test/vendor/run.sh puts it back
// to prove that a forgotten copy is refused.
#ifndef BITCOIN_PREVECTOR_H
#define BITCOIN_PREVECTOR_H

#include <cstdint>

template <unsigned int N, typename T, typename Size = uint32_t, typename Diff = int32_t>
class prevector
{
    T m_direct[N];
    Size m_size{0};

public:
    Size size() const { return m_size; }
};

#endif // BITCOIN_PREVECTOR_H
