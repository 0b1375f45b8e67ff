// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#include <prevector.h>

#include <test/util/era.h>
#include <test/util/random.h>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <ostream>
#include <sstream>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>
#if __has_include(<version>)
#include <version>
#endif
#if defined(__cpp_lib_ranges)
#include <compare>
#include <ranges>
#endif
#if defined(__cpp_lib_span)
#include <span>
#endif

// Clang before 15 cannot compile libstdc++ 12's range adaptors at all (even over std::vector),
// so the views checks are skipped on that toolchain; the concept checks still run.
#if defined(__cpp_lib_ranges) && !(defined(__clang__) && __clang_major__ < 15 && defined(__GLIBCXX__))
#define TEST_HAVE_RANGE_VIEWS 1
#endif

namespace {

/** A trivially copyable element that is not a scalar: 8 bytes, aligned to 4. */
struct Pod {
    uint32_t a;
    uint16_t b;
    uint8_t c;
    uint8_t d;

    Pod() = default;
    constexpr Pod(uint32_t a_in, uint16_t b_in) : a{a_in}, b{b_in}, c{uint8_t(a_in)}, d{uint8_t(b_in)} {}

    friend constexpr bool operator==(const Pod& x, const Pod& y) { return x.a == y.a && x.b == y.b && x.c == y.c && x.d == y.d; }
    // Core's prevector == through v31 calls T's != (C++17 does not rewrite it from ==).
    friend constexpr bool operator!=(const Pod& x, const Pod& y) { return !(x == y); }
    friend bool operator<(const Pod& x, const Pod& y)
    {
        return std::make_tuple(x.a, x.b, x.c, x.d) < std::make_tuple(y.a, y.b, y.c, y.d);
    }
};
static_assert(std::is_trivially_copyable_v<Pod>);
static_assert(sizeof(Pod) == 8 && alignof(Pod) == 4);
// From era 32 Core's == no longer calls !=; it must still agree with ==.
static_assert(Pod{1, 2} != Pod{1, 3} && !(Pod{1, 2} != Pod{1, 2}));

/** Trivially copyable but not trivial: a default member initializer. resize() value-initializes
 *  new elements with T{}, so they take the initializer, not zero. */
struct WithInit {
    int32_t x{-5};
};
static_assert(std::is_trivially_copyable_v<WithInit> && !std::is_trivial_v<WithInit>);

/** Capacity Core's prevector must report, derived from its rules rather than read back. Inline
 *  storage counts as N; a heap buffer has exactly the capacity last asked of change_capacity. */
template <unsigned int N>
class ExpectedCapacity
{
    size_t m_capacity{N};

public:
    size_t Value() const { return m_capacity; }
    bool OnHeap() const { return m_capacity > N; }
    /** change_capacity(c): inline when c <= N, else a buffer of exactly c. */
    void Change(size_t c) { m_capacity = c <= N ? N : c; }
    /** resize, reserve, assign, resize_uninitialized: grow to exactly n, never shrink. */
    void AtLeastExactly(size_t n) { if (m_capacity < n) Change(n); }
    /** insert, push_back, emplace_back: on overflow grow to half as much again. */
    void GrowForInsert(size_t new_size) { if (m_capacity < new_size) Change(new_size + new_size / 2); }
    /** Constructors and copies allocate exactly their size. */
    static ExpectedCapacity Exact(size_t n) { ExpectedCapacity e; e.Change(n); return e; }
    /** shrink_to_fit(). */
    void Shrink(size_t size) { Change(size); }
};

/** Whether prevector takes T on this host: Core's refuses an element or Size type aligned more
 *  strictly than a pointer, as uint64_t, int64_t and double are on 32-bit ARM (8 against 4), from
 *  v0.20 (PR 17708); the byte-packed prevector before it took any. */
template <typename T>
inline constexpr bool ACCEPTED{MEMUSAGE_CORE_VERSION < 20 || alignof(T) <= alignof(char*)};

/** body(T{}) where prevector takes T; elsewhere says what is not tested here and why. */
template <typename T, typename Body>
void WhereAccepted(const char* what, Body body)
{
    if constexpr (ACCEPTED<T>) {
        body(T{});
    } else {
        BOOST_TEST_MESSAGE(what << ": not tested on this host, where a " << sizeof(T) << "-byte T is aligned to "
                                << alignof(T) << " and a pointer to " << alignof(char*) << ": Core's prevector refuses it too");
        BOOST_CHECK_GT(alignof(T), alignof(char*));
    }
}

/** The models' own equality, element by element, as CoreLess (test/util/era.h) orders: a host's
 *  standard library may get std::vector's comparisons wrong (GCC 12's C++20 library does operator<
 *  on big-endian hosts for 8-byte elements), and the reference must not inherit that. */
template <typename T>
bool ElementwiseEqual(const std::vector<T>& x, const std::vector<T>& y)
{
    if (x.size() != y.size()) return false;
    for (size_t i{0}; i < x.size(); ++i) {
        if (!(x[i] == y[i])) return false;
    }
    return true;
}

template <typename T>
T RandomValue(SeededRandom& rng)
{
    // Half the values come from {0..3}, so equal elements and equal containers are common.
    const uint64_t bits{rng.randbool() ? rng.randbits(2) : rng.rand64()};
    if constexpr (std::is_same_v<T, Pod>) {
        return Pod{uint32_t(bits), uint16_t(bits >> 32)};
    } else {
        return T(bits);
    }
}

/** Drives two prevectors and two std::vector models through random operations, checking after
 *  every one that contents, size, capacity and allocated_memory agree with the model. */
template <unsigned int N, typename T, typename Size = uint32_t, typename Diff = int32_t>
class PrevectorDifferential
{
    using PV = prevector<N, T, Size, Diff>;
    using Vec = std::vector<T>;

    struct Slot {
        PV pv;
        Vec model;
        ExpectedCapacity<N> cap;
    };

    static constexpr size_t MAX_SIZE{3 * N + 40};

    SeededRandom& m_rng;
    Slot m_slots[2];
    uint64_t m_op_index{0};
    const char* m_op_name{""};
    uint64_t m_checks{0};

    [[noreturn]] void Fail(const std::string& what) const
    {
        std::ostringstream msg;
        msg << "prevector<" << N << ", " << sizeof(T) << "-byte T, " << sizeof(Size) << "-byte Size>: operation #"
            << m_op_index << " (" << m_op_name << "): " << what << "; " << SeedContext(GetTestSeed());
        BOOST_FAIL(msg.str());
        throw; // not reached: BOOST_FAIL throws
    }

    void Require(bool ok, const char* what) const
    {
        if (!ok) Fail(what);
    }

    T Value() { return RandomValue<T>(m_rng); }
    size_t Range(size_t n) { return size_t(m_rng.randrange(n)); }

    Vec RandomVec(size_t max_len)
    {
        Vec v(Range(max_len + 1));
        for (T& x : v) x = Value();
        return v;
    }

    /** Everything observable about pv against the model and the expected capacity. */
    void Check(const PV& pv, const Vec& model, const ExpectedCapacity<N>& cap)
    {
        Require(pv.size() == model.size(), "size differs from std::vector");
        Require(pv.empty() == model.empty(), "empty() wrong");
        Require(pv.capacity() == cap.Value(), "capacity differs from Core's growth rules");
        Require(pv.allocated_memory() == (cap.OnHeap() ? sizeof(T) * cap.Value() : 0), "allocated_memory inconsistent with capacity");
        Require(size_t(pv.end() - pv.begin()) == model.size(), "end() - begin() != size()");
        const char* self{reinterpret_cast<const char*>(&pv)};
        const char* data{reinterpret_cast<const char*>(pv.data())};
        Require((data >= self && data < self + sizeof(PV)) == !cap.OnHeap(), "elements not inline exactly when capacity is N");
        Require(pv.data() == pv.begin().operator->(), "data() != begin()");
        size_t i{0};
        for (typename PV::const_iterator it{pv.begin()}; it != pv.end(); ++it, ++i) {
            if (!(*it == model[i] && pv[i] == model[i] && pv.data()[i] == model[i])) {
                Fail("element " + std::to_string(i) + " differs from std::vector");
            }
        }
        if (!model.empty()) {
            Require(pv.front() == model.front() && pv.back() == model.back(), "front/back differ");
        }
        ++m_checks;
    }

