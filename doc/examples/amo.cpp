// doc/examples/amo.cpp: Amo<T>, a shared, locked, optional value, as RecursiveDynamicUsage sees it.
#include <memusage.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <vector>

template <typename T>
struct Guarded {
    mutable std::shared_mutex m_mutex;
    T m_value;
};

// Guarded is yours, so it says how to read its value: under its lock.
template <typename T>
size_t RecursiveDynamicUsage(const Guarded<T>& guarded)
{
    std::shared_lock lock{guarded.m_mutex};
    return memusage::RecursiveDynamicUsage(guarded.m_value);
}

template <typename T>
using Amo = std::shared_ptr<Guarded<std::optional<T>>>;

int main()
{
    Amo<std::vector<int>> amo{std::make_shared<Guarded<std::optional<std::vector<int>>>>()};
    const size_t empty{memusage::RecursiveDynamicUsage(amo)}; // disengaged: the shared blocks only
    amo->m_value.emplace(256, 0);                              // engaged: 1024 bytes of ints
    const size_t engaged{memusage::RecursiveDynamicUsage(amo)};
    std::printf("empty %zu, engaged %zu: the vector adds %zu\n", empty, engaged, engaged - empty);
    const bool composes{empty == memusage::DynamicUsage(amo) && engaged - empty == memusage::MallocUsage(256 * sizeof(int))};
    return composes ? 0 : 1;
}
