// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_PREVECTOR_PREVECTOR_H
#define MEMUSAGE_PREVECTOR_PREVECTOR_H

#include <memusage/core_version.h>

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <new>
#include <type_traits>
#include <utility>
#if __has_include(<version>)
#include <version>
#endif
#if __cplusplus >= 202002L && __has_include(<compare>)
#include <compare>
#endif

// C++20 iterators compare with <=> and ==, as in Core from v31 (PR 33771); C++17 ones keep
// the six hand-written operators.
#if defined(__cpp_impl_three_way_comparison) && defined(__cpp_lib_three_way_comparison)
#define MEMUSAGE_PREVECTOR_SPACESHIP 1
#else
#define MEMUSAGE_PREVECTOR_SPACESHIP 0
#endif

// Checks for misuse that Core leaves undefined (out-of-range positions, front/back/pop_back on an
// empty prevector). Off unless MEMUSAGE_DEBUG (or libstdc++'s _GLIBCXX_ASSERTIONS, which a fork's
// debug build may already set) is defined, so release builds behave as Core does.
#if defined(MEMUSAGE_DEBUG) || defined(_GLIBCXX_ASSERTIONS)
#define MEMUSAGE_PREVECTOR_CHECK(cond) assert(cond)
#else
#define MEMUSAGE_PREVECTOR_CHECK(cond) ((void)0)
#endif

/** A drop-in replacement for std::vector<T> that keeps up to N elements inside the object and
 *  only allocates when it grows beyond that. Size and Diff are the unsigned and signed types used
 *  for element counts and iterator distances. T must be trivially copyable: elements are moved
 *  with memcpy, memmove and realloc.
 *
 *  Storage layout (identical to Bitcoin Core's, so sizeof matches for every N and T):
 *  - m_union: a byte-packed union, aligned as a pointer, of
 *    - direct: room for N elements of T (inline storage), or
 *    - indirect_contents: { char* indirect; Size capacity; }, a malloc'ed buffer of capacity
 *      elements;
 *    its size is max(sizeof(T) * N, sizeof(char*) + sizeof(Size)), with no padding of its own.
 *  - m_size: the element count while inline (0..N), or the element count plus N + 1 while on the
 *    heap, so "m_size <= N" alone says which member of the union is live.
 *  In either state only the first size() elements are initialized.
 *
 *  Before Core v0.20 (PR 17708) the whole class was byte-packed, m_size first and the union's
 *  heap half { Size capacity; char* indirect; }: sizeof is sizeof(Size) plus the union, and
 *  alignof is 1. Eras below 20 (MEMUSAGE_CORE_VERSION) keep that layout.
 */
#if MEMUSAGE_ERA_PREVECTOR_PACKED
#pragma pack(push, 1)
#endif
template <unsigned int N, typename T, typename Size = uint32_t, typename Diff = int32_t>
class prevector
{
    static_assert(std::is_trivially_copyable_v<T>, "prevector moves its elements with memcpy");

#if __cplusplus >= 202002L && defined(__cpp_lib_concepts)
    using IteratorTag = std::contiguous_iterator_tag;
    template <typename It>
    static constexpr bool IS_INPUT_ITERATOR{std::input_iterator<It>};
#else
    using IteratorTag = std::random_access_iterator_tag;
    template <typename It, typename = void>
    struct IsInputIterator : std::false_type {};
    template <typename It>
    struct IsInputIterator<It, std::enable_if_t<std::is_convertible_v<typename std::iterator_traits<It>::iterator_category, std::input_iterator_tag>>> : std::true_type {};
    template <typename It>
    static constexpr bool IS_INPUT_ITERATOR{IsInputIterator<It>::value};
#endif
    template <typename It>
    using EnableIfInputIterator = std::enable_if_t<IS_INPUT_ITERATOR<It>, int>;

public:
    static constexpr unsigned int STATIC_SIZE{N};