    void Check(int s) { Check(m_slots[s].pv, m_slots[s].model, m_slots[s].cap); }

    /** Non-const access paths: iterate backwards through iterator, write through several. */
    void CheckMutableAccess(Slot& s)
    {
        PV& pv{s.pv};
        size_t i{s.model.size()};
        for (typename PV::iterator it{pv.end()}; it != pv.begin();) {
            --i;
            it--;
            Require(*it == s.model[i] && pv.begin()[Diff(i)] == s.model[i], "backward iteration differs");
        }
        if (s.model.empty()) return;
        const size_t pos{Range(s.model.size())};
        const T v{Value()};
        switch (Range(6)) {
        case 0: pv[Size(pos)] = v; break;
        case 1: *(pv.begin() + Diff(pos)) = v; break;
        case 2: pv.data()[pos] = v; break;
        case 3: pv.begin()[Diff(pos)] = v; break;
        case 4: *(Diff(pos) + pv.begin()) = v; break;
        default: *std::prev(pv.end(), Diff(s.model.size() - pos)) = v; break;
        }
        s.model[pos] = v;
        if (Range(4) == 0) {
            pv.front() = v;
            s.model.front() = v;
        } else if (Range(3) == 0) {
            pv.back() = v;
            s.model.back() = v;
        }
    }

    void Step()
    {
        const int a{m_rng.randbool() ? 1 : 0};
        const int b{1 - a};
        Slot& s{m_slots[a]};
        Slot& o{m_slots[b]};
        PV& pv{s.pv};
        Vec& model{s.model};
        const size_t size{model.size()};
        // Bias towards shrinking when large so sizes hover around a few N.
        size_t op{Range(32)};
        if (size > MAX_SIZE && op < 10) op = 11;

        switch (op) {
        case 0: case 1: {
            m_op_name = "insert(pos, value)";
            const size_t pos{Range(size + 1)};
            const T v{Value()};
            s.cap.GrowForInsert(size + 1);
            const typename PV::iterator it{pv.insert(pv.begin() + pos, v)};
            model.insert(model.begin() + pos, v);
            Require(it == pv.begin() + pos && *it == v, "insert did not return an iterator to the new element");
            break;
        }
        case 2: {
            m_op_name = "insert(pos, count, value)";
            const size_t pos{Range(size + 1)};
            const size_t count{Range(N + 5)};
            const T v{Value()};
            s.cap.GrowForInsert(size + count);
            pv.insert(pv.begin() + pos, Size(count), v);
            model.insert(model.begin() + pos, count, v);
            break;
        }
        case 3: {
            m_op_name = "insert(pos, first, last)";
            const size_t pos{Range(size + 1)};
            switch (Range(3)) {
            case 0: {
                const Vec src{RandomVec(N + 4)};
                s.cap.GrowForInsert(size + src.size());
                pv.insert(pv.begin() + pos, src.begin(), src.end());
                model.insert(model.begin() + pos, src.begin(), src.end());
                break;
            }
            case 1: {
                const Vec src{RandomVec(N + 4)};
                s.cap.GrowForInsert(size + src.size());
                pv.insert(pv.begin() + pos, src.data(), src.data() + src.size());
                model.insert(model.begin() + pos, src.begin(), src.end());
                break;
            }
            default: {
                // From the other prevector, through its const_iterators.
                const PV& src{o.pv};
                const size_t first{Range(o.model.size() + 1)};
                const size_t last{first + Range(std::min<size_t>(o.model.size() - first, N + 4) + 1)};
                s.cap.GrowForInsert(size + (last - first));
                pv.insert(pv.begin() + pos, src.begin() + first, src.begin() + last);
                model.insert(model.begin() + pos, o.model.begin() + first, o.model.begin() + last);
                break;
            }
            }
            break;
        }
        case 4: case 5: {
            m_op_name = "push_back";
            const T v{Value()};
            s.cap.GrowForInsert(size + 1);
            pv.push_back(v);
            model.push_back(v);
            break;
        }
        case 6: {
            m_op_name = "emplace_back";
            const T v{Value()};
            s.cap.GrowForInsert(size + 1);
            if constexpr (std::is_same_v<T, Pod>) {
                pv.emplace_back(v.a, v.b);
                model.emplace_back(v.a, v.b);
            } else {
                pv.emplace_back(v);
                model.emplace_back(v);
            }
            break;
        }
        case 7: {
            m_op_name = "resize";
            const size_t n{Range(MAX_SIZE + 1)};
            if (n > size) s.cap.AtLeastExactly(n);
            pv.resize(Size(n));
            model.resize(n);
            break;
        }
        case 8: {
            m_op_name = "resize_uninitialized";
            const size_t n{Range(MAX_SIZE + 1)};
            s.cap.AtLeastExactly(n);
            pv.resize_uninitialized(Size(n));
            model.resize(n);
            for (size_t i{size}; i < n; ++i) {
                const T v{Value()};
                pv[Size(i)] = v;
                model[i] = v;
            }
            break;
        }
        case 9: {
            m_op_name = "assign(n, value)";
            const size_t n{Range(MAX_SIZE + 1)};
            const T v{Value()};
            s.cap.AtLeastExactly(n);
            pv.assign(Size(n), v);
            model.assign(n, v);
            break;
        }
        case 10: {
            m_op_name = "assign(first, last)";
            if (m_rng.randbool()) {
                const Vec src{RandomVec(MAX_SIZE)};
                s.cap.AtLeastExactly(src.size());
                pv.assign(src.begin(), src.end());
                model = src;
            } else {
                const PV& src{o.pv};
                s.cap.AtLeastExactly(o.model.size());
                pv.assign(src.begin(), src.end());
                model = o.model;
            }
            break;
        }
        case 11: case 12: {
            m_op_name = "erase(first, last)";
            const size_t first{Range(size + 1)};
            const size_t last{first + Range(size - first + 1)};
            const typename PV::iterator it{pv.erase(pv.begin() + first, pv.begin() + last)};
            model.erase(model.begin() + first, model.begin() + last);
            Require(it == pv.begin() + first, "erase(first, last) did not return first");
            break;
        }
        case 13: {
            m_op_name = "erase(pos)";
            if (size == 0) break;
            const size_t pos{Range(size)};
            const typename PV::iterator it{pv.erase(pv.begin() + pos)};
            model.erase(model.begin() + pos);
            Require(it == pv.begin() + pos, "erase(pos) did not return pos");
            break;
        }
        case 14: {
            m_op_name = "pop_back";
            if (size == 0) break;
            pv.pop_back();
            model.pop_back();
            break;
        }
        case 15: {
            m_op_name = "reserve";
            const size_t n{Range(2 * MAX_SIZE)};
            s.cap.AtLeastExactly(n);
            pv.reserve(Size(n));
            break;
        }
        case 16: {
            m_op_name = "shrink_to_fit";
            s.cap.Shrink(size);
            pv.shrink_to_fit();
            break;
        }
        case 17: {
            m_op_name = "clear";
            pv.clear();
            model.clear();
            break;
        }
        case 18: {
            m_op_name = "copy constructor, then move assignment";
            PV copy{pv};
            const ExpectedCapacity<N> copy_cap{ExpectedCapacity<N>::Exact(size)};
            Check(copy, model, copy_cap);
            o.pv = std::move(copy);
            if constexpr (ERA_MOVE == EraMove::STEAL) {
                Check(copy, Vec{}, ExpectedCapacity<N>{});
            } else if constexpr (ERA_MOVE == EraMove::SWAP) {
                Check(copy, o.model, o.cap);
            } else {
                Check(copy, model, copy_cap);
            }
            o.model = model;
            o.cap = copy_cap; // exact in every era: the copy's, or an exact copy assignment
            break;
        }
        case 19: {
            m_op_name = "move constructor";
            PV moved{std::move(pv)};
            if constexpr (ERA_MOVE == EraMove::COPY) {
                Check(pv, model, s.cap);
                Check(moved, model, ExpectedCapacity<N>::Exact(size));
                s.cap = ExpectedCapacity<N>::Exact(size); // what the copy assignment below leaves
            } else {
                Check(pv, Vec{}, ExpectedCapacity<N>{});
                Check(moved, model, s.cap);
            }
            pv = std::move(moved);
            break;
        }
        case 20: {
            m_op_name = "constructors, then move assignment";
            const size_t n{Range(MAX_SIZE + 1)};
            const ExpectedCapacity<N> cap{ExpectedCapacity<N>::Exact(n)};
            switch (Range(5)) {
            case 0: {
                PV fresh{};
                Check(fresh, Vec{}, ExpectedCapacity<N>{});
                o.pv = std::move(fresh);
                o.model.clear();
                o.cap = ExpectedCapacity<N>{};
                break;
            }
            case 1: {
                PV fresh(static_cast<Size>(n));
                o.model.assign(n, T{});
                Check(fresh, o.model, cap);
                o.pv = std::move(fresh);
                o.cap = cap;
                break;
            }
            case 2: {
                const T v{Value()};
                PV fresh(static_cast<Size>(n), v);
                o.model.assign(n, v);
                Check(fresh, o.model, cap);
                o.pv = std::move(fresh);
                o.cap = cap;
                break;
            }
            case 3: {
                const Vec src{RandomVec(MAX_SIZE)};
                PV fresh(src.begin(), src.end());
                Check(fresh, src, ExpectedCapacity<N>::Exact(src.size()));
                o.pv = std::move(fresh);
                o.model = src;
                o.cap = ExpectedCapacity<N>::Exact(src.size());
                break;
            }
            default: {
                const Vec src{RandomVec(MAX_SIZE)};
                PV fresh(src.data(), src.data() + src.size());
                Check(fresh, src, ExpectedCapacity<N>::Exact(src.size()));
                o.pv = std::move(fresh);
                o.model = src;
                o.cap = ExpectedCapacity<N>::Exact(src.size());
                break;
            }
            }
            break;
        }
        case 21: {
            m_op_name = "copy assignment";
            o.pv = pv;
            o.model = model;
            if constexpr (COPY_ASSIGN_EXACT) {
                o.cap = ExpectedCapacity<N>::Exact(size);
            } else {
                o.cap.AtLeastExactly(size);
            }
            break;
        }
        case 22: {
            m_op_name = "self copy assignment";
            const PV& alias{pv};
            pv = alias;
            break;
        }
        case 23: {
            m_op_name = "move assignment";
            o.pv = std::move(pv);
            if constexpr (ERA_MOVE == EraMove::STEAL) {
                o.model = std::move(model);
                o.cap = s.cap;
                model.clear();
                s.cap = ExpectedCapacity<N>{};
            } else if constexpr (ERA_MOVE == EraMove::SWAP) {
                std::swap(model, o.model);
                std::swap(s.cap, o.cap);
            } else {
                o.model = model;
                o.cap = ExpectedCapacity<N>::Exact(size);
            }
            break;
        }
        case 24: case 25: {
            m_op_name = "swap";
            const bool member{m_rng.randbool()};
            if (member) {
                pv.swap(o.pv);
            } else {
                std::swap(pv, o.pv); // through the move constructor and move assignment
            }
            std::swap(model, o.model);
            std::swap(s.cap, o.cap);
            if (ERA_MOVE == EraMove::COPY && !member) { // three exact copies
                s.cap = ExpectedCapacity<N>::Exact(model.size());
                o.cap = ExpectedCapacity<N>::Exact(o.model.size());
            }
            break;
        }
        case 26: case 27: {
            m_op_name = "==, !=, <";
            const PV& x{pv};
            const PV& y{o.pv};
            Require((x == y) == ElementwiseEqual(model, o.model), "operator== differs from the model");
            Require((x != y) == !ElementwiseEqual(model, o.model), "operator!= differs from the model");
            Require((x < y) == CoreLess(model, o.model), "operator< differs from the era's order");
            Require((y < x) == CoreLess(o.model, model), "operator< (reversed) differs from the era's order");
            Require(x == x && !(x != x) && !(x < x), "prevector not equal to itself");
            break;
        }
        default: {
            m_op_name = "iterators, operator[], front, back, data";
            CheckMutableAccess(s);
            break;
        }
        }
        Check(a);
        Check(b);
    }

public:
    explicit PrevectorDifferential(SeededRandom& rng) : m_rng{rng} {}

