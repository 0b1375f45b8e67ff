// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_MEMUSAGE_ACCOUNTING_H
#define MEMUSAGE_MEMUSAGE_ACCOUNTING_H

#include <memusage/malloc.h>

#include <cstddef>
#include <memory>
#include <type_traits>

// Accounting in the allocator (what Core's PRs 18086 and 26614 proposed): every block a container
// obtains is charged to a counter as it is allocated and taken off as it is freed, so the
// container's usage, nested containers included when they share the counter, is read in O(1)
// instead of recomputed from a formula.

namespace memusage {

/** Bytes and blocks live through the AccountingAllocators that share this counter, each block
 *  charged MallocUsage(bytes requested) under the compiled malloc model.
 *
 *  Not thread-safe: the counter is a pair of plain integers, updated without synchronization,
 *  like the containers that allocate through it. Containers used from several threads under one
 *  lock may share a counter under that lock; containers used concurrently need counters of
 *  their own. Not copyable: allocators point to it, and it must outlive every block charged to
 *  it. */
class AllocationCounter
{
public:
    AllocationCounter() = default;
    AllocationCounter(const AllocationCounter&) = delete;
    AllocationCounter& operator=(const AllocationCounter&) = delete;

    /** Bytes charged for the live blocks, under the compiled malloc model. */
    size_t Usage() const { return m_usage; }
    /** Live blocks. */
    size_t Blocks() const { return m_blocks; }

    void Allocated(size_t bytes)
    {
        m_usage += MallocUsage(bytes);
        ++m_blocks;
    }

    void Deallocated(size_t bytes)
    {
        m_usage -= MallocUsage(bytes);
        --m_blocks;
    }

private:
    size_t m_usage{0};
    size_t m_blocks{0};
};

/** A standard allocator that allocates through Base and charges each block to an
 *  AllocationCounter.
 *
 *  Propagation: a block is always freed through the counter that was charged for it. All three
 *  propagate_on_container_* traits are true, so the counter travels with the memory: a moved-to
 *  or swapped container takes the other's allocator along with its blocks, and a copy-assigned
 *  one frees its old blocks through its old counter before it adopts the source's. A copy-
 *  constructed container shares the source's counter (select_on_container_copy_construction is
 *  the default: a copy). Two allocators compare equal exactly when they share the counter and
 *  their bases compare equal, so a container never frees memory of one counter through another.
 *  The counter charges MallocUsage of the request, so it matches the real heap only where Base
 *  allocates with malloc (std::allocator does, through operator new). */
template <typename T, typename Base = std::allocator<T>>
class AccountingAllocator
{
    using BaseTraits = std::allocator_traits<Base>;
    static_assert(std::is_same_v<typename BaseTraits::value_type, T>, "Base must allocate T");

public:
    using value_type = T;
    using propagate_on_container_copy_assignment = std::true_type;
    using propagate_on_container_move_assignment = std::true_type;
    using propagate_on_container_swap = std::true_type;
    using is_always_equal = std::false_type;

    /** Base is rebound along with T (allocator_traits' own rebind would keep Base as it is). */
    template <typename U>
    struct rebind {
        using other = AccountingAllocator<U, typename BaseTraits::template rebind_alloc<U>>;
    };

    explicit AccountingAllocator(AllocationCounter& counter, const Base& base = Base()) noexcept
        : m_counter{&counter}, m_base{base}
    {
    }

    template <typename U, typename B>
    AccountingAllocator(const AccountingAllocator<U, B>& other) noexcept
        : m_counter{other.m_counter}, m_base{other.m_base}
    {
    }

    T* allocate(size_t n)
    {
        T* p{BaseTraits::allocate(m_base, n)};
        m_counter->Allocated(n * sizeof(T));
        return p;
    }

    void deallocate(T* p, size_t n) noexcept
    {
        m_counter->Deallocated(n * sizeof(T));
        BaseTraits::deallocate(m_base, p, n);
    }

    AllocationCounter& Counter() const noexcept { return *m_counter; }
    const Base& GetBase() const noexcept { return m_base; }

    template <typename U, typename B>
    friend class AccountingAllocator;

private:
    AllocationCounter* m_counter;
    Base m_base;
};

template <typename T, typename B, typename U, typename C>
bool operator==(const AccountingAllocator<T, B>& a, const AccountingAllocator<U, C>& b) noexcept
{
    return &a.Counter() == &b.Counter() && a.GetBase() == b.GetBase();
}

template <typename T, typename B, typename U, typename C>
bool operator!=(const AccountingAllocator<T, B>& a, const AccountingAllocator<U, C>& b) noexcept
{
    return !(a == b);
}

} // namespace memusage

#endif // MEMUSAGE_MEMUSAGE_ACCOUNTING_H