    typedef Size size_type;
    typedef Diff difference_type;
    typedef T value_type;
    typedef value_type& reference;
    typedef const value_type& const_reference;
    typedef value_type* pointer;
    typedef const value_type* const_pointer;

    class iterator
    {
        T* m_ptr{};

    public:
        typedef Diff difference_type;
        typedef T value_type;
        typedef T* pointer;
        typedef T& reference;
        using element_type = T;
        using iterator_category = IteratorTag;

        iterator() = default;
        iterator(T* ptr) : m_ptr(ptr) {}
        T& operator*() const { return *m_ptr; }
        T* operator->() const { return m_ptr; }
        T& operator[](std::ptrdiff_t pos) const { return m_ptr[pos]; }
        iterator& operator++() { ++m_ptr; return *this; }
        iterator& operator--() { --m_ptr; return *this; }
        iterator operator++(int) { iterator copy(*this); ++m_ptr; return copy; }
        iterator operator--(int) { iterator copy(*this); --m_ptr; return copy; }
        iterator& operator+=(std::ptrdiff_t n) { m_ptr += n; return *this; }
        iterator& operator-=(std::ptrdiff_t n) { m_ptr -= n; return *this; }
        iterator operator+(std::ptrdiff_t n) const { return iterator(m_ptr + n); }
        iterator operator-(std::ptrdiff_t n) const { return iterator(m_ptr - n); }
        friend iterator operator+(std::ptrdiff_t n, iterator x) { return x + n; }
        friend difference_type operator-(iterator a, iterator b) { return difference_type(a.m_ptr - b.m_ptr); }
        friend bool operator==(iterator a, iterator b) { return a.m_ptr == b.m_ptr; }
#if MEMUSAGE_PREVECTOR_SPACESHIP
        friend std::strong_ordering operator<=>(iterator a, iterator b) { return a.m_ptr <=> b.m_ptr; }
#else
        friend bool operator!=(iterator a, iterator b) { return a.m_ptr != b.m_ptr; }
        friend bool operator<(iterator a, iterator b) { return a.m_ptr < b.m_ptr; }
        friend bool operator>(iterator a, iterator b) { return a.m_ptr > b.m_ptr; }
        friend bool operator<=(iterator a, iterator b) { return a.m_ptr <= b.m_ptr; }
        friend bool operator>=(iterator a, iterator b) { return a.m_ptr >= b.m_ptr; }
#endif
    };

    class const_iterator
    {
        const T* m_ptr{};

    public:
        typedef Diff difference_type;
        typedef T value_type;
        typedef const T* pointer;
        typedef const T& reference;
        using element_type = const T;
        using iterator_category = IteratorTag;

        const_iterator() = default;
        const_iterator(const T* ptr) : m_ptr(ptr) {}
        const_iterator(iterator x) : m_ptr(x.operator->()) {}
        const T& operator*() const { return *m_ptr; }
        const T* operator->() const { return m_ptr; }
        const T& operator[](std::ptrdiff_t pos) const { return m_ptr[pos]; }
        const_iterator& operator++() { ++m_ptr; return *this; }
        const_iterator& operator--() { --m_ptr; return *this; }
        const_iterator operator++(int) { const_iterator copy(*this); ++m_ptr; return copy; }
        const_iterator operator--(int) { const_iterator copy(*this); --m_ptr; return copy; }
        const_iterator& operator+=(std::ptrdiff_t n) { m_ptr += n; return *this; }
        const_iterator& operator-=(std::ptrdiff_t n) { m_ptr -= n; return *this; }
        const_iterator operator+(std::ptrdiff_t n) const { return const_iterator(m_ptr + n); }
        const_iterator operator-(std::ptrdiff_t n) const { return const_iterator(m_ptr - n); }
        friend const_iterator operator+(std::ptrdiff_t n, const_iterator x) { return x + n; }
        friend difference_type operator-(const_iterator a, const_iterator b) { return difference_type(a.m_ptr - b.m_ptr); }
        friend bool operator==(const_iterator a, const_iterator b) { return a.m_ptr == b.m_ptr; }
#if MEMUSAGE_PREVECTOR_SPACESHIP
        friend std::strong_ordering operator<=>(const_iterator a, const_iterator b) { return a.m_ptr <=> b.m_ptr; }
#else
        friend bool operator!=(const_iterator a, const_iterator b) { return a.m_ptr != b.m_ptr; }
        friend bool operator<(const_iterator a, const_iterator b) { return a.m_ptr < b.m_ptr; }
        friend bool operator>(const_iterator a, const_iterator b) { return a.m_ptr > b.m_ptr; }
        friend bool operator<=(const_iterator a, const_iterator b) { return a.m_ptr <= b.m_ptr; }
        friend bool operator>=(const_iterator a, const_iterator b) { return a.m_ptr >= b.m_ptr; }
#endif
    };