    uint64_t Run(uint64_t ops)
    {
        for (m_op_index = 0; m_op_index < ops; ++m_op_index) {
            Step();
        }
        return m_checks;
    }
};

template <unsigned int N, typename T, typename Size = uint32_t, typename Diff = int32_t>
uint64_t RunDifferential(uint64_t stream, uint64_t ops)
{
    SeededRandom rng{GetTestSeed(), stream};
    PrevectorDifferential<N, T, Size, Diff> test{rng};
    const uint64_t checks{test.Run(ops)};
    BOOST_CHECK_GE(checks, 2 * ops);
    return checks;
}

/** Capacity and heap bytes in one comparable, printable value. */
struct Cap {
    size_t capacity;
    size_t allocated;

    Cap(size_t capacity_in, size_t allocated_in) : capacity{capacity_in}, allocated{allocated_in} {}
    friend bool operator==(const Cap& x, const Cap& y) { return x.capacity == y.capacity && x.allocated == y.allocated; }
    friend std::ostream& operator<<(std::ostream& os, const Cap& c)
    {
        return os << "(capacity " << c.capacity << ", allocated " << c.allocated << ")";
    }
};

template <typename PV>
Cap CapacityOf(const PV& pv)
{
    return {pv.capacity(), pv.allocated_memory()};
}

} // namespace

BOOST_AUTO_TEST_SUITE(prevector_tests)

BOOST_AUTO_TEST_CASE(prevector_sizeof_matches_core_layout)
{
    // Core's layout from v0.20 (PR 17708): a byte-packed union of T[N] and {char*, Size}, aligned
    // as a pointer, then Size, the whole rounded up to pointer alignment. Before v0.20 the whole
    // class is byte-packed: Size, then the union, no padding at all. Numbers worked out by hand
    // per ABI.
    struct Case {
        size_t actual;
        size_t bits64;
        size_t bits32;
        size_t packed64;
        size_t packed32;
        const char* name;
    };
    const Case cases[]{
        {sizeof(prevector<28, unsigned char>), 32, 32, 32, 32, "prevector<28, unsigned char> (CScriptBase)"},
        {sizeof(prevector<16, unsigned char>), 24, 20, 20, 20, "prevector<16, unsigned char>"},
        {sizeof(prevector<24, unsigned char>), 32, 28, 28, 28, "prevector<24, unsigned char>"},
        {sizeof(prevector<1, unsigned char>), 16, 12, 16, 12, "prevector<1, unsigned char>"},
        {sizeof(prevector<4, unsigned char>), 16, 12, 16, 12, "prevector<4, unsigned char>"},
        {sizeof(prevector<35, unsigned char>), 40, 40, 39, 39, "prevector<35, unsigned char>"},
        {sizeof(prevector<36, unsigned char>), 40, 40, 40, 40, "prevector<36, unsigned char>"},
        {sizeof(prevector<37, unsigned char>), 48, 44, 41, 41, "prevector<37, unsigned char>"},
        {sizeof(prevector<8, int>), 40, 36, 36, 36, "prevector<8, int>"},
        {sizeof(prevector<33, uint16_t, uint16_t, int16_t>), 72, 68, 68, 68, "prevector<33, uint16_t, uint16_t, int16_t>"},
        {sizeof(prevector<3, uint8_t, uint8_t, int8_t>), 16, 8, 10, 6, "prevector<3, uint8_t, uint8_t, int8_t>"},
        {sizeof(prevector<2, Pod>), 24, 20, 20, 20, "prevector<2, Pod>"},
        {sizeof(prevector<3, Pod>), 32, 28, 28, 28, "prevector<3, Pod>"},
    };
    BOOST_REQUIRE(sizeof(void*) == 8 || sizeof(void*) == 4);
    constexpr bool packed{MEMUSAGE_CORE_VERSION < 20};
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT(c.name)
        {
            BOOST_CHECK_EQUAL(c.actual, sizeof(void*) == 8 ? (packed ? c.packed64 : c.bits64) : (packed ? c.packed32 : c.bits32));
        }
    }
    BOOST_CHECK_EQUAL(alignof(prevector<28, unsigned char>), packed ? 1 : alignof(char*));
    BOOST_CHECK_EQUAL(alignof(prevector<3, uint8_t, uint8_t, int8_t>), packed ? 1 : alignof(char*));
    // So a prevector after a byte in a struct starts right behind it before v0.20.
    struct AfterByte {
        char c;
        prevector<8, int> pv;
    };
    BOOST_CHECK_EQUAL(offsetof(AfterByte, pv), packed ? 1 : alignof(char*));
    BOOST_CHECK_EQUAL((prevector<28, unsigned char>::STATIC_SIZE), 28U);
    WhereAccepted<uint64_t>("prevector<1, uint64_t> and a 64-bit Size", [](auto tag) {
        using U64 = decltype(tag);
        BOOST_CHECK_EQUAL(sizeof(prevector<1, U64>), sizeof(void*) == 8 ? 16U : 12U);
        BOOST_CHECK_EQUAL((sizeof(prevector<20, uint32_t, U64, std::make_signed_t<U64>>)), 88U);
        BOOST_CHECK_EQUAL((prevector<1, U64>::STATIC_SIZE), 1U);
    });
}

