// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

// libFuzzer target: the input is read as a sequence of operations on two prevectors, mirrored on
// two std::vectors, and after every step both pairs must hold the same elements and each
// prevector the capacity Core's rules give it (the model below). Three shapes run on every
// input: Core's test shape <8, int>, CScript's <28, unsigned char>, and <1, uint64_t>, where
// inline storage holds a single element.

#include <memusage.h>
#include <test/util/era.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

// Checks stay on whatever NDEBUG says: a fuzz target that checks nothing finds nothing.
#define FUZZ_CHECK(cond)                                                             \
    do {                                                                             \
        if (!(cond)) {                                                               \
            std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            std::abort();                                                            \
        }                                                                            \
    } while (0)

namespace {

/** Hands out the fuzzer's bytes as small numbers; zeros once they run out. */
class ByteReader
{
    const uint8_t* m_data;
    size_t m_left;

public:
    ByteReader(const uint8_t* data, size_t size) : m_data(data), m_left(size) {}
    bool Empty() const { return m_left == 0; }
    uint8_t Byte()
    {
        if (m_left == 0) return 0;
        --m_left;
        return *m_data++;
    }
    /** A value in [0, range], range below 65536. */
    size_t Upto(size_t range)
    {
        const size_t raw{range < 256 ? Byte() : size_t{Byte()} | size_t{Byte()} << 8};
        return raw % (range + 1);
    }
    template <typename T>
    T Value()
    {
        // Few distinct values, so equal elements (and thus ==, < ties) come up often.
        return static_cast<T>(Byte() % 7);
    }
};

template <unsigned int N, typename T>
class Mirror
{
    using Pre = prevector<N, T>;
    using Real = std::vector<T>;
    static constexpr size_t MAX_SIZE{3 * N + 40};

    Pre m_pre[2];
    Real m_real[2];
    /** The capacity Core's rules predict for each prevector. */
    size_t m_cap[2]{N, N};

    /** Growth on insertion overflow: half as much again, on the heap. */
    static size_t Grown(size_t new_size) { return new_size + new_size / 2; }