    /** Core removed its own reverse iterators in v30 (PR 32490): rend() formed a pointer one
     *  before the buffer. These stay for forks that still call rbegin()/rend(), as standard
     *  adaptors over the contiguous iterators, which never form that pointer. */
    using reverse_iterator = std::reverse_iterator<iterator>;
    using const_reverse_iterator = std::reverse_iterator<const_iterator>;

private:
#pragma pack(push, 1)
    union DirectOrIndirect {
        char direct[sizeof(T) * N];
        struct {
#if !MEMUSAGE_ERA_PREVECTOR_PACKED
            char* indirect;
            size_type capacity;
#else
            size_type capacity;
            char* indirect;
#endif
        } indirect_contents;
    };
#pragma pack(pop)
#if !MEMUSAGE_ERA_PREVECTOR_PACKED
    alignas(char*) DirectOrIndirect m_union = {};
    size_type m_size = 0;

    static_assert(alignof(char*) % alignof(size_type) == 0 && sizeof(char*) % alignof(size_type) == 0,
                  "size_type must not need stricter alignment than a pointer");
    static_assert(alignof(char*) % alignof(T) == 0, "T must not need stricter alignment than a pointer");
#else
    size_type m_size = 0;
    DirectOrIndirect m_union = {};
#endif

    bool IsDirect() const { return m_size <= N; }

    // Positions are unsigned, as size() is: emplace_back's slot and back() then index alike,
    // and the compiler sees they are one address.
    T* DirectPtr(size_type pos) { return reinterpret_cast<T*>(m_union.direct) + pos; }
    const T* DirectPtr(size_type pos) const { return reinterpret_cast<const T*>(m_union.direct) + pos; }
    T* IndirectPtr(size_type pos) { return reinterpret_cast<T*>(m_union.indirect_contents.indirect) + pos; }
    const T* IndirectPtr(size_type pos) const { return reinterpret_cast<const T*>(m_union.indirect_contents.indirect) + pos; }
    T* ItemPtr(size_type pos) { return IsDirect() ? DirectPtr(pos) : IndirectPtr(pos); }
    const T* ItemPtr(size_type pos) const { return IsDirect() ? DirectPtr(pos) : IndirectPtr(pos); }

    /** Size 0, storage kept: what clear() leaves, without walking resize and erase (T is
     *  trivially copyable, so there is nothing to destroy). */
    void Truncate() { m_size = IsDirect() ? 0 : N + 1; }