BOOST_AUTO_TEST_CASE(prevector_capacity_grows_by_half)
{
    prevector<28, unsigned char> pv;
    BOOST_CHECK_EQUAL(CapacityOf(pv), Cap(28, 0));
    for (int i{0}; i < 28; ++i) pv.push_back(uint8_t(i));
    BOOST_CHECK_EQUAL(CapacityOf(pv), Cap(28, 0)); // full, still inline
    pv.push_back(28);
    BOOST_CHECK_EQUAL(CapacityOf(pv), Cap(43, 43)); // 29 + 29 / 2
    for (int i{29}; i < 43; ++i) pv.emplace_back(uint8_t(i));
    BOOST_CHECK_EQUAL(CapacityOf(pv), Cap(43, 43));
    pv.emplace_back(uint8_t{43});
    BOOST_CHECK_EQUAL(CapacityOf(pv), Cap(66, 66)); // 44 + 22
    for (int i{0}; i < 44; ++i) BOOST_CHECK_EQUAL(pv[i], i);

    // insert grows the same way, from the size it needs.
    prevector<8, int> iv(8, 1);
    BOOST_CHECK_EQUAL(CapacityOf(iv), Cap(8, 0));
    iv.insert(iv.begin(), 5, 2);
    BOOST_CHECK_EQUAL(CapacityOf(iv), Cap(19, 19 * sizeof(int))); // 13 + 6
    const std::vector<int> ten(10, 3);
    iv.insert(iv.begin() + 4, ten.begin(), ten.end());
    BOOST_CHECK_EQUAL(CapacityOf(iv), Cap(34, 34 * sizeof(int))); // 23 + 11
    iv.insert(iv.end(), 4);
    BOOST_CHECK_EQUAL(CapacityOf(iv), Cap(34, 34 * sizeof(int)));
    BOOST_CHECK_EQUAL(iv.size(), 24U);
    const std::vector<int> expected_prefix{2, 2, 2, 2, 3};
    BOOST_CHECK(std::equal(expected_prefix.begin(), expected_prefix.end(), iv.begin()));
    BOOST_CHECK_EQUAL(iv.back(), 4);

    // One element inline, then 2 + 1 = 3 on the heap.
    prevector<1, uint32_t> one;
    one.push_back(7);
    BOOST_CHECK_EQUAL(CapacityOf(one), Cap(1, 0));
    one.push_back(8);
    BOOST_CHECK_EQUAL(CapacityOf(one), Cap(3, 12));
    WhereAccepted<uint64_t>("prevector<1, uint64_t>", [](auto tag) {
        prevector<1, decltype(tag)> wide;
        wide.push_back(7);
        BOOST_CHECK_EQUAL(CapacityOf(wide), Cap(1, 0));
        wide.push_back(8);
        BOOST_CHECK_EQUAL(CapacityOf(wide), Cap(3, 24));
    });
}

BOOST_AUTO_TEST_CASE(prevector_resize_reserve_and_constructors_allocate_exactly)
{
    prevector<28, unsigned char> pv;
    pv.resize(29);
    BOOST_CHECK_EQUAL(CapacityOf(pv), Cap(29, 29)); // not 43
    pv.resize(10);
    BOOST_CHECK_EQUAL(CapacityOf(pv), Cap(29, 29));
    pv.resize(30);
    BOOST_CHECK_EQUAL(CapacityOf(pv), Cap(30, 30));
    BOOST_CHECK(std::all_of(pv.begin(), pv.end(), [](unsigned char c) { return c == 0; }));

    prevector<28, unsigned char> r;
    r.reserve(28);
    BOOST_CHECK_EQUAL(CapacityOf(r), Cap(28, 0));
    r.reserve(100);
    BOOST_CHECK_EQUAL(CapacityOf(r), Cap(100, 100));
    r.reserve(50);
    BOOST_CHECK_EQUAL(CapacityOf(r), Cap(100, 100));
    BOOST_CHECK(r.empty());

    prevector<28, unsigned char> u;
    u.resize_uninitialized(40);
    BOOST_CHECK_EQUAL(CapacityOf(u), Cap(40, 40));
    u.resize_uninitialized(41);
    BOOST_CHECK_EQUAL(CapacityOf(u), Cap(41, 41));
    u.resize_uninitialized(3);
    BOOST_CHECK_EQUAL(CapacityOf(u), Cap(41, 41));
    BOOST_CHECK_EQUAL(u.size(), 3U);

    BOOST_CHECK_EQUAL(CapacityOf(prevector<28, unsigned char>(28)), Cap(28, 0));
    BOOST_CHECK_EQUAL(CapacityOf(prevector<28, unsigned char>(29)), Cap(29, 29));
    BOOST_CHECK_EQUAL(CapacityOf(prevector<28, unsigned char>(29, 0xab)), Cap(29, 29));
    const std::vector<int> src(9, 5);
    BOOST_CHECK_EQUAL(CapacityOf(prevector<8, int>(src.begin(), src.end())), Cap(9, 36));
    BOOST_CHECK_EQUAL(CapacityOf(prevector<8, int>(src.begin(), src.begin() + 8)), Cap(8, 0));

    // A copy allocates exactly the source's size, not its capacity.
    prevector<28, unsigned char> big;
    big.reserve(100);
    big.resize(30);
    BOOST_CHECK_EQUAL(CapacityOf(prevector<28, unsigned char>(big)), Cap(30, 30));
    big.resize(10);
    const prevector<28, unsigned char> small_copy(big);
    BOOST_CHECK_EQUAL(CapacityOf(small_copy), Cap(28, 0));
    BOOST_CHECK_EQUAL(CapacityOf(big), Cap(100, 100));
}

BOOST_AUTO_TEST_CASE(prevector_erase_keeps_capacity_until_shrink_to_fit)
{
    std::vector<unsigned char> src(40);
    for (size_t i{0}; i < src.size(); ++i) src[i] = uint8_t(i);
    prevector<28, unsigned char> pv(src.begin(), src.end());
    BOOST_CHECK_EQUAL(CapacityOf(pv), Cap(40, 40));
    const auto after_erase{pv.erase(pv.begin() + 5, pv.end())};
    BOOST_CHECK(after_erase == pv.end());
    BOOST_CHECK_EQUAL(pv.size(), 5U);
    BOOST_CHECK_EQUAL(CapacityOf(pv), Cap(40, 40)); // still on the heap with size <= N
    const auto after_erase_one{pv.erase(pv.begin())};
    BOOST_CHECK(after_erase_one == pv.begin());
    pv.pop_back();
    BOOST_CHECK_EQUAL(CapacityOf(pv), Cap(40, 40));
    BOOST_CHECK_EQUAL(pv.size(), 3U);
    BOOST_CHECK_EQUAL(pv.front(), 1);
    BOOST_CHECK_EQUAL(pv.back(), 3);
    pv.shrink_to_fit();
    BOOST_CHECK_EQUAL(CapacityOf(pv), Cap(28, 0)); // back inline
    BOOST_CHECK_EQUAL(pv.size(), 3U);
    BOOST_CHECK_EQUAL(pv[0], 1);
    BOOST_CHECK_EQUAL(pv[2], 3);

    prevector<28, unsigned char> big(src.begin(), src.end());
    big.reserve(100);
    big.erase(big.begin() + 35, big.end());
    big.shrink_to_fit();
    BOOST_CHECK_EQUAL(CapacityOf(big), Cap(35, 35)); // exactly the size when > N
    big.clear();
    BOOST_CHECK_EQUAL(CapacityOf(big), Cap(35, 35)); // clear keeps the buffer
    big.shrink_to_fit();
    BOOST_CHECK_EQUAL(CapacityOf(big), Cap(28, 0));
}

