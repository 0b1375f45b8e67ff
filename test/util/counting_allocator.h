// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_TEST_UTIL_COUNTING_ALLOCATOR_H
#define MEMUSAGE_TEST_UTIL_COUNTING_ALLOCATOR_H

#include <algorithm>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <vector>

/** Every live allocation made through the CountingAllocators that share it: its address and
 *  the bytes requested. A deallocation whose size differs from the allocation's, or of an
 *  address it never handed out, is counted as a mismatch, so a test can prove it saw none. */
class AllocationRegistry
{
public:
    void Add(const void* p, std::size_t bytes)
    {
        if (!m_live.emplace(p, bytes).second) ++m_mismatches;
        ++m_total_allocations;
    }

    void Remove(const void* p, std::size_t bytes)
    {
        const auto it{m_live.find(p)};
        if (it == m_live.end() || it->second != bytes) {
            ++m_mismatches;
            return;
        }
        m_live.erase(it);
    }

    /** Live allocations. */
    std::size_t Count() const { return m_live.size(); }

    /** Bytes requested by the live allocations, added up. */
    std::size_t Bytes() const
    {
        std::size_t total{0};
        for (const auto& [p, bytes] : m_live) total += bytes;
        return total;
    }

    /** The size of each live allocation, smallest first. */
    std::vector<std::size_t> Sizes() const
    {
        std::vector<std::size_t> sizes;
        for (const auto& [p, bytes] : m_live) sizes.push_back(bytes);
        std::sort(sizes.begin(), sizes.end());
        return sizes;
    }

    /** Applies a malloc model to each live allocation and adds up the results. */
    template <typename Model>
    std::size_t Usage(Model model) const
    {
        std::size_t total{0};
        for (const auto& [p, bytes] : m_live) total += model(bytes);
        return total;
    }

    std::size_t Mismatches() const { return m_mismatches; }
    std::size_t TotalAllocations() const { return m_total_allocations; }

private:
    std::map<const void*, std::size_t, std::less<>> m_live;
    std::size_t m_mismatches{0};
    std::size_t m_total_allocations{0};
};

/** A standard allocator that reports to an AllocationRegistry. Copies and rebinds share the
 *  registry, and two allocators compare equal exactly when they share one, so memory from one
 *  may be freed through the other. */
template <typename T>
class CountingAllocator
{
public:
    using value_type = T;

    explicit CountingAllocator(AllocationRegistry& registry) noexcept : m_registry{&registry} {}

    template <typename U>
    CountingAllocator(const CountingAllocator<U>& other) noexcept : m_registry{other.m_registry}
    {
    }

    T* allocate(std::size_t n)
    {
        T* p{std::allocator<T>{}.allocate(n)};
        m_registry->Add(p, n * sizeof(T));
        return p;
    }

    void deallocate(T* p, std::size_t n) noexcept
    {
        m_registry->Remove(p, n * sizeof(T));
        std::allocator<T>{}.deallocate(p, n);
    }

    AllocationRegistry& Registry() const noexcept { return *m_registry; }

private:
    template <typename U>
    friend class CountingAllocator;

    AllocationRegistry* m_registry;
};

template <typename T, typename U>
bool operator==(const CountingAllocator<T>& a, const CountingAllocator<U>& b) noexcept
{
    return &a.Registry() == &b.Registry();
}

template <typename T, typename U>
bool operator!=(const CountingAllocator<T>& a, const CountingAllocator<U>& b) noexcept
{
    return !(a == b);
}

#endif // MEMUSAGE_TEST_UTIL_COUNTING_ALLOCATOR_H