    /** Move the elements to storage for exactly new_capacity elements: inline storage when
     *  new_capacity <= N, otherwise a heap buffer of exactly new_capacity elements. */
    void ChangeCapacity(size_type new_capacity)
    {
        if (new_capacity <= N) {
            if (!IsDirect()) {
                char* heap{m_union.indirect_contents.indirect};
                std::memcpy(static_cast<void*>(m_union.direct), heap, size() * sizeof(T));
                std::free(heap);
                m_size -= N + 1;
            }
            return;
        }
        // malloc/realloc do not call the new_handler on failure; like Core, treat it as fatal.
        const std::size_t bytes{sizeof(T) * static_cast<std::size_t>(new_capacity)};
        if (!IsDirect()) {
            char* heap{static_cast<char*>(std::realloc(m_union.indirect_contents.indirect, bytes))};
            assert(heap);
            m_union.indirect_contents.indirect = heap;
            m_union.indirect_contents.capacity = new_capacity;
        } else {
            char* heap{static_cast<char*>(std::malloc(bytes))};
            assert(heap);
            // Most moves to the heap start empty (a prevector built or resized beyond N at
            // once): a memcpy of no bytes is still a library call. Otherwise the whole inline
            // buffer is copied, a size the compiler knows (the block holds more than N
            // elements); most moves come from a full buffer anyway (an insertion into N
            // elements). A copy of size() elements shared that size with the index arithmetic
            // around it, and g++ kept both.
            if (m_size != 0) {
                std::memcpy(static_cast<void*>(heap), m_union.direct, sizeof(m_union.direct));
            }
            m_union.indirect_contents.indirect = heap;
            m_union.indirect_contents.capacity = new_capacity;
            m_size += N + 1;
        }
    }

    /** Capacity to grow to when an insertion needs new_size elements: half as much again. */
    static size_type GrownCapacity(size_type new_size) { return new_size + (new_size >> 1); }

    static void FillValue(T* dst, std::ptrdiff_t count, const T& value = T{})
    {
        std::fill_n(dst, count, value);
    }

// GCC 12 at -O2 (with _FORTIFY_SOURCE=3, as Core builds) reports an insertion of more than N
// elements, inlined into Core's CreateGenesisBlock (CScript() << a 65-byte key), as a write
// past the inline buffer: it keeps a path where the storage stayed inline, which OpenGap's
// growth rules out. Core's own prevector.h compiles that object without the warning, and
// Core's CMake can build with -Werror, so the two false positives are silenced here, for GCC.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Warray-bounds"
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#endif
    template <typename InputIterator>
    static void FillCopy(T* dst, InputIterator first, InputIterator last)
    {
        if constexpr (std::is_same_v<InputIterator, iterator> || std::is_same_v<InputIterator, const_iterator> ||
                      std::is_same_v<InputIterator, T*> || std::is_same_v<InputIterator, const T*>) {
            if (first != last) { // memmove: Core's element loop tolerates a source range inside this prevector
                std::memmove(static_cast<void*>(dst), &*first, static_cast<std::size_t>(last - first) * sizeof(T));
            }
        } else {
            for (; first != last; ++first, ++dst) {
                ::new (static_cast<void*>(dst)) T(*first);
            }
        }
    }

    /** Open a gap of count elements at position pos (growing if needed) and return its start. */
    T* OpenGap(size_type pos, size_type count)
    {
        const size_type new_size = size() + count;
        if (capacity() < new_size) {
            ChangeCapacity(GrownCapacity(new_size));
        }
        T* gap{ItemPtr(pos)};
        std::memmove(static_cast<void*>(gap + count), gap, (size() - pos) * sizeof(T));
        m_size += count;
        return gap;
    }

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

public:
    void assign(size_type n, const T& val)
    {
        Truncate();
        if (capacity() < n) {
            ChangeCapacity(n);
        }
        m_size += n;
        FillValue(ItemPtr(0), n, val);
    }

    template <typename InputIterator, EnableIfInputIterator<InputIterator> = 0>
    void assign(InputIterator first, InputIterator last)
    {
        const size_type n = last - first;
        Truncate();
        if (capacity() < n) {
            ChangeCapacity(n);
        }
        // Copy first, count after: a short copy may be a wide masked store over m_size, and a
        // read of m_size right behind it would wait for that store to complete.
        FillCopy(ItemPtr(0), first, last);
        m_size += n;
    }

    prevector() = default;

    explicit prevector(size_type n)
    {
        resize(n);
    }

    explicit prevector(size_type n, const T& val)
    {
        ChangeCapacity(n);
        m_size += n;
        FillValue(ItemPtr(0), n, val);
    }