BOOST_AUTO_TEST_CASE(prevector_assign_never_shrinks_capacity)
{
    prevector<28, unsigned char> pv;
    pv.reserve(100);
    pv.assign(10, 7);
    BOOST_CHECK_EQUAL(CapacityOf(pv), Cap(100, 100));
    BOOST_CHECK_EQUAL(pv.size(), 10U);
    const std::vector<unsigned char> src(200, 9);
    pv.assign(src.begin(), src.end());
    BOOST_CHECK_EQUAL(CapacityOf(pv), Cap(200, 200)); // exact, not grown by half
    pv.assign(src.begin(), src.begin() + 3);
    BOOST_CHECK_EQUAL(CapacityOf(pv), Cap(200, 200));

    const prevector<28, unsigned char> small(5, 1);
    const prevector<28, unsigned char> larger(50, 2);
    pv = small;
    BOOST_CHECK(pv == small);
#if MEMUSAGE_CORE_VERSION >= 17
    // Copy assignment is assign(begin, end) from Core v0.17 (PR 12549): the target keeps its
    // larger buffer.
    BOOST_CHECK_EQUAL(CapacityOf(pv), Cap(200, 200));
    pv = larger;
    BOOST_CHECK_EQUAL(CapacityOf(pv), Cap(200, 200));
#else
    // Before v0.17 the target is sized exactly to the source: back inline here.
    BOOST_CHECK_EQUAL(CapacityOf(pv), Cap(28, 0));
    pv.reserve(200);
    pv = larger;
    BOOST_CHECK_EQUAL(CapacityOf(pv), Cap(50, 50));
#endif
    BOOST_CHECK(pv == larger);
    prevector<28, unsigned char> fresh;
    fresh = larger;
    BOOST_CHECK_EQUAL(CapacityOf(fresh), Cap(50, 50));
}

#if MEMUSAGE_CORE_VERSION >= 26
// Core from v26 (PR 27334): moves are noexcept and take the source's buffer, leaving it empty.
BOOST_AUTO_TEST_CASE(prevector_move_steals_storage_and_empties_source)
{
    static_assert(std::is_nothrow_move_constructible_v<prevector<28, unsigned char>>);
    static_assert(std::is_nothrow_move_assignable_v<prevector<28, unsigned char>>);
    static_assert(noexcept(std::declval<prevector<28, unsigned char>&>().swap(std::declval<prevector<28, unsigned char>&>())));

    prevector<28, unsigned char> heap(50, 3);
    const unsigned char* buffer{heap.data()};
    prevector<28, unsigned char> moved{std::move(heap)};
    BOOST_CHECK(moved.data() == buffer); // the buffer changed hands, no copy
    BOOST_CHECK_EQUAL(CapacityOf(moved), Cap(50, 50));
    BOOST_CHECK(heap.empty());
    BOOST_CHECK_EQUAL(CapacityOf(heap), Cap(28, 0));

    prevector<28, unsigned char> target(60, 4);
    target = std::move(moved); // frees target's own buffer (ASan would report a leak otherwise)
    BOOST_CHECK(target.data() == buffer);
    BOOST_CHECK_EQUAL(target.size(), 50U);
    BOOST_CHECK(moved.empty());

    prevector<28, unsigned char> inline_pv(3, 5);
    target.swap(inline_pv);
    BOOST_CHECK_EQUAL(CapacityOf(target), Cap(28, 0));
    BOOST_CHECK_EQUAL(target.size(), 3U);
    BOOST_CHECK(inline_pv.data() == buffer);

    // Self copy assignment is a no-op; self move assignment, as in Core, leaves it empty.
    prevector<28, unsigned char>& alias{inline_pv};
    inline_pv = alias;
    BOOST_CHECK_EQUAL(inline_pv.size(), 50U);
    BOOST_CHECK(inline_pv.data() == buffer);
    inline_pv = std::move(alias);
    BOOST_CHECK(inline_pv.empty());
    BOOST_CHECK_EQUAL(CapacityOf(inline_pv), Cap(28, 0));

}
#elif MEMUSAGE_CORE_VERSION >= 14
// Core v0.14 to v25 (PR 9349): a move is a swap, and not noexcept.
BOOST_AUTO_TEST_CASE(prevector_move_swaps_with_the_source)
{
    static_assert(!std::is_nothrow_move_constructible_v<prevector<28, unsigned char>>);
    static_assert(!std::is_nothrow_move_assignable_v<prevector<28, unsigned char>>);

    prevector<28, unsigned char> heap(50, 3);
    const unsigned char* buffer{heap.data()};
    prevector<28, unsigned char> moved{std::move(heap)};
    BOOST_CHECK(moved.data() == buffer);
    BOOST_CHECK_EQUAL(CapacityOf(moved), Cap(50, 50));
    BOOST_CHECK(heap.empty()); // it took the new prevector's empty inline contents
    BOOST_CHECK_EQUAL(CapacityOf(heap), Cap(28, 0));

    prevector<28, unsigned char> target(60, 4);
    const unsigned char* target_buffer{target.data()};
    target = std::move(moved); // target's old contents go to the source, which frees them
    BOOST_CHECK(target.data() == buffer);
    BOOST_CHECK_EQUAL(target.size(), 50U);
    BOOST_CHECK_EQUAL(moved.size(), 60U);
    BOOST_CHECK(moved.data() == target_buffer);
    BOOST_CHECK_EQUAL(CapacityOf(moved), Cap(60, 60));

}
#else
// Core before v0.14 has no move operations: an rvalue is copied, the source left as it was.
BOOST_AUTO_TEST_CASE(prevector_move_copies)
{
    static_assert(!std::is_nothrow_move_constructible_v<prevector<28, unsigned char>>);
    prevector<28, unsigned char> heap(50, 3);
    heap.reserve(80);
    const unsigned char* buffer{heap.data()};
    prevector<28, unsigned char> moved{std::move(heap)};
    BOOST_CHECK(moved.data() != buffer);
    BOOST_CHECK_EQUAL(CapacityOf(moved), Cap(50, 50)); // a copy is exactly sized
    BOOST_CHECK_EQUAL(heap.size(), 50U);
    BOOST_CHECK(heap.data() == buffer);

    prevector<28, unsigned char> target(60, 4);
    target = std::move(heap); // copy assignment: exactly sized before v0.17
    BOOST_CHECK_EQUAL(heap.size(), 50U);
    BOOST_CHECK(target == heap);
    BOOST_CHECK_EQUAL(CapacityOf(target), Cap(50, 50));
}
#endif

// A std::vector moves its elements when it grows only where the move is noexcept (Core from v26);
// otherwise it copies them, and a copy is exactly sized: a transaction's scripts lose their
// spare capacity, and RecursiveDynamicUsage sees it.
BOOST_AUTO_TEST_CASE(prevector_spare_capacity_survives_vector_growth_only_with_noexcept_moves)
{
    std::vector<prevector<28, unsigned char>> scripts;
    scripts.reserve(1);
    scripts.emplace_back(40, 1);
    scripts.back().reserve(100);
    scripts.emplace_back(2, 2); // reallocates
    BOOST_CHECK_EQUAL(CapacityOf(scripts.front()), ERA_MOVE == EraMove::STEAL ? Cap(100, 100) : Cap(40, 40));
    BOOST_CHECK_EQUAL(scripts.front().size(), 40U);
}

