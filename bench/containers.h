// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_BENCH_CONTAINERS_H
#define MEMUSAGE_BENCH_CONTAINERS_H

#include <prevector.h>

#include <benchmark/benchmark.h>
#include <boost/container/small_vector.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

// The operations that bench_memusage times and bench/callgrind.sh counts instructions for,
// written once so that both measure the same code. Each case is a struct built with a size n
// (its set-up is not measured) whose Run() is one operation; the same template runs on
// prevector<N, T>, std::vector<T> and boost::container::small_vector<T, N>. ForEachCase() lists
// every (case, size) both programs measure on one kind of container.
//
// The first six cases are Core's own (src/bench/prevector.cpp), each for a trivial and a
// non-trivial element type, at N = 28 (CScriptBase up to v29) and N = 36 (from v30): like Core's,
// each run works on one prevector of N elements, which stays inline, and one of N + 1, which
// spills to the heap. The others are further operations a node performs on scripts, at sizes N
// and N + 1 (Equal for both element types: a class element compares through its own operator).

namespace bench {

/** Core's nontrivial_t: trivially copyable, as prevector requires, but default construction
 *  writes -1, so resize cannot zero-fill it. */
struct Nontrivial {
    int32_t x{-1};
    // For the Equal case: Core's == through v31 calls !=, after v31 ==.
    friend bool operator==(const Nontrivial& a, const Nontrivial& b) { return a.x == b.x; }
    friend bool operator!=(const Nontrivial& a, const Nontrivial& b) { return a.x != b.x; }
};
static_assert(std::is_trivially_copyable_v<Nontrivial> && !std::is_trivially_default_constructible_v<Nontrivial>);

template <unsigned int N, typename T>
using Prevector = prevector<N, T>;
template <unsigned int N, typename T>
using Vector = std::vector<T>;
/** The nearest off-the-shelf rival: the same N elements inline, Boost's growth and layout. */
template <unsigned int N, typename T>
using SmallVector = boost::container::small_vector<T, N>;

/** Largest byte count any case reads from Source(). */
constexpr size_t MAX_CASE_SIZE{64};

inline const unsigned char* Source()
{
    static const std::array<unsigned char, MAX_CASE_SIZE> bytes{[] {
        std::array<unsigned char, MAX_CASE_SIZE> b{};
        for (size_t i = 0; i < b.size(); ++i) b[i] = static_cast<unsigned char>(0x51 + i);
        return b;
    }()};
    return bytes.data();
}

/** Make room for n elements that the caller overwrites at once: what deserialization does.
 *  prevector has resize_uninitialized (Core's Unserialize uses it); small_vector's closest is
 *  resize with default_init, which leaves bytes uninitialized too; std::vector has nothing
 *  better than resize, which zero-fills first (and is what Core's Unserialize does for it). */
template <unsigned int N, typename T>
void ResizeForOverwrite(Prevector<N, T>& c, size_t n) { c.resize_uninitialized(n); }
template <typename T>
void ResizeForOverwrite(std::vector<T>& c, size_t n) { c.resize(n); }
template <typename T, size_t N>
void ResizeForOverwrite(boost::container::small_vector<T, N>& c, size_t n) { c.resize(n, boost::container::default_init); }

/** Fill a container with the first n source bytes, outside any measurement. */
template <typename C>
C Filled(size_t n)
{
    return C(Source(), Source() + n);
}

/** Core's PrevectorClear: kept objects grow to n and n + 1, and are cleared. */
template <typename C>
struct ClearCase {
    C t0, t1;
    size_t n;
    explicit ClearCase(size_t size) : n(size) {}
    void Run()
    {
        t0.resize(n);
        t0.clear();
        t1.resize(n + 1);
        t1.clear();
        benchmark::DoNotOptimize(t0);
        benchmark::DoNotOptimize(t1);
    }
};

/** Core's PrevectorDestructor: two fresh objects grow to n and n + 1 and are destroyed. */
template <typename C>
struct DestructorCase {
    size_t n;
    explicit DestructorCase(size_t size) : n(size) {}
    void Run()
    {
        C t0, t1;
        t0.resize(n);
        t1.resize(n + 1);
        benchmark::DoNotOptimize(t0);
        benchmark::DoNotOptimize(t1);
    }
};

/** Core's PrevectorResize: as Clear, shrinking with resize(0). */
template <typename C>
struct ResizeCase {
    C t0, t1;
    size_t n;
    explicit ResizeCase(size_t size) : n(size) {}
    void Run()
    {
        t0.resize(n);
        t0.resize(0);
        t1.resize(n + 1);
        t1.resize(0);
        benchmark::DoNotOptimize(t0);
        benchmark::DoNotOptimize(t1);
    }
};

/** Core's PrevectorDeserialize: a stream of 900 serialized objects of n elements and 100 of 100
 *  is read into one fresh object, as Core's serializers do: bytes with a resize that leaves them
 *  uninitialized and one copy; other element types one element at a time after a reserve. Each
 *  record is a one-byte length (Core's compact size below 253) and the elements' bytes. */
template <typename C>
struct DeserializeCase {
    using T = typename C::value_type;
    static constexpr int RECORDS{1000};
    std::vector<unsigned char> stream;
    explicit DeserializeCase(size_t size)
    {
        for (int r = 0; r < RECORDS; ++r) {
            const size_t count{r < 900 ? size : 100};
            stream.push_back(static_cast<unsigned char>(count));
            for (size_t i = 0; i < count * sizeof(T); ++i) stream.push_back(static_cast<unsigned char>(i));
        }
    }
    void Run()
    {
        C t1;
        const unsigned char* in{stream.data()};
        for (int r = 0; r < RECORDS; ++r) {
            const size_t count{*in++};
            t1.clear();
            if constexpr (std::is_same_v<T, unsigned char>) {
                ResizeForOverwrite(t1, count);
                std::memcpy(t1.data(), in, count);
            } else {
                t1.reserve(count);
                for (size_t i = 0; i < count; ++i) {
                    t1.emplace_back();
                    std::memcpy(&t1.back(), in + i * sizeof(T), sizeof(T));
                }
            }
            in += count * sizeof(T);
            benchmark::DoNotOptimize(t1);
        }
    }
};

/** Core's PrevectorFillVectorDirect: 260 empty objects emplaced into a reserved std::vector. */
template <typename C>
struct FillVectorDirectCase {
    explicit FillVectorDirectCase(size_t) {}
    void Run()
    {
        std::vector<C> vec;
        vec.reserve(260);
        for (size_t i = 0; i < 260; ++i) vec.emplace_back();
        benchmark::DoNotOptimize(vec.data());
    }
};

/** Core's PrevectorFillVectorIndirect: 260 objects of n + 1 elements, each on the heap. */
template <typename C>
struct FillVectorIndirectCase {
    size_t n;
    explicit FillVectorIndirectCase(size_t size) : n(size) {}
    void Run()
    {
        using T = typename C::value_type;
        std::vector<C> vec;
        vec.reserve(260);
        for (size_t i = 0; i < 260; ++i) vec.emplace_back(static_cast<typename C::size_type>(n + 1), T{});
        benchmark::DoNotOptimize(vec.data());
    }
};

/** Replace the contents of a kept container with n bytes from a pointer range. */
template <typename C>
struct AssignCase {
    C c;
    size_t n;
    explicit AssignCase(size_t size) : n(size) {}
    void Run()
    {
        c.assign(Source(), Source() + n);
        benchmark::DoNotOptimize(c);
    }
};

/** Copy a container's n bytes out into a kept std::vector through its iterators, as
 *  ToByteVector(script) or std::vector<unsigned char>(script.begin(), script.end()) do. */
template <typename C>
struct AssignToCase {
    C c;
    std::vector<unsigned char> out;
    explicit AssignToCase(size_t size) : c(Filled<C>(size)) {}
    void Run()
    {
        out.assign(c.begin(), c.end());
        benchmark::DoNotOptimize(out);
    }
};

/** Copy-construct a container of n bytes and destroy the copy, as copying a transaction does
 *  (the mempool and block assembly hold their own copies). */
template <typename C>
struct CopyCase {
    C c;
    explicit CopyCase(size_t size) : c(Filled<C>(size)) {}
    void Run()
    {
        C copy(c);
        benchmark::DoNotOptimize(copy);
    }
};

/** Build n bytes one push_back at a time in a fresh container, as a script builder does. */
template <typename C>
struct PushBackCase {
    size_t n;
    explicit PushBackCase(size_t size) : n(size) {}
    void Run()
    {
        C c;
        for (size_t i = 0; i < n; ++i) {
            c.push_back(static_cast<unsigned char>(i));
        }
        benchmark::DoNotOptimize(c);
    }
};

/** Insert one byte in the middle of n - 1 and erase it again, so the peak size is n: the
 *  shifting that script editing (FindAndDelete, building around a push) does. */
template <typename C>
struct InsertEraseCase {
    C c;
    size_t mid;
    explicit InsertEraseCase(size_t size) : c(Filled<C>(size - 1)), mid((size - 1) / 2) {}
    void Run()
    {
        c.insert(c.begin() + mid, static_cast<unsigned char>(0xac));
        benchmark::DoNotOptimize(c);
        c.erase(c.begin() + mid);
        benchmark::DoNotOptimize(c);
    }
};

/** Compare two equal containers of n elements, so every element is read: what comparing
 *  scripts (CScript ==) costs, and for a class element type, its == or != per element. */
template <typename C>
struct EqualCase {
    C a;
    C b;
    explicit EqualCase(size_t size) : a(Make(size)), b(Make(size)) {}
    static C Make(size_t n)
    {
        using T = typename C::value_type;
        if constexpr (std::is_same_v<T, unsigned char>) {
            return Filled<C>(n);
        } else {
            return C(static_cast<typename C::size_type>(n), T{});
        }
    }
    void Run()
    {
        benchmark::DoNotOptimize(a);
        bool equal{a == b};
        benchmark::DoNotOptimize(equal);
    }
};

/** One of Core's cases for both element types; the size in its name is N. */
template <template <typename> class Case, template <unsigned int, typename> class Container, unsigned int N, typename Visitor>
void AddCoreCase(Visitor& visitor, const std::string& name, const char* container)
{
    visitor.template Add<Case, Container<N, unsigned char>>(name + "Trivial", container, N);
    visitor.template Add<Case, Container<N, Nontrivial>>(name + "Nontrivial", container, N);
}

/** A script operation at N bytes (inline) and N + 1 (on the heap). */
template <template <typename> class Case, template <unsigned int, typename> class Container, unsigned int N, typename Visitor>
void AddScriptCase(Visitor& visitor, const std::string& name, const char* container)
{
    visitor.template Add<Case, Container<N, unsigned char>>(name, container, N);
    visitor.template Add<Case, Container<N, unsigned char>>(name, container, N + 1);
}

template <template <unsigned int, typename> class Container, unsigned int N, typename Visitor>
void ForEachCaseAt(Visitor& visitor, const char* container)
{
    AddCoreCase<ClearCase, Container, N>(visitor, "Clear", container);
    AddCoreCase<DestructorCase, Container, N>(visitor, "Destructor", container);
    AddCoreCase<ResizeCase, Container, N>(visitor, "Resize", container);
    AddCoreCase<DeserializeCase, Container, N>(visitor, "Deserialize", container);
    AddCoreCase<FillVectorDirectCase, Container, N>(visitor, "FillVectorDirect", container);
    AddCoreCase<FillVectorIndirectCase, Container, N>(visitor, "FillVectorIndirect", container);
    AddScriptCase<AssignCase, Container, N>(visitor, "Assign", container);
    AddScriptCase<AssignToCase, Container, N>(visitor, "AssignTo", container);
    AddScriptCase<CopyCase, Container, N>(visitor, "Copy", container);
    AddScriptCase<PushBackCase, Container, N>(visitor, "PushBack", container);
    AddScriptCase<InsertEraseCase, Container, N>(visitor, "InsertErase", container);
    for (const size_t size : {size_t{N}, size_t{N + 1}}) {
        visitor.template Add<EqualCase, Container<N, unsigned char>>("EqualTrivial", container, size);
        visitor.template Add<EqualCase, Container<N, Nontrivial>>("EqualNontrivial", container, size);
    }
}

/** Calls visitor.Add<Case, C>(case_name, container, size) for every case on one container kind,
 *  at CScriptBase's size up to Core v29 (28) and from v30 (36). Each container kind is measured
 *  from a translation unit of its own (bench/prevector.cpp, vector.cpp, small_vector.cpp;
 *  bench/count_cases.cpp compiled once per kind): g++ caps how much inlining may grow a unit, and
 *  with all three kinds in one unit that cap, not the code, decides what is inlined. */
template <template <unsigned int, typename> class Container, typename Visitor>
void ForEachCase(Visitor& visitor, const char* container)
{
    ForEachCaseAt<Container, 28>(visitor, container);
    ForEachCaseAt<Container, 36>(visitor, container);
}

/** Runs every case on one kind of container under callgrind, one dump each: bench/count_cases.cpp
 *  defines one specialization per kind. */
template <template <unsigned int, typename> class Container>
void CountCases(int iterations);
template <>
void CountCases<Prevector>(int iterations);
template <>
void CountCases<Vector>(int iterations);
template <>
void CountCases<SmallVector>(int iterations);

} // namespace bench

#endif // MEMUSAGE_BENCH_CONTAINERS_H