    template <typename InputIterator, EnableIfInputIterator<InputIterator> = 0>
    prevector(InputIterator first, InputIterator last)
    {
        const size_type n = last - first;
        ChangeCapacity(n);
        m_size += n;
        FillCopy(ItemPtr(0), first, last);
    }

    prevector(const prevector& other)
    {
        const size_type n = other.size();
        ChangeCapacity(n);
        m_size += n;
        FillCopy(ItemPtr(0), other.begin(), other.end());
    }

#if MEMUSAGE_ERA_PREVECTOR_MOVE_STEALS
    /** Takes other's storage and leaves it empty and inline (Core from v26, PR 27334). */
    prevector(prevector&& other) noexcept
        : m_union(other.m_union), m_size(other.m_size)
    {
        other.m_size = 0;
    }
#elif MEMUSAGE_ERA_PREVECTOR_MOVE_SWAPS
    /** Swaps with other (Core v0.14 to v25, PR 9349): other is left empty. Not noexcept, so a
     *  std::vector of prevectors copies them when it reallocates, each copy exactly sized. */
    prevector(prevector&& other)
    {
        swap(other);
    }
#endif
    // Core before v0.14 had no move operations: an rvalue is copied.

    prevector& operator=(const prevector& other)
    {
        if (&other == this) {
            return *this;
        }
#if !MEMUSAGE_ERA_PREVECTOR_EXACT_COPY_ASSIGN
        assign(other.begin(), other.end());
#else
        // Before Core v0.17 (PR 12549) the capacity became exactly other's size, going back
        // inline where it fits.
        Truncate();
        ChangeCapacity(other.size());
        const size_type n = other.size();
        FillCopy(ItemPtr(0), other.begin(), other.end());
        m_size += n;
#endif
        return *this;
    }

#if MEMUSAGE_ERA_PREVECTOR_MOVE_STEALS
    prevector& operator=(prevector&& other) noexcept
    {
        if (!IsDirect()) {
            std::free(m_union.indirect_contents.indirect);
        }
        m_union = other.m_union;
        m_size = other.m_size;
        other.m_size = 0;
        return *this;
    }
#elif MEMUSAGE_ERA_PREVECTOR_MOVE_SWAPS
    /** Swaps: other is left with this prevector's old contents (Core v0.14 to v25). */
    prevector& operator=(prevector&& other)
    {
        swap(other);
        return *this;
    }
#endif

    ~prevector()
    {
        if (!IsDirect()) {
            std::free(m_union.indirect_contents.indirect);
        }
    }

    size_type size() const
    {
        return IsDirect() ? m_size : m_size - N - 1;
    }

    bool empty() const
    {
        return size() == 0;
    }

    iterator begin() { return iterator(ItemPtr(0)); }
    const_iterator begin() const { return const_iterator(ItemPtr(0)); }
    iterator end() { return iterator(ItemPtr(size())); }
    const_iterator end() const { return const_iterator(ItemPtr(size())); }

    reverse_iterator rbegin() { return reverse_iterator(end()); }
    const_reverse_iterator rbegin() const { return const_reverse_iterator(end()); }
    reverse_iterator rend() { return reverse_iterator(begin()); }
    const_reverse_iterator rend() const { return const_reverse_iterator(begin()); }

    size_t capacity() const
    {
        return IsDirect() ? N : m_union.indirect_contents.capacity;
    }

    T& operator[](size_type pos)
    {
        MEMUSAGE_PREVECTOR_CHECK(pos < size());
        return *ItemPtr(pos);
    }

    const T& operator[](size_type pos) const
    {
        MEMUSAGE_PREVECTOR_CHECK(pos < size());
        return *ItemPtr(pos);
    }