BOOST_AUTO_TEST_CASE(prevector_value_initializes_new_elements)
{
    // resize() and the size constructor give new elements T{}: zero for scalars, the member
    // initializers for a class, also when the elements move between inline and heap storage.
    prevector<2, WithInit> pv(3);
    BOOST_CHECK_EQUAL(CapacityOf(pv), Cap(3, 3 * sizeof(WithInit)));
    BOOST_CHECK(std::all_of(pv.begin(), pv.end(), [](const WithInit& w) { return w.x == -5; }));
    pv[1].x = 7;
    pv.insert(pv.begin(), WithInit{1});
    pv.erase(pv.begin() + 2, pv.end());
    pv.shrink_to_fit();
    BOOST_CHECK_EQUAL(CapacityOf(pv), Cap(2, 0));
    BOOST_CHECK_EQUAL(pv.front().x, 1);
    BOOST_CHECK_EQUAL(pv.back().x, -5);
    pv.resize(4);
    BOOST_CHECK_EQUAL(pv[3].x, -5);

    prevector<28, unsigned char> bytes(40, 0xee);
    bytes.resize(10);
    bytes.resize(40); // reuses the heap buffer, which still holds 0xee
    BOOST_CHECK(std::all_of(bytes.begin() + 10, bytes.end(), [](unsigned char c) { return c == 0; }));
    BOOST_CHECK_EQUAL(bytes[9], 0xee);
}

/** A prevector holding exactly these elements. Core's prevector has no initializer-list
 *  constructor: PV{1, 3} would be one element of value 3. */
template <typename PV>
PV Of(std::initializer_list<typename PV::value_type> elements)
{
    return PV(elements.begin(), elements.end());
}

#if defined(MEMUSAGE_PREVECTOR_LEXICOGRAPHIC_ORDER) && MEMUSAGE_PREVECTOR_LEXICOGRAPHIC_ORDER
// The opt-in, no era's default: std::vector's order, as a commit on a Core contributor's fork
// has it (core_version.h), so every std::map or std::set keyed by a script sorts so.
BOOST_AUTO_TEST_CASE(prevector_orders_lexicographically)
{
    using PV = prevector<28, unsigned char>;
    const PV one_three{Of<PV>({1, 3})};
    const PV two{Of<PV>({2})};
    BOOST_CHECK(one_three < two); // the first element decides, whatever the sizes
    BOOST_CHECK(!(two < one_three));
    BOOST_CHECK((Of<PV>({1, 2}) < Of<PV>({1, 2, 0}))); // a proper prefix comes first
    BOOST_CHECK(!(Of<PV>({1, 2, 0}) < Of<PV>({1, 2})));
    BOOST_CHECK(Of<PV>({}) < Of<PV>({0}) && !(Of<PV>({}) < Of<PV>({})));
    BOOST_CHECK((Of<PV>({0x01, 0xff}) < Of<PV>({0xff}))); // unsigned bytes: 0xff is the largest
    BOOST_CHECK((Of<PV>({0, 0, 0}) < Of<PV>({0xff, 0xff})) && !(Of<PV>({0xff, 0xff}) < Of<PV>({0, 0, 0})));
    BOOST_CHECK((Of<PV>({0x01, 0x00}) < Of<PV>({0x02})));
    const prevector<8, int> nine(1, 9);
    const prevector<8, int> ones(2, 1);
    BOOST_CHECK(ones < nine && !(nine < ones));
    BOOST_CHECK((Of<prevector<8, int>>({-5}) < Of<prevector<8, int>>({3}))); // elements compare as T does
    BOOST_CHECK((Of<prevector<8, signed char>>({-1}) < Of<prevector<8, signed char>>({1})));
    BOOST_CHECK(!(Of<prevector<8, float>>({0.0f}) < Of<prevector<8, float>>({-0.0f}))); // float: accepted on every host
    // Where the elements live does not matter, inline or on the heap, either side.
    std::vector<unsigned char> long_a(40, 7), long_b(40, 7);
    long_b[39] = 8;
    const PV heap_a(long_a.begin(), long_a.end()), heap_b(long_b.begin(), long_b.end());
    BOOST_CHECK(heap_a < heap_b && !(heap_b < heap_a));
    BOOST_CHECK(PV(27, 7) < heap_a && heap_a < PV(27, 8));
}
#else
// Every Core release, and master up to 58a7869f86 (2026-08-21), so every era: size first, and
// only prevectors of equal size element by element. CScript{0xff, 0xff} < CScript{0, 0, 0} in
// Core v31 and that master, so std::set<CScript> iterates short scripts first.
BOOST_AUTO_TEST_CASE(prevector_orders_by_size_before_contents)
{
    using PV = prevector<28, unsigned char>;
    BOOST_CHECK((Of<PV>({2}) < Of<PV>({1, 3}))); // shorter first, whatever the elements
    BOOST_CHECK(!(Of<PV>({1, 3}) < Of<PV>({2})));
    BOOST_CHECK((Of<PV>({0xff}) < Of<PV>({0x01, 0xff})));
    BOOST_CHECK((Of<PV>({0xff, 0xff}) < Of<PV>({0, 0, 0}))); // the two scripts Core v31 orders so
    BOOST_CHECK((Of<PV>({0x02}) < Of<PV>({0x01, 0x00})));
    BOOST_CHECK((Of<PV>({1, 2}) < Of<PV>({1, 3})) && !(Of<PV>({1, 3}) < Of<PV>({1, 2})));
    const prevector<8, int> nine(1, 9);
    const prevector<8, int> ones(2, 1);
    BOOST_CHECK(nine < ones);
    BOOST_CHECK(!(ones < nine));
    const std::vector<int> v_nine(1, 9), v_ones(2, 1);
    BOOST_CHECK(v_ones < v_nine); // std::vector is lexicographic: the opposite
    const std::vector<int> a{1, 2, 3}, b{1, 3, 0};
    BOOST_CHECK((prevector<8, int>(a.begin(), a.end()) < prevector<8, int>(b.begin(), b.end())));
    BOOST_CHECK(!(prevector<8, int>(b.begin(), b.end()) < prevector<8, int>(a.begin(), a.end())));
    BOOST_CHECK((Of<prevector<8, signed char>>({-1}) < Of<prevector<8, signed char>>({1})));
    BOOST_CHECK(!(nine < nine));
    std::vector<unsigned char> long_a(40, 7);
    BOOST_CHECK(PV(27, 9) < PV(long_a.begin(), long_a.end()));
}
#endif

BOOST_AUTO_TEST_CASE(prevector_equality_ignores_storage)
{
    const prevector<8, int> nine(1, 9);
    const prevector<8, int> ones(2, 1);
    BOOST_CHECK((nine == prevector<8, int>(1, 9)));
    BOOST_CHECK(nine != ones);
    prevector<8, int> heap(1, 9);
    heap.reserve(100);
    BOOST_CHECK(heap == nine && !(heap != nine) && !(heap < nine) && !(nine < heap));
    // As T compares, not bytewise; float, as prevector takes it on every host (double not on 32-bit ARM).
    BOOST_CHECK((Of<prevector<8, float>>({0.0f}) == Of<prevector<8, float>>({-0.0f})));
    const float nan{std::numeric_limits<float>::quiet_NaN()};
    BOOST_CHECK((Of<prevector<8, float>>({nan}) != Of<prevector<8, float>>({nan})));
    WhereAccepted<double>("prevector<8, double>", [](auto zero) {
        using D = decltype(zero);
        BOOST_CHECK((Of<prevector<8, D>>({D{0.0}}) == Of<prevector<8, D>>({D{-0.0}})));
        const D dnan{std::numeric_limits<D>::quiet_NaN()};
        BOOST_CHECK((Of<prevector<8, D>>({dnan}) != Of<prevector<8, D>>({dnan})));
    });
    BOOST_CHECK((Of<prevector<8, int>>({}) == Of<prevector<8, int>>({})));
}

/** An element whose != never finds a difference, while its == compares the values: which of the
 *  two prevector's == calls shows. Alignment 4: accepted on every host. */
struct HalfEqual {
    int32_t m_value;
    bool operator==(const HalfEqual& other) const { return m_value == other.m_value; }
    bool operator!=(const HalfEqual&) const { return false; }
};

