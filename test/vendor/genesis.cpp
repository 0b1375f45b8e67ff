// Core's CreateGenesisBlock pushes a 65-byte key into a fresh CScript (prevector<36, uchar>):
// GCC 12 at -O2 reported that insertion, inlined, as a write past the inline buffer, a warning
// Core's own prevector.h does not draw and Core's -Werror builds would stop on. test/vendor/run.sh
// compiles this with Core's optimization and warnings as errors.
#include <prevector.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

struct Script : prevector<36, unsigned char> {
    void AppendDataSize(uint32_t size)
    {
        if (size < 76) {
            insert(end(), static_cast<unsigned char>(size));
        } else {
            insert(end(), static_cast<unsigned char>(76));
            insert(end(), static_cast<unsigned char>(size));
        }
    }
    void AppendData(std::span<const unsigned char> data) { insert(end(), data.begin(), data.end()); }
    Script& operator<<(std::span<const std::byte> b)
    {
        AppendDataSize(b.size());
        AppendData({reinterpret_cast<const unsigned char*>(b.data()), b.size()});
        return *this;
    }
    Script& operator<<(unsigned char op)
    {
        insert(end(), op);
        return *this;
    }
};

static const std::byte g_key[65]{};
std::vector<Script> g_outputs;

void AddGenesisOutput() { g_outputs.push_back(Script() << std::span<const std::byte>(g_key) << static_cast<unsigned char>(0xac)); }