    void resize(size_type new_size)
    {
        const size_type cur_size = size();
        if (new_size <= cur_size) {
            // What erase(new end, end()) does with nothing behind it: T is trivially copyable, so
            // there is nothing to destroy, and the capacity stays.
            m_size -= cur_size - new_size;
            return;
        }
        if constexpr (std::is_scalar_v<T> && sizeof(T) * N <= 64) {
            // Growing an empty inline prevector (a script being built or read): zero the whole
            // small inline buffer with a fixed-size fill the compiler inlines. A library memset
            // of a run-time size may cover m_size with a masked wide store, and the next read of
            // m_size then stalls until that store completes (doc/benchmarks.md).
            if (m_size == 0 && new_size <= N) { // empty and inline (an emptied heap buffer keeps its capacity)
                std::memset(m_union.direct, 0, sizeof(m_union.direct));
                m_size = new_size;
                return;
            }
        }
        if (new_size > capacity()) {
            ChangeCapacity(new_size);
        }
        const std::ptrdiff_t increase = new_size - cur_size;
        T* fill{ItemPtr(cur_size)};
#if defined(__GNUC__)
        if constexpr (std::is_scalar_v<T>) {
            // Hide where fill points: a compiler that sees ChangeCapacity's malloc followed by a
            // zero fill of the whole block (an empty prevector grown onto the heap) fuses the two
            // into calloc, which glibc serves without its per-thread cache, at about half again
            // the instructions of malloc and memset.
            __asm__("" : "+r"(fill));
        }
#endif
        const size_type counted = m_size + increase; // read before the fill: see emplace_back
        FillValue(fill, increase);
        m_size = counted;
    }

    void reserve(size_type new_capacity)
    {
        if (new_capacity > capacity()) {
            ChangeCapacity(new_capacity);
        }
    }

    void shrink_to_fit()
    {
        ChangeCapacity(size());
    }

    void clear()
    {
        Truncate(); // resize(0), without computing the size first
    }

    iterator insert(iterator pos, const T& value)
    {
        MEMUSAGE_PREVECTOR_CHECK(begin() <= pos && pos <= end());
        T* gap{OpenGap(pos - begin(), 1)};
        ::new (static_cast<void*>(gap)) T(value);
        return iterator(gap);
    }

    void insert(iterator pos, size_type count, const T& value)
    {
        MEMUSAGE_PREVECTOR_CHECK(begin() <= pos && pos <= end());
        T* gap{OpenGap(pos - begin(), count)};
        FillValue(gap, count, value);
    }

    template <typename InputIterator, EnableIfInputIterator<InputIterator> = 0>
    void insert(iterator pos, InputIterator first, InputIterator last)
    {
        MEMUSAGE_PREVECTOR_CHECK(begin() <= pos && pos <= end());
        const difference_type count = last - first;
        T* gap{OpenGap(pos - begin(), count)};
        FillCopy(gap, first, last);
    }

    /** Set the size without initializing new elements: the caller must write them (as Core's
     *  deserialization does through data()). Growing beyond capacity reserves exactly new_size. */
    void resize_uninitialized(size_type new_size)
    {
        if (capacity() < new_size) {
            ChangeCapacity(new_size);
            m_size += new_size - size();
            return;
        }
        if (new_size < size()) {
            erase(ItemPtr(new_size), end());
        } else {
            m_size += new_size - size();
        }
    }

    iterator erase(iterator pos)
    {
        MEMUSAGE_PREVECTOR_CHECK(begin() <= pos && pos < end());
        return erase(pos, pos + 1);
    }

    /** Erasing never changes the capacity: a prevector on the heap stays there, even with
     *  size() <= N, until shrink_to_fit() moves it back inline. */
    iterator erase(iterator first, iterator last)
    {
        MEMUSAGE_PREVECTOR_CHECK(begin() <= first && first <= last && last <= end());
        const char* tail_end{reinterpret_cast<const char*>(end().operator->())};
        const char* tail{reinterpret_cast<const char*>(last.operator->())};
        m_size -= last - first;
        std::memmove(static_cast<void*>(first.operator->()), tail, tail_end - tail);
        return first;
    }