// Core through v31 looks for a difference with T's != (element by element); master after v31
// (PR 33772, era 32) compares with std::ranges::equal, that is T's ==.
BOOST_AUTO_TEST_CASE(prevector_equality_calls_the_eras_operator)
{
    using PV = prevector<4, HalfEqual>;
    const std::vector<HalfEqual> one{{1}, {2}}, other{{1}, {3}}, longer{{1}, {2}, {3}};
    const PV a(one.begin(), one.end()), b(other.begin(), other.end()), c(longer.begin(), longer.end());
    BOOST_CHECK_EQUAL(a == b, !EQUALITY_BY_EQ); // != sees no difference; == sees 2 and 3
    BOOST_CHECK_EQUAL(a != b, EQUALITY_BY_EQ);
    BOOST_CHECK(a == a && !(a != a));
    BOOST_CHECK(!(a == c)); // sizes differ: unequal in every era, whatever T says
    PV heap(one.begin(), one.end());
    heap.reserve(20);
    BOOST_CHECK(heap == a);
    BOOST_CHECK_EQUAL(heap == b, !EQUALITY_BY_EQ);
}

/** Random short prevectors over a three-letter alphabet, so equal prefixes and equal sizes are
 *  common, inline and on the heap: == and < against the era model's answer (CoreLess). */
template <unsigned int N, typename T>
void CheckOrderAgainstModel(SeededRandom& rng, int rounds)
{
    using PV = prevector<N, T>;
    for (int round{0}; round < rounds; ++round) {
        std::vector<T> x(rng.randrange(2 * N + 3)), y;
        for (T& e : x) e = T(rng.randrange(3));
        if (rng.randrange(3) == 0) {
            y = x; // equal, or equal up to a changed tail
            if (!y.empty() && rng.randrange(2)) y[rng.randrange(y.size())] = T(rng.randrange(3));
        } else {
            y.resize(rng.randrange(2 * N + 3));
            for (T& e : y) e = T(rng.randrange(3));
        }
        PV px(x.begin(), x.end()), py(y.begin(), y.end());
        if (rng.randrange(2)) px.reserve(2 * N + 5); // the same contents on the heap
        BOOST_REQUIRE_MESSAGE((px == py) == ElementwiseEqual(x, y), "== for sizes " << x.size() << ", " << y.size() << "; " << SeedContext(GetTestSeed()));
        BOOST_REQUIRE_MESSAGE((px != py) == !ElementwiseEqual(x, y), "!= for sizes " << x.size() << ", " << y.size() << "; " << SeedContext(GetTestSeed()));
        BOOST_REQUIRE_MESSAGE((px < py) == CoreLess(x, y), "< for sizes " << x.size() << ", " << y.size() << "; " << SeedContext(GetTestSeed()));
        BOOST_REQUIRE_MESSAGE((py < px) == CoreLess(y, x), "< reversed for sizes " << x.size() << ", " << y.size() << "; " << SeedContext(GetTestSeed()));
    }
}

BOOST_AUTO_TEST_CASE(prevector_comparisons_match_the_era_model_on_random_contents)
{
    SeededRandom rng{GetTestSeed()};
    const int rounds{static_cast<int>(ScaledRounds(20000))};
    CheckOrderAgainstModel<28, unsigned char>(rng, rounds);
    CheckOrderAgainstModel<36, unsigned char>(rng, rounds);
    CheckOrderAgainstModel<8, int>(rng, rounds);
    CheckOrderAgainstModel<4, uint32_t>(rng, rounds);
    WhereAccepted<int64_t>("prevector<4, int64_t>", [&](auto tag) { CheckOrderAgainstModel<4, decltype(tag)>(rng, static_cast<int>(ScaledRounds(10000))); });
}

BOOST_AUTO_TEST_CASE(prevector_reverse_iterators_walk_back_without_leaving_the_buffer)
{
    using PV = prevector<28, unsigned char>;
    for (const size_t n : {size_t{0}, size_t{1}, size_t{28}, size_t{29}, size_t{60}}) {
        std::vector<unsigned char> src(n);
        for (size_t i{0}; i < n; ++i) src[i] = uint8_t(3 * i + 1);
        PV pv(src.begin(), src.end());
        const PV& cpv{pv};
        BOOST_CHECK(std::equal(pv.rbegin(), pv.rend(), src.rbegin(), src.rend()));
        BOOST_CHECK(std::equal(cpv.rbegin(), cpv.rend(), src.rbegin(), src.rend()));
        BOOST_CHECK_EQUAL(std::distance(cpv.rbegin(), cpv.rend()), static_cast<std::ptrdiff_t>(n));
        BOOST_CHECK(pv.rend().base() == pv.begin() && pv.rbegin().base() == pv.end());
        if (n > 0) {
            BOOST_CHECK_EQUAL(*pv.rbegin(), src.back());
            *pv.rbegin() = 0xee; // writes through to the last element
            BOOST_CHECK_EQUAL(pv.back(), 0xee);
        }
        PV::const_reverse_iterator from_mutable{pv.rbegin()};
        BOOST_CHECK(from_mutable == cpv.rbegin());
    }
    static_assert(std::is_same_v<PV::reverse_iterator, std::reverse_iterator<PV::iterator>>);
}

BOOST_AUTO_TEST_CASE(prevector_count_value_constructor_wins_over_iterator_pair)
{
    const prevector<8, int> p(3, 5);
    BOOST_CHECK_EQUAL(p.size(), 3U);
    BOOST_CHECK(std::all_of(p.begin(), p.end(), [](int x) { return x == 5; }));
    const prevector<28, unsigned char> q(3, 5);
    BOOST_CHECK_EQUAL(q.size(), 3U);
    BOOST_CHECK_EQUAL(q[2], 5);
    prevector<8, int> r;
    r.assign(4, 6);
    BOOST_CHECK_EQUAL(r.size(), 4U);
    BOOST_CHECK_EQUAL(r.back(), 6);
    r.insert(r.begin(), 2, 7);
    BOOST_CHECK_EQUAL(r.size(), 6U);
    BOOST_CHECK_EQUAL(r.front(), 7);
    BOOST_CHECK_EQUAL(r[2], 6);
    // The size constructor is explicit, as in Core.
    static_assert(!std::is_convertible_v<uint32_t, prevector<8, int>>);
    static_assert(std::is_constructible_v<prevector<8, int>, const int*, const int*>);
    static_assert(!std::is_constructible_v<prevector<8, int>, const int*, const long*>);
}

BOOST_AUTO_TEST_CASE(prevector_iterators_are_random_access)
{
    using PV = prevector<8, int>;
    static_assert(std::is_base_of_v<std::random_access_iterator_tag, std::iterator_traits<PV::iterator>::iterator_category>);
    static_assert(std::is_base_of_v<std::random_access_iterator_tag, std::iterator_traits<PV::const_iterator>::iterator_category>);
    static_assert(std::is_same_v<std::iterator_traits<PV::iterator>::difference_type, int32_t>);
    static_assert(std::is_same_v<std::iterator_traits<PV::iterator>::reference, int&>);
    static_assert(std::is_same_v<std::iterator_traits<PV::const_iterator>::reference, const int&>);
    static_assert(std::is_default_constructible_v<PV::iterator> && std::is_default_constructible_v<PV::const_iterator>);
    static_assert(std::is_convertible_v<PV::iterator, PV::const_iterator>);
    static_assert(!std::is_convertible_v<PV::const_iterator, PV::iterator>);

    const std::vector<int> src{10, 11, 12, 13, 14, 15, 16, 17, 18, 19};
    PV pv(src.begin(), src.end());
    const PV& cpv{pv};
    PV::iterator it{pv.end()};
    it += -2; // negative offsets work (std::advance and std::prev use them)
    BOOST_CHECK_EQUAL(*it, 18);
    BOOST_CHECK_EQUAL(*(it + -1), 17);
    BOOST_CHECK_EQUAL(*(it - -1), 19);
    BOOST_CHECK_EQUAL(it[-3], 15);
    BOOST_CHECK_EQUAL(*std::prev(pv.end(), 3), 17);
    PV::const_iterator cit{cpv.begin()};
    std::advance(cit, 7);
    std::advance(cit, -2);
    BOOST_CHECK_EQUAL(*cit, 15);
    BOOST_CHECK_EQUAL(cit - cpv.begin(), 5);
    BOOST_CHECK_EQUAL(std::distance(cpv.begin(), cpv.end()), 10);
    BOOST_CHECK(cit == pv.begin() + 5 && pv.begin() + 5 == cit);
    BOOST_CHECK(cit < pv.end() && pv.begin() < cit && cit <= cit && cit >= pv.begin());
    BOOST_CHECK_EQUAL(*(2 + pv.begin()), 12);
    BOOST_CHECK(pv.begin().operator->() == pv.data());
    BOOST_CHECK(pv.end().operator->() == pv.data() + 10);
    BOOST_CHECK(PV::iterator{} == PV::iterator{});

    std::sort(pv.begin(), pv.end(), [](int x, int y) { return x > y; });
    BOOST_CHECK_EQUAL(pv.front(), 19);
    BOOST_CHECK_EQUAL(pv.back(), 10);
    BOOST_CHECK(std::is_sorted(cpv.begin(), cpv.end(), [](int x, int y) { return x > y; }));
    BOOST_CHECK(std::lower_bound(pv.begin(), pv.end(), 15, [](int x, int y) { return x > y; }) == pv.begin() + 4);
}