    void Check(int i) const
    {
        const Pre& pre{m_pre[i]};
        const Real& real{m_real[i]};
        FUZZ_CHECK(pre.size() == real.size());
        FUZZ_CHECK(pre.empty() == real.empty());
        FUZZ_CHECK(pre.capacity() == m_cap[i]);
        FUZZ_CHECK(pre.capacity() >= pre.size());
        FUZZ_CHECK(pre.allocated_memory() == (m_cap[i] > N ? m_cap[i] * sizeof(T) : 0));
        FUZZ_CHECK(memusage::DynamicUsage(pre) == memusage::MallocUsage(pre.allocated_memory()));
        FUZZ_CHECK(std::equal(pre.begin(), pre.end(), real.begin(), real.end()));
        FUZZ_CHECK(pre.end() - pre.begin() == static_cast<std::ptrdiff_t>(real.size()));
        if (!real.empty()) {
            FUZZ_CHECK(pre.front() == real.front() && pre.back() == real.back());
            FUZZ_CHECK(pre.data() == &pre[0] && &*pre.begin() == pre.data());
            FUZZ_CHECK(std::memcmp(pre.data(), real.data(), real.size() * sizeof(T)) == 0);
        }
        for (size_t k = 0; k < real.size(); ++k) FUZZ_CHECK(pre[k] == real[k]);
    }

public:
    void Step(ByteReader& in)
    {
        const int i{in.Byte() & 1};
        Pre& pre{m_pre[i]};
        Real& real{m_real[i]};
        size_t& cap{m_cap[i]};
        const size_t size{real.size()};
        switch (in.Byte() % 24) {
        case 0: { // push_back
            if (size >= MAX_SIZE) break;
            const T v{in.Value<T>()};
            pre.push_back(v);
            real.push_back(v);
            if (cap < size + 1) cap = Grown(size + 1);
            break;
        }
        case 1: { // emplace_back
            if (size >= MAX_SIZE) break;
            const T v{in.Value<T>()};
            pre.emplace_back(v);
            real.emplace_back(v);
            if (cap < size + 1) cap = Grown(size + 1);
            break;
        }
        case 2: { // insert one, checking the returned iterator
            if (size >= MAX_SIZE) break;
            const size_t pos{in.Upto(size)};
            const T v{in.Value<T>()};
            const auto it{pre.insert(pre.begin() + pos, v)};
            real.insert(real.begin() + pos, v);
            if (cap < size + 1) cap = Grown(size + 1);
            FUZZ_CHECK(it == pre.begin() + pos && *it == v);
            break;
        }
        case 3: { // insert count copies
            const size_t count{in.Upto(N + 3)};
            if (size + count > MAX_SIZE) break;
            const size_t pos{in.Upto(size)};
            const T v{in.Value<T>()};
            pre.insert(pre.begin() + pos, static_cast<typename Pre::size_type>(count), v);
            real.insert(real.begin() + pos, count, v);
            if (cap < size + count) cap = Grown(size + count);
            break;
        }
        case 4: { // insert a range from a std::vector
            const size_t count{in.Upto(N + 3)};
            if (size + count > MAX_SIZE) break;
            const size_t pos{in.Upto(size)};
            std::vector<T> values(count);
            for (T& v : values) v = in.Value<T>();
            pre.insert(pre.begin() + pos, values.begin(), values.end());
            real.insert(real.begin() + pos, values.begin(), values.end());
            if (cap < size + count) cap = Grown(size + count);
            break;
        }
        case 5: { // erase one, checking the returned iterator
            if (size == 0) break;
            const size_t pos{in.Upto(size - 1)};
            const auto it{pre.erase(pre.begin() + pos)};
            real.erase(real.begin() + pos);
            FUZZ_CHECK(it == pre.begin() + pos);
            break;
        }
        case 6: { // erase a range
            const size_t first{in.Upto(size)};
            const size_t last{first + in.Upto(size - first)};
            pre.erase(pre.begin() + first, pre.begin() + last);
            real.erase(real.begin() + first, real.begin() + last);
            break;
        }
        case 7: // pop_back
            if (size == 0) break;
            pre.pop_back();
            real.pop_back();
            break;
        case 8: { // resize: exact capacity when it must grow
            const size_t n{in.Upto(MAX_SIZE)};
            pre.resize(static_cast<typename Pre::size_type>(n));
            real.resize(n);
            if (cap < n) cap = n;
            break;
        }
        case 9: { // resize_uninitialized, then write the new elements through data()
            const size_t n{in.Upto(MAX_SIZE)};
            pre.resize_uninitialized(static_cast<typename Pre::size_type>(n));
            const size_t old_size{real.size()};
            real.resize(n);
            for (size_t k = old_size; k < n; ++k) real[k] = in.Value<T>();
            if (n > old_size) std::memcpy(pre.data() + old_size, real.data() + old_size, (n - old_size) * sizeof(T));
            if (cap < n) cap = n;
            break;
        }
        case 10: { // reserve
            const size_t n{in.Upto(MAX_SIZE)};
            pre.reserve(static_cast<typename Pre::size_type>(n));
            if (cap < n) cap = n;
            break;
        }
        case 11: // shrink_to_fit: back inline when the elements fit, else exactly size()
            pre.shrink_to_fit();
            cap = std::max<size_t>(size, N);
            break;
        case 12: // clear keeps the capacity, as erase does
            pre.clear();
            real.clear();
            break;
        case 13: { // assign(n, value)
            const size_t n{in.Upto(MAX_SIZE)};
            const T v{in.Value<T>()};
            pre.assign(static_cast<typename Pre::size_type>(n), v);
            real.assign(n, v);
            if (cap < n) cap = n;
            break;
        }
        case 14: { // assign(first, last) from a std::vector
            const size_t n{in.Upto(2 * N + 3)};
            std::vector<T> values(n);
            for (T& v : values) v = in.Value<T>();
            pre.assign(values.begin(), values.end());
            real.assign(values.begin(), values.end());
            if (cap < n) cap = n;
            break;
        }
        case 15: { // overwrite one element through operator[]
            if (size == 0) break;
            const size_t pos{in.Upto(size - 1)};
            const T v{in.Value<T>()};
            pre[pos] = v;
            real[pos] = v;
            break;
        }
        case 16: // member swap between the two
            m_pre[0].swap(m_pre[1]);
            std::swap(m_real[0], m_real[1]);
            std::swap(m_cap[0], m_cap[1]);
            break;
        case 17: // copy assignment from the other: assign's capacity rule, or exact in old eras
            pre = m_pre[1 - i];
            real = m_real[1 - i];
            cap = COPY_ASSIGN_EXACT ? std::max<size_t>(real.size(), N) : std::max(cap, real.size());
            break;
        case 18: // move assignment, as the era moves
            pre = std::move(m_pre[1 - i]);
            if (ERA_MOVE == EraMove::STEAL) { // the buffer moves, the source is left empty and inline
                real = std::move(m_real[1 - i]);
                m_real[1 - i].clear();
                cap = m_cap[1 - i];
                m_cap[1 - i] = N;
                FUZZ_CHECK(m_pre[1 - i].empty());
            } else if (ERA_MOVE == EraMove::SWAP) {
                std::swap(real, m_real[1 - i]);
                std::swap(cap, m_cap[1 - i]);
            } else { // an exact copy
                real = m_real[1 - i];
                cap = std::max<size_t>(real.size(), N);
            }
            break;
        case 19: { // copy construction: exact capacity, inline when it fits
            Pre copy(pre);
            FUZZ_CHECK(copy == pre && !(copy != pre) && !(copy < pre));
            FUZZ_CHECK(copy.capacity() == std::max<size_t>(size, N));
            pre = std::move(copy);
            cap = std::max<size_t>(size, N);
            break;
        }
        case 20: { // move construction takes the buffer as it is
            Pre moved(std::move(pre));
            if (ERA_MOVE == EraMove::COPY) { // before v0.14: an exact copy, the source untouched
                FUZZ_CHECK(pre.size() == size && moved.capacity() == std::max<size_t>(size, N));
                cap = std::max<size_t>(size, N); // what the copy assignment below leaves
            } else {
                FUZZ_CHECK(pre.empty() && pre.capacity() == N);
                FUZZ_CHECK(moved.capacity() == cap);
            }
            FUZZ_CHECK(std::equal(moved.begin(), moved.end(), real.begin(), real.end()));
            pre = std::move(moved);
            break;
        }
        case 21: { // range and count constructors
            const Pre from_range(real.begin(), real.end());
            FUZZ_CHECK(std::equal(from_range.begin(), from_range.end(), real.begin(), real.end()));
            FUZZ_CHECK(from_range.capacity() == std::max<size_t>(size, N));
            const size_t n{in.Upto(2 * N + 3)};
            const T v{in.Value<T>()};
            const Pre filled(static_cast<typename Pre::size_type>(n), v);
            FUZZ_CHECK(filled.size() == n && std::count(filled.begin(), filled.end(), v) == static_cast<std::ptrdiff_t>(n));
            FUZZ_CHECK(filled.capacity() == std::max<size_t>(n, N));
            const Pre sized(static_cast<typename Pre::size_type>(n));
            FUZZ_CHECK(sized.size() == n && std::count(sized.begin(), sized.end(), T{}) == static_cast<std::ptrdiff_t>(n));
            break;
        }
        case 22: { // iteration both ways, through the const interface too
            const Pre& const_pre{pre};
            FUZZ_CHECK(std::equal(const_pre.begin(), const_pre.end(), real.begin()));
            size_t k{size};
            for (auto it{pre.end()}; it != pre.begin();) {
                --it;
                FUZZ_CHECK(*it == real[--k]);
            }
            break;
        }
        case 23: // self copy assignment is a no-op
            pre = static_cast<const Pre&>(pre);
            break;
        }
        Check(0);
        Check(1);
        // Comparisons between the two must agree with the model on the mirrored vectors.
        FUZZ_CHECK((m_pre[0] == m_pre[1]) == (m_real[0] == m_real[1]));
        FUZZ_CHECK((m_pre[0] != m_pre[1]) == (m_real[0] != m_real[1]));
        FUZZ_CHECK((m_pre[0] < m_pre[1]) == CoreLess(m_real[0], m_real[1]));
        FUZZ_CHECK((m_pre[1] < m_pre[0]) == CoreLess(m_real[1], m_real[0]));
    }
};

template <unsigned int N, typename T>
void Run(const uint8_t* data, size_t size)
{
    ByteReader in{data, size};
    Mirror<N, T> mirror;
    // Bounded, so one input cannot stall the fuzzer.
    for (int steps = 0; steps < 2000 && !in.Empty(); ++steps) mirror.Step(in);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    Run<8, int>(data, size);
    Run<28, unsigned char>(data, size);
    Run<1, uint64_t>(data, size);
    return 0;
}