    template <typename... Args>
    void emplace_back(Args&&... args)
    {
        const size_type cur_size = size();
        if (capacity() == cur_size) {
            ChangeCapacity(GrownCapacity(cur_size + 1));
        }
        T* slot{ItemPtr(cur_size)};
        // Counted before the element is written: the element's bytes may alias m_size as far
        // as the compiler knows, and reading m_size after the write would reload it.
        const size_type counted = m_size + 1;
        ::new (static_cast<void*>(slot)) T(std::forward<Args>(args)...);
        m_size = counted;
    }

    void push_back(const T& value)
    {
        emplace_back(value);
    }

    void pop_back()
    {
        MEMUSAGE_PREVECTOR_CHECK(!empty());
        erase(end() - 1, end());
    }

    T& front()
    {
        MEMUSAGE_PREVECTOR_CHECK(!empty());
        return *ItemPtr(0);
    }

    const T& front() const
    {
        MEMUSAGE_PREVECTOR_CHECK(!empty());
        return *ItemPtr(0);
    }

    T& back()
    {
        MEMUSAGE_PREVECTOR_CHECK(!empty());
        return *ItemPtr(size() - 1);
    }

    const T& back() const
    {
        MEMUSAGE_PREVECTOR_CHECK(!empty());
        return *ItemPtr(size() - 1);
    }

    void swap(prevector& other) noexcept
    {
        std::swap(m_union, other.m_union);
        // Through a copy: a reference cannot bind to the byte-packed m_size of eras before 20.
        const size_type size{m_size};
        m_size = other.m_size;
        other.m_size = size;
    }

    /** Element by element, on the raw element pointers, where the standard library compares
     *  integral elements with one memcmp. Every Core release through v31 looks for a difference
     *  with T's !=; master after v31 (PR 33772) compares with T's ==. For a scalar T the two
     *  agree; a class T gets the operator its era calls. */
    bool operator==(const prevector& other) const
    {
        // data() and size() test the same flag: taking both before the size check lets the
        // compiler test it once, which Core's iterators get from clang (bench/callgrind.sh, Equal).
        const T* first{data()};
        const size_type n{size()};
        if (n != other.size()) {
            return false;
        }
#if !MEMUSAGE_ERA_PREVECTOR_EQUALITY_BY_EQ
        if constexpr (!std::is_scalar_v<T>) {
            return std::equal(first, first + n, other.data(), [](const T& a, const T& b) { return !(a != b); });
        }
#endif
        return std::equal(first, first + n, other.data());
    }

    bool operator!=(const prevector& other) const
    {
        return !(*this == other);
    }

#if MEMUSAGE_ERA_PREVECTOR_LEXICOGRAPHIC
    /** Lexicographic, as std::vector orders: only with MEMUSAGE_PREVECTOR_LEXICOGRAPHIC_ORDER=1,
     *  which no Core era has (core_version.h). Unsigned bytes compare with one memcmp. */
    bool operator<(const prevector& other) const
    {
        return std::lexicographical_compare(data(), data() + size(), other.data(), other.data() + other.size());
    }
#else
    /** Orders by size first, and only prevectors of equal size element by element, as every
     *  Core release and master (58a7869f86, 2026-08-21) do, unlike std::vector's order. */
    bool operator<(const prevector& other) const
    {
        const size_type n{size()};
        if (n != other.size()) {
            return n < other.size();
        }
        return std::lexicographical_compare(data(), data() + n, other.data(), other.data() + n);
    }
#endif

    size_t allocated_memory() const
    {
        return IsDirect() ? 0 : sizeof(T) * static_cast<std::size_t>(m_union.indirect_contents.capacity);
    }

    value_type* data()
    {
        return ItemPtr(0);
    }

    const value_type* data() const
    {
        return ItemPtr(0);
    }
};

#if MEMUSAGE_ERA_PREVECTOR_PACKED
#pragma pack(pop)
#endif

#undef MEMUSAGE_PREVECTOR_CHECK
#undef MEMUSAGE_PREVECTOR_SPACESHIP

#endif // MEMUSAGE_PREVECTOR_PREVECTOR_H