#if defined(__cpp_lib_ranges) && defined(__cpp_lib_span)
BOOST_AUTO_TEST_CASE(prevector_iterators_are_contiguous_in_cpp20)
{
    using PV = prevector<28, unsigned char>;
    static_assert(std::contiguous_iterator<PV::iterator>);
    static_assert(std::contiguous_iterator<PV::const_iterator>);
    static_assert(std::contiguous_iterator<prevector<33, uint16_t, uint16_t, int16_t>::iterator>);
    static_assert(std::contiguous_iterator<prevector<3, Pod>::const_iterator>);
    static_assert(std::ranges::contiguous_range<PV> && std::ranges::sized_range<PV>);
    static_assert(std::ranges::contiguous_range<const PV>);
    static_assert(std::input_iterator<PV::const_iterator>);

    std::vector<unsigned char> src(40);
    for (size_t i{0}; i < src.size(); ++i) src[i] = uint8_t(200 - 3 * i);
    PV pv(src.begin(), src.end());
    const PV& cpv{pv};

    const std::span<unsigned char> whole(pv.begin(), pv.end());
    BOOST_CHECK_EQUAL(whole.size(), 40U);
    BOOST_CHECK(whole.data() == pv.data());
    const std::span<const unsigned char> from_data(cpv.data(), cpv.size());
    BOOST_CHECK(std::ranges::equal(from_data, src));
    const std::span<const unsigned char> from_range{cpv};
    BOOST_CHECK(from_range.data() == cpv.data() && from_range.size() == 40U);
    BOOST_CHECK_EQUAL(std::to_address(cpv.begin() + 3), cpv.data() + 3);

    // Core from v31 (PR 33771): iterators order with <=>, the relational operators follow from it.
    static_assert(std::three_way_comparable<PV::iterator, std::strong_ordering>);
    static_assert(std::three_way_comparable<PV::const_iterator, std::strong_ordering>);
    BOOST_CHECK((pv.begin() <=> pv.begin() + 1) == std::strong_ordering::less);
    BOOST_CHECK((cpv.end() <=> cpv.begin()) == std::strong_ordering::greater);
    BOOST_CHECK((pv.begin() + 4 <=> cpv.begin() + 4) == std::strong_ordering::equal); // mixed constness
    BOOST_CHECK(pv.begin() < pv.end() && pv.end() > pv.begin() && pv.begin() <= pv.begin() && pv.end() >= pv.begin());

#ifdef TEST_HAVE_RANGE_VIEWS
    std::vector<unsigned char> reversed;
    for (unsigned char c : pv | std::views::reverse) reversed.push_back(c);
    BOOST_CHECK(std::equal(reversed.begin(), reversed.end(), src.rbegin(), src.rend()));
#else
    BOOST_TEST_MESSAGE("std::views checks not compiled: clang 14 cannot build libstdc++ 12's range adaptors");
#endif

    std::ranges::sort(pv);
    BOOST_CHECK(std::ranges::is_sorted(cpv));
    std::ranges::sort(src);
    BOOST_CHECK(std::ranges::equal(cpv, src));
    BOOST_CHECK(std::ranges::find(cpv, src[7]) == cpv.begin() + 7);
#ifdef TEST_HAVE_RANGE_VIEWS
    auto evens{cpv | std::views::filter([](unsigned char c) { return c % 2 == 0; })};
    BOOST_CHECK_EQUAL(std::ranges::distance(evens), std::ranges::count_if(src, [](unsigned char c) { return c % 2 == 0; }));
#endif
}
#endif

BOOST_AUTO_TEST_CASE(prevector_serialization_round_trip)
{
    // Core deserializes a prevector by growing it with resize_uninitialized, chunk by chunk, and
    // memcpy'ing the bytes into data(). Use a small chunk so growth happens several times.
    SeededRandom rng{GetTestSeed(), 1};
    BOOST_TEST_CONTEXT(SeedContext(GetTestSeed()))
    {
        using PV = prevector<28, unsigned char>;
        using WidePV = prevector<8, uint16_t>;
        for (const uint32_t n : {0U, 1U, 27U, 28U, 29U, 100U, 1000U}) {
            PV original;
            for (uint32_t i{0}; i < n; ++i) original.push_back(uint8_t(rng.rand64()));
            std::vector<unsigned char> stream(4 + original.size());
            std::memcpy(stream.data(), &n, 4);
            std::memcpy(stream.data() + 4, original.data(), original.size());

            PV copy;
            copy.assign(5, 0xff); // deserializing clears first
            uint32_t count;
            std::memcpy(&count, stream.data(), 4);
            copy.clear();
            constexpr uint32_t CHUNK{13};
            for (uint32_t done{0}; done < count;) {
                const uint32_t chunk{std::min(count - done, CHUNK)};
                copy.resize_uninitialized(done + chunk);
                std::memcpy(copy.data() + done, stream.data() + 4 + done, chunk);
                done += chunk;
                // Each step reserves exactly what it needs once past the inline space.
                BOOST_CHECK_EQUAL(copy.capacity(), std::max<size_t>(28, done));
            }
            BOOST_CHECK(copy == original);
            BOOST_CHECK_EQUAL(copy.allocated_memory(), n > 28 ? n : 0U);

            WidePV wide(n % 50, uint16_t(n));
            WidePV wide_copy;
            wide_copy.resize_uninitialized(wide.size());
            std::memcpy(wide_copy.data(), wide.data(), wide.size() * sizeof(uint16_t));
            BOOST_CHECK(wide_copy == wide);
            BOOST_CHECK_EQUAL(wide_copy.capacity(), std::max<size_t>(8, wide.size()));
        }
    }
}

BOOST_AUTO_TEST_CASE(prevector_matches_std_vector_under_random_operations)
{
    // Every public member against std::vector and a capacity model of Core's rules, over long
    // random sequences; a failure names the operation and the seed to replay it.
    const auto start{std::chrono::steady_clock::now()};
    BOOST_TEST_MESSAGE(SeedContext(GetTestSeed()));
    BOOST_TEST_CONTEXT(SeedContext(GetTestSeed()))
    {
        // 1,000,000 random operations (fewer under MEMUSAGE_TEST_DIVISOR), each followed by a full
        // check of both prevectors. One 8-byte element inline where prevector takes uint64_t; on
        // 32-bit ARM, which it does not, one 4-byte element instead.
        using OneWide = std::conditional_t<ACCEPTED<uint64_t>, uint64_t, uint32_t>;
        if (!ACCEPTED<uint64_t>) BOOST_TEST_MESSAGE("prevector<1, uint64_t> not taken on this host: prevector<1, uint32_t> runs in its place");
        const uint64_t ops[]{ScaledRounds(200000), ScaledRounds(120000), ScaledRounds(80000)};
        uint64_t checks{0};
        checks += RunDifferential<8, int>(10, ops[0]);
        checks += RunDifferential<28, unsigned char>(11, ops[0]);
        checks += RunDifferential<1, OneWide>(12, ops[0]);
        checks += RunDifferential<33, uint16_t, uint16_t, int16_t>(13, ops[1]);
        checks += RunDifferential<3, Pod>(14, ops[0]);
        checks += RunDifferential<2, uint8_t, uint8_t, int8_t>(15, ops[2]);
        const auto ms{std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count()};
        BOOST_TEST_MESSAGE("prevector differential: " << 4 * ops[0] + ops[1] + ops[2] << " operations, " << checks
                                                       << " checked states in " << ms << " ms");
    }
}

BOOST_AUTO_TEST_SUITE_END()
