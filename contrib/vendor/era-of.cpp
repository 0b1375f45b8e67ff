// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

// era-of: which Bitcoin Core era a tree's own prevector.h, memusage.h, indirectmap.h and
// support/allocators/pool.h behave as. contrib/vendor/era-of.sh compiles this file against the
// tree's src/ and runs it. For every row of doc/vendoring.md's era table it prints what the
// headers do, checks that against each band of Core releases that behave alike, and ends with
// the --with-core-version for the one band that fits (exit 0), or "no Core era: ROW, ..." naming
// the rows where the nearest band differs (exit 1).
//
// Nothing here may fail to compile on a Core header of any era: what a release lacks (pool.h
// before v26, emplace_back before v0.20, the std::list overload before v26, ...) is found with
// __has_include and SFINAE and reported as absent.

// What a Core translation unit of any era had in front of these headers: Core 0.13 and 0.16's
// indirectmap.h use std::map without <map>, and memusage.h uses prevector, assert and
// std::unique_ptr without including them (script.h and core_memusage.h included them first).
#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <iterator>
#include <limits>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

// Core's memusage.h through 0.14 included these itself, for its boost::unordered overloads.
#if __has_include(<boost/unordered_map.hpp>) && __has_include(<boost/unordered_set.hpp>)
#include <boost/unordered_map.hpp>
#include <boost/unordered_set.hpp>
#define ERA_OF_BOOST 1
#endif

// The era table: bands and the releases where rows switch. This library's own file, by its
// path beside this one (the fork's headers are what is measured, and its tree has no such file).
#include "../../src/memusage/core_version.h"

// The pool's AddressSanitizer poisoning, observed without a sanitizer: Core's pool.h (v30 on)
// poisons through ASAN_POISON_MEMORY_REGION and ASAN_UNPOISON_MEMORY_REGION, and Core's
// util/check.h keeps an includer's own definitions of the two. Defined here, they record each
// call, so the log says what the pool would poison under clang's ASan. Built with ASan itself,
// the program asks the sanitizer instead (then g++ 12, without __has_feature, sees no poison
// from Core's pool, as Core's own g++ ASan builds do not).
#if defined(__SANITIZE_ADDRESS__)
#define ERA_OF_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ERA_OF_ASAN 1
#endif
#endif
#ifdef ERA_OF_ASAN
#include <sanitizer/asan_interface.h>
#else
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 12
// Core's ~PoolResource unpoisons each chunk after deleting it: the log keeps that address, and
// never reads through it.
#pragma GCC diagnostic ignored "-Wuse-after-free"
#endif
namespace era_of {
struct PoisonCall {
    const unsigned char* m_begin;
    std::size_t m_size;
    bool m_poison;
};
inline std::vector<PoisonCall>& PoisonLog()
{
    static std::vector<PoisonCall> log;
    return log;
}
inline void RecordPoison(const void* addr, std::size_t size, bool poison)
{
    PoisonLog().push_back({static_cast<const unsigned char*>(addr), size, poison});
}
} // namespace era_of
#define ASAN_POISON_MEMORY_REGION(addr, size) ::era_of::RecordPoison((addr), (size), true)
#define ASAN_UNPOISON_MEMORY_REGION(addr, size) ::era_of::RecordPoison((addr), (size), false)
#endif

#include <prevector.h>
#if __has_include(<indirectmap.h>)
#include <indirectmap.h>
#define ERA_OF_INDIRECTMAP 1
#endif
#include <memusage.h>
#if __has_include(<support/allocators/pool.h>)
#include <support/allocators/pool.h>
#define ERA_OF_POOL 1
#endif

namespace {

/** The bands of Core releases whose four files behave alike on every row, and the releases
 *  where a row switches: this library's own table (core_version.h), stated there once. */
using Band = memusage::CoreEraBand;
constexpr const Band (&BANDS)[std::size(memusage::CORE_ERA_BANDS)]{memusage::CORE_ERA_BANDS};
constexpr std::size_t NUM_BANDS{sizeof(BANDS) / sizeof(BANDS[0])};

/** One row: what the headers do, and which bands that answer fits. */
struct Row {
    std::string m_name;
    std::string m_seen;
    bool m_fits[NUM_BANDS];
};
std::vector<Row> g_rows;

/** A row whose answer must be band_value(band) in each band. */
template <typename F>
void Switched(const std::string& name, const std::string& seen, F band_value)
{
    Row row{name, seen, {}};
    for (std::size_t i{0}; i < NUM_BANDS; ++i) row.m_fits[i] = seen == band_value(BANDS[i]);
    g_rows.push_back(row);
}

/** A rule no Core release changed: the answer fits every band or none. */
void Fixed(const std::string& name, const std::string& seen, bool as_core)
{
    Row row{name, seen, {}};
    for (std::size_t i{0}; i < NUM_BANDS; ++i) row.m_fits[i] = as_core;
    g_rows.push_back(row);
}

/** Something Core added in release `since`: present fits every band (the superset this library
 *  ships compiles wherever the older code compiled); absent fits only bands that hold a release
 *  before it. Where present, `as_core` says whether it behaves as Core's. */
void Added(const std::string& name, bool present, int since, const std::string& seen, bool as_core = true)
{
    Row row{name, present ? seen : "absent (Core added it in " + std::string(since < 22 ? "0." : "") + std::to_string(since) + ")", {}};
    for (std::size_t i{0}; i < NUM_BANDS; ++i) row.m_fits[i] = present ? as_core : BANDS[i].m_first < since;
    g_rows.push_back(row);
}

/** Something Core removed in release `until`: absent fits only bands that hold a release from
 *  then on; present fits every band (kept for older forks). */
void Removed(const std::string& name, bool present, int until, const std::string& seen)
{
    Row row{name, present ? seen : "absent (Core removed it in " + std::string(until < 22 ? "0." : "") + std::to_string(until) + ")", {}};
    for (std::size_t i{0}; i < NUM_BANDS; ++i) row.m_fits[i] = present || BANDS[i].m_last >= until;
    g_rows.push_back(row);
}

std::string Join(const std::vector<std::string>& parts, const char* sep = ", ")
{
    std::string out;
    for (const std::string& part : parts) out += (out.empty() ? "" : sep) + part;
    return out;
}

std::string Num(std::size_t n) { return std::to_string(n); }

// --- prevector --------------------------------------------------------------------------------

using PVi = prevector<8, int>;
using PVb = prevector<28, unsigned char>;
using SizeI = PVi::size_type;

/** A prevector of these elements, through the iterator constructor every era has. */
template <typename PV>
PV Of(const std::vector<typename PV::value_type>& elements)
{
    return PV(elements.begin(), elements.end());
}

template <typename PV>
std::vector<typename PV::value_type> Elements(const PV& pv)
{
    return std::vector<typename PV::value_type>(pv.begin(), pv.end());
}

/** sizeof and alignof under the two layouts Core has had, for prevector<N, T, Size>. */
template <unsigned int N, typename T, typename Size>
std::size_t PackedSize()
{
    return sizeof(Size) + std::max(sizeof(T) * N, sizeof(Size) + sizeof(char*));
}
std::size_t RoundUp(std::size_t n, std::size_t align) { return (n + align - 1) / align * align; }
template <unsigned int N, typename T, typename Size>
std::size_t AlignedSize()
{
    const std::size_t union_size{std::max(sizeof(T) * N, sizeof(char*) + sizeof(Size))};
    return RoundUp(RoundUp(union_size, alignof(Size)) + sizeof(Size), alignof(char*));
}

struct LayoutCheck {
    std::vector<std::string> m_sizes;
    bool m_packed{true};
    bool m_aligned{true};

    template <unsigned int N, typename T, typename Size, typename Diff>
    void Add(const char* name)
    {
        using PV = prevector<N, T, Size, Diff>;
        m_sizes.push_back(std::string(name) + " " + Num(sizeof(PV)) + "/" + Num(alignof(PV)));
        m_packed = m_packed && sizeof(PV) == PackedSize<N, T, Size>() && alignof(PV) == 1;
        m_aligned = m_aligned && sizeof(PV) == AlignedSize<N, T, Size>() && alignof(PV) == alignof(char*);
    }
};

void CheckLayout()
{
    LayoutCheck check;
    check.Add<16, unsigned char, uint32_t, int32_t>("<16,uchar>");
    check.Add<24, unsigned char, uint32_t, int32_t>("<24,uchar>");
    check.Add<28, unsigned char, uint32_t, int32_t>("<28,uchar>");
    check.Add<36, unsigned char, uint32_t, int32_t>("<36,uchar>");
    check.Add<8, int, uint32_t, int32_t>("<8,int>");
    check.Add<8, int, uint8_t, int8_t>("<8,int,uint8_t,int8_t>");
    const std::string sizes{"(sizeof/alignof " + Join(check.m_sizes) + ")"};
    const std::string seen{check.m_packed ? "byte-packed, size first, alignof 1" :
                           check.m_aligned ? "union aligned as a pointer, size after it" :
                                             "neither of Core's layouts"};
    Switched("layout", seen + " " + sizes, [&](const Band& band) {
        return std::string(band.m_last < MEMUSAGE_ERA_SINCE_ALIGNED_LAYOUT ? "byte-packed, size first, alignof 1" : "union aligned as a pointer, size after it") + " " + sizes;
    });
}

void CheckCopyAssign()
{
    const PVi three{Of<PVi>({1, 2, 3})};
    const PVi many(SizeI{25}, 7);
    PVi small;
    small.reserve(20);
    small = three;
    PVi big;
    big.reserve(40);
    big = many;
    const bool right{Elements(small) == std::vector<int>{1, 2, 3} && big.size() == 25};
    std::string seen{"capacity " + Num(small.capacity()) + " and " + Num(big.capacity()) + " after assigning 3 and 25 elements to reserved 20 and 40: "};
    seen += !right ? "wrong contents" :
            small.capacity() == 8 && big.capacity() == 25 ? "sized exactly to the source" :
            small.capacity() == 20 && big.capacity() == 40 ? "keeps a larger buffer" :
                                                            "neither of Core's rules";
    Switched("copy-assign", seen, [](const Band& band) {
        return std::string("capacity ") + (band.m_last < MEMUSAGE_ERA_SINCE_ASSIGN_KEEPS_BUFFER ? "8 and 25" : "20 and 40") +
               " after assigning 3 and 25 elements to reserved 20 and 40: " +
               (band.m_last < MEMUSAGE_ERA_SINCE_ASSIGN_KEEPS_BUFFER ? "sized exactly to the source" : "keeps a larger buffer");
    });
}

void CheckMove()
{
    PVi source{Of<PVi>({1, 2, 3})};
    PVi target{Of<PVi>({9})};
    target = std::move(source);
    const std::vector<int> after_assign{Elements(source)};
    PVi heap_source(SizeI{20}, 4);
    PVi built(std::move(heap_source));
    const bool built_right{built.size() == 20};
    const std::size_t after_construct{heap_source.size()};
    const bool nothrow{std::is_nothrow_move_constructible_v<PVi> && std::is_nothrow_move_assignable_v<PVi>};
    std::string seen;
    if (!built_right || Elements(target) != std::vector<int>{1, 2, 3}) {
        seen = "moves lose elements";
    } else if (after_assign == std::vector<int>{1, 2, 3} && after_construct == 20 && !nothrow) {
        seen = "none: an rvalue is copied, the source untouched";
    } else if (after_assign == std::vector<int>{9} && after_construct == 0 && !nothrow) {
        seen = "swap with the source, not noexcept";
    } else if (after_assign.empty() && after_construct == 0 && nothrow) {
        seen = "noexcept, take the source's storage and leave it empty";
    } else {
        seen = "other: the source keeps " + Num(after_assign.size()) + " then " + Num(after_construct) +
               " elements, " + (nothrow ? "noexcept" : "not noexcept");
    }
    Switched("move", seen, [](const Band& band) {
        return std::string(band.m_last < MEMUSAGE_ERA_SINCE_MOVE_SWAPS ? "none: an rvalue is copied, the source untouched" :
                           band.m_last < MEMUSAGE_ERA_SINCE_MOVE_STEALS ? "swap with the source, not noexcept" :
                                              "noexcept, take the source's storage and leave it empty");
    });
}

bool SizeFirstLess(const std::vector<unsigned char>& a, const std::vector<unsigned char>& b)
{
    if (a.size() != b.size()) return a.size() < b.size();
    return a < b;
}

void CheckOrder()
{
    const std::vector<std::vector<unsigned char>> samples{
        {}, {0}, {2}, {0xff}, {1, 2}, {1, 3}, {0xff, 0xff}, {0x01, 0xff}, {0, 0, 0}, {1, 2, 0},
        std::vector<unsigned char>(40, 7), std::vector<unsigned char>(27, 9), std::vector<unsigned char>(30, 1)};
    bool size_first{true};
    bool lexicographic{true};
    for (const auto& a : samples) {
        for (const auto& b : samples) {
            const bool less{Of<PVb>(a) < Of<PVb>(b)};
            size_first = size_first && less == SizeFirstLess(a, b);
            lexicographic = lexicographic && less == (a < b);
        }
    }
    const std::string seen{size_first ? "size first, then element by element" :
                           lexicographic ? "lexicographic, as std::vector" :
                                           "neither size first nor lexicographic"};
    Switched("order", seen, [](const Band&) { return std::string("size first, then element by element"); });
}

/** An element whose == and != disagree (its != never finds a difference), to tell which of
 *  the two prevector's == calls. */
struct Lopsided {
    int m_value;
    bool operator==(const Lopsided& other) const { return m_value == other.m_value; }
    bool operator!=(const Lopsided&) const { return false; }
};

void CheckEquality()
{
    using PVf = prevector<8, float>;
    const float nan{std::numeric_limits<float>::quiet_NaN()};
    const bool zeros_equal{Of<PVf>({0.0f}) == Of<PVf>({-0.0f})};
    const bool nans_equal{Of<PVf>({nan}) == Of<PVf>({nan})};
    const bool sizes_differ{Of<PVi>({1, 2}) == Of<PVi>({1, 2, 0})};
    PVi heap{Of<PVi>({5, 6})};
    heap.reserve(50);
    const bool storage_ignored{heap == Of<PVi>({5, 6}) && !(heap != Of<PVi>({5, 6}))};
    using PVl = prevector<4, Lopsided>;
    const std::vector<Lopsided> one{{1}}, two{{2}};
    const bool lopsided_equal{PVl(one.begin(), one.end()) == PVl(two.begin(), two.end())};
    std::string seen;
    if (zeros_equal && !nans_equal && !sizes_differ && storage_ignored) {
        seen = std::string("element by element, through T's ") + (lopsided_equal ? "!=" : "==");
    } else if (!zeros_equal && nans_equal) {
        seen = "bytewise";
    } else {
        seen = "other";
    }
    Switched("equality", seen, [](const Band& band) {
        return std::string("element by element, through T's ") + (band.m_first < MEMUSAGE_ERA_SINCE_EQUALITY_BY_EQ ? "!=" : "==");
    });
}

void CheckGrowth()
{
    std::vector<std::size_t> seen_caps, core_caps;
    auto grown = [](std::size_t new_size) { return new_size + new_size / 2; };
    PVi v;
    std::size_t cap{8};
    for (int i{0}; i < 30; ++i) {
        if (v.size() == cap) cap = grown(v.size() + 1);
        v.push_back(i);
        seen_caps.push_back(v.capacity());
        core_caps.push_back(cap);
    }
    // 30 elements: insert a count, a range and one element, each past the capacity.
    const std::size_t before_count{v.capacity()};
    v.insert(v.begin() + 3, static_cast<SizeI>(before_count - v.size() + 5), -1);
    seen_caps.push_back(v.capacity());
    core_caps.push_back(grown(before_count + 5));
    const std::vector<int> range(v.capacity() - v.size() + 7, -2);
    const std::size_t before_range{v.capacity()};
    v.insert(v.end(), range.begin(), range.end());
    seen_caps.push_back(v.capacity());
    core_caps.push_back(grown(before_range + 7));
    while (v.size() < v.capacity()) v.insert(v.begin(), -3);
    const std::size_t full{v.size()};
    v.insert(v.begin() + 1, -4);
    seen_caps.push_back(v.capacity());
    core_caps.push_back(grown(full + 1));
    std::string seen{seen_caps == core_caps ? "new size + new size / 2 (push_back, insert of one, of a count and of a range)" :
                                              "not new size + new size / 2: capacities"};
    if (seen_caps != core_caps) {
        for (std::size_t i{0}; i < seen_caps.size(); ++i) {
            if (seen_caps[i] != core_caps[i]) seen += " " + Num(seen_caps[i]) + " (Core " + Num(core_caps[i]) + ")";
        }
    }
    Fixed("growth", seen, seen_caps == core_caps);
}

template <typename PV, typename = void>
struct HasEmplaceBack : std::false_type {};
template <typename PV>
struct HasEmplaceBack<PV, std::void_t<decltype(std::declval<PV&>().emplace_back(1))>> : std::true_type {};

template <typename PV, typename = void>
struct HasResizeUninitialized : std::false_type {};
template <typename PV>
struct HasResizeUninitialized<PV, std::void_t<decltype(std::declval<PV&>().resize_uninitialized(SizeI{1}))>> : std::true_type {};

template <typename PV, typename = void>
struct HasData : std::false_type {};
template <typename PV>
struct HasData<PV, std::void_t<decltype(std::declval<PV&>().data())>> : std::true_type {};

template <typename PV, typename = void>
struct HasStaticSize : std::false_type {};
template <typename PV>
struct HasStaticSize<PV, std::void_t<decltype(PV::STATIC_SIZE)>> : std::true_type {};

template <typename PV, typename = void>
struct HasReverse : std::false_type {};
template <typename PV>
struct HasReverse<PV, std::void_t<decltype(std::declval<PV&>().rbegin()), decltype(std::declval<PV&>().rend())>> : std::true_type {};

template <typename PV>
void CheckEmplaceBack()
{
    if constexpr (HasEmplaceBack<PV>::value) {
        PV v(SizeI{8}, 1);
        v.emplace_back(2);
        const bool grows{v.capacity() == 13};
        v.resize(13);
        v.emplace_back(3);
        const bool right{grows && v.capacity() == 21 && v.back() == 3 && v.size() == 14};
        Added("emplace_back", true, 20, right ? "present, grows as push_back" : "present, capacity " + Num(v.capacity()) + " after 9 then 14 elements (Core 13, 21)", right);
    } else {
        Added("emplace_back", false, 20, "");
    }
}

template <typename PV>
void CheckResizeUninitialized()
{
    if constexpr (HasResizeUninitialized<PV>::value) {
        PV v;
        v.resize_uninitialized(SizeI{20});
        const std::size_t grown{v.capacity()};
        v.resize_uninitialized(SizeI{3});
        const std::size_t shrunk{v.capacity()};
        PV w(SizeI{3}, 1);
        w.resize_uninitialized(SizeI{6});
        const bool right{grown == 20 && shrunk == 20 && v.size() == 3 && w.capacity() == 8 && w.size() == 6};
        Added("resize_uninitialized", true, 19, right ? "present, grows to exactly n, keeps the capacity shrinking" :
                                                        "present, capacities " + Num(grown) + ", " + Num(shrunk) + ", " + Num(w.capacity()) + " (Core 20, 20, 8)", right);
    } else {
        Added("resize_uninitialized", false, 19, "");
    }
}

void CheckCapacities()
{
    std::vector<std::string> wrong;
    auto expect = [&](const char* what, std::size_t got, std::size_t core) {
        if (got != core) wrong.push_back(std::string(what) + " " + Num(got) + " (Core " + Num(core) + ")");
    };
    PVi resized;
    resized.resize(5);
    expect("resize(5)", resized.capacity(), 8);
    resized.resize(20);
    expect("resize(20)", resized.capacity(), 20);
    resized.resize(21);
    expect("resize(21) from 20", resized.capacity(), 21);
    PVi reserved;
    reserved.reserve(30);
    expect("reserve(30)", reserved.capacity(), 30);
    reserved.reserve(10);
    expect("then reserve(10)", reserved.capacity(), 30);
    PVi assigned;
    assigned.assign(SizeI{25}, 1);
    expect("assign(25, x)", assigned.capacity(), 25);
    const std::vector<int> range(33, 2);
    PVi assigned_range;
    assigned_range.assign(range.begin(), range.end());
    expect("assign(33 elements)", assigned_range.capacity(), 33);
    const PVi filled(SizeI{17}, 3);
    expect("prevector(17, x)", filled.capacity(), 17);
    const PVi from_range(range.begin(), range.begin() + 19);
    expect("prevector(19 elements)", from_range.capacity(), 19);
    PVi grown(SizeI{10}, 4);
    grown.reserve(36);
    const PVi copied(grown);
    expect("copy of 10 elements with capacity 36", copied.capacity(), 10);
    const bool contents{Elements(copied) == std::vector<int>(10, 4) && Elements(filled) == std::vector<int>(17, 3) &&
                        Elements(resized) == std::vector<int>(21, 0)};
    if (!contents) wrong.push_back("wrong contents");
    Fixed("capacity", wrong.empty() ? "exact for resize, reserve, assign and the constructors" : Join(wrong), wrong.empty());
}

/** prevector(n): before v0.18 it was ambiguous with prevector(n, const T& = T()). */
template <typename PV>
void CheckCountConstructor()
{
    if constexpr (std::is_constructible_v<PV, typename PV::size_type>) {
        const PV counted(typename PV::size_type{12});
        const bool right{counted.capacity() == 12 && Elements(counted) == std::vector<typename PV::value_type>(12)};
        Added("prevector(n)", true, 18, right ? "unambiguous, n value-initialized elements, capacity n" : "unambiguous, capacity " + Num(counted.capacity()) + " for 12", right);
    } else {
        Added("prevector(n)", false, 18, "");
    }
}

void CheckShrinkAndErase()
{
    std::vector<std::string> wrong;
    PVi back_inline(SizeI{5}, 1);
    back_inline.reserve(36);
    back_inline.shrink_to_fit();
    if (back_inline.capacity() != 8 || back_inline.allocated_memory() != 0 || Elements(back_inline) != std::vector<int>(5, 1)) {
        wrong.push_back("5 elements in 36: capacity " + Num(back_inline.capacity()) + " (Core 8, inline)");
    }
    PVi on_heap(SizeI{12}, 2);
    on_heap.reserve(36);
    on_heap.shrink_to_fit();
    if (on_heap.capacity() != 12) wrong.push_back("12 elements in 36: capacity " + Num(on_heap.capacity()) + " (Core 12)");
    Fixed("shrink_to_fit", wrong.empty() ? "back inline where the size fits, else exactly the size" : Join(wrong), wrong.empty());

    wrong.clear();
    std::vector<int> model(20);
    for (int i{0}; i < 20; ++i) model[i] = i;
    PVi v{Of<PVi>(model)};
    v.erase(v.begin() + 2, v.begin() + 17);
    model.erase(model.begin() + 2, model.begin() + 17);
    if (v.capacity() != 20) wrong.push_back("erase of a range: capacity " + Num(v.capacity()));
    v.erase(v.begin());
    model.erase(model.begin());
    if (v.capacity() != 20) wrong.push_back("erase of one: capacity " + Num(v.capacity()));
    v.pop_back();
    model.pop_back();
    if (v.capacity() != 20) wrong.push_back("pop_back: capacity " + Num(v.capacity()));
    if (Elements(v) != model) wrong.push_back("wrong contents");
    v.clear();
    if (v.capacity() != 20 || !v.empty()) wrong.push_back("clear: capacity " + Num(v.capacity()));
    Fixed("erase", wrong.empty() ? "erase, pop_back and clear keep the capacity (20 for 3 elements)" : Join(wrong) + " (Core 20)", wrong.empty());

    Added("data()", HasData<PVi>::value, 14, "present");
    Added("STATIC_SIZE", HasStaticSize<PVi>::value, 30, "present");
    Removed("rbegin/rend", HasReverse<PVi>::value, 30, "present");
}

// --- memusage.h -------------------------------------------------------------------------------

/** Core's allocation model, written out for this host. */
std::size_t CoreMalloc(std::size_t n)
{
    if (n == 0) return 0;
    return sizeof(void*) == 8 ? ((n + 31) >> 4) << 4 : ((n + 15) >> 3) << 3;
}

// The nodes Core's formulas charge for, laid out as Core's shims are.
template <typename X>
struct TreeNode {
    int m_color;
    void* m_parent;
    void* m_left;
    void* m_right;
    X m_value;
};
template <typename X>
struct ListNode {
    void* m_next;
    void* m_prev;
    X m_value;
};
template <typename X>
struct HashNode {
    X m_value;
    void* m_next;
};
struct SharedCounter {
    void* m_class_type;
    std::size_t m_use_count;
    std::size_t m_weak_count;
};

void CheckMallocUsage()
{
    std::vector<std::string> wrong;
    for (std::size_t n : {0, 1, 7, 8, 9, 15, 16, 17, 23, 24, 25, 31, 32, 33, 48, 100, 1000, 4095, 4096, 100000}) {
        const std::size_t got{memusage::MallocUsage(n)};
        if (got != CoreMalloc(n)) wrong.push_back(Num(n) + " -> " + Num(got) + " (Core " + Num(CoreMalloc(n)) + ")");
    }
    const bool known_host{sizeof(void*) == 8 || sizeof(void*) == 4};
    const std::string rule{sizeof(void*) == 8 ? "0 -> 0, else ((n + 31) >> 4) << 4 (64-bit)" : "0 -> 0, else ((n + 15) >> 3) << 3 (32-bit)"};
    Fixed("MallocUsage", !known_host ? "a host neither 32- nor 64-bit" : wrong.empty() ? rule : Join(wrong), known_host && wrong.empty());
}


struct Payload {
    char m_bytes[40];
};

template <typename C, typename = void>
struct Callable : std::false_type {};
template <typename C>
struct Callable<C, std::void_t<decltype(memusage::DynamicUsage(std::declval<const C&>()))>> : std::true_type {};

/** Some forks' memusage.h (PIVX's, for one) declare a DynamicUsage(const X&) for every X that
 *  calls X's own DynamicMemoryUsage(): a call then always resolves, and instantiating it for a
 *  standard container would not compile. Where one is, the overloads Core added later cannot be
 *  told from it without compiling more: their rows say so and fit every band. */
struct Unrelated {
};
constexpr bool CATCH_ALL{Callable<Unrelated>::value};

template <typename C>
struct HasUsage : std::bool_constant<!CATCH_ALL && Callable<C>::value> {};

template <typename C, typename = void>
struct CallableIncremental : std::false_type {};
template <typename C>
struct CallableIncremental<C, std::void_t<decltype(memusage::IncrementalDynamicUsage(std::declval<const C&>()))>> : std::true_type {};

/** What memusage.h charges for c, or nothing where it has no overload for C (Bitcoin
 *  Unlimited's has none for std::unique_ptr): a fork may lack what every Core release has. */
template <typename C>
std::optional<std::size_t> Usage(const C& c)
{
    if constexpr (Callable<C>::value) {
        return memusage::DynamicUsage(c);
    } else {
        return std::nullopt;
    }
}
template <typename C>
std::optional<std::size_t> IncrementalUsage(const C& c)
{
    if constexpr (CallableIncremental<C>::value) {
        return memusage::IncrementalDynamicUsage(c);
    } else {
        return std::nullopt;
    }
}
std::optional<std::size_t> operator+(std::optional<std::size_t> a, std::optional<std::size_t> b)
{
    if (!a || !b) return std::nullopt;
    return *a + *b;
}

/** A row for one DynamicUsage formula every Core release has, or every one from `since` (0.13
 *  added indirectmap, unique_ptr and shared_ptr): the figure, against Core's. */
void Formula(const std::string& name, const std::string& what, std::optional<std::size_t> got, std::size_t core, int since = 0)
{
    if (!got && since > 0) {
        Added(name, false, since, "");
        return;
    }
    if (!got) {
        Fixed(name, "absent: no overload (or no IncrementalDynamicUsage) for it, which every Core release has", false);
        return;
    }
    Fixed(name, *got == core ? what + ": " + Num(*got) : what + ": " + Num(*got) + " (Core's formula " + Num(core) + ")", *got == core);
}

/** A row for an overload Core added in `since`, where a catch-all hides whether it is there. */
[[maybe_unused]] void Hidden(const std::string& name)
{
    Fixed(name, "unknown: memusage.h's DynamicUsage(const X&) for any X hides whether it has this overload", true);
}

/** std::allocator under another name, to see whether vector's overload takes any allocator. */
template <typename T>
struct OtherAllocator : std::allocator<T> {
    template <typename U>
    struct rebind {
        using other = OtherAllocator<U>;
    };
    OtherAllocator() = default;
    template <typename U>
    OtherAllocator(const OtherAllocator<U>&) {}
};

/** Core's memusage.h through 0.14 (removed in 0.15): boost::unordered_set and _map, with the
 *  formula of the std twins that replaced them. Where Boost's headers are not installed, the row
 *  cannot be told and fits every band (Core's 0.12 to 0.14 headers would not compile here). */
template <typename Set, typename Map>
void CheckBoostUnordered()
{
    if constexpr (HasUsage<Set>::value && HasUsage<Map>::value) {
        Map map;
        for (int i{0}; i < 5; ++i) map[i] = i;
        Set set;
        set.insert(std::string(30, 'x'));
        const std::size_t got{memusage::DynamicUsage(map) + memusage::DynamicUsage(set)};
        const std::size_t core{CoreMalloc(sizeof(HashNode<std::pair<const int, int>>)) * 5 + CoreMalloc(sizeof(void*) * map.bucket_count()) +
                               CoreMalloc(sizeof(HashNode<std::string>)) + CoreMalloc(sizeof(void*) * set.bucket_count())};
        Removed("usage-boost-unordered", true, MEMUSAGE_ERA_SINCE_NO_BOOST_UNORDERED,
                got == core ? "node = value + one pointer, one pointer per bucket: " + Num(got) : Num(got) + " (Core's formula " + Num(core) + ")");
    } else if (CATCH_ALL) {
        Fixed("usage-boost-unordered", "unknown: memusage.h's DynamicUsage(const X&) for any X hides whether it has this overload", true);
    } else {
        Removed("usage-boost-unordered", false, MEMUSAGE_ERA_SINCE_NO_BOOST_UNORDERED, "");
    }
}

template <typename Set, typename Map>
void CheckUnordered()
{
    if constexpr (HasUsage<Set>::value && HasUsage<Map>::value) {
        Map map;
        for (int i{0}; i < 5; ++i) map[i] = i;
        Set set;
        set.insert(std::string(30, 'x'));
        set.insert("y");
        const std::size_t got{memusage::DynamicUsage(map) + memusage::DynamicUsage(set)};
        const std::size_t core{CoreMalloc(sizeof(HashNode<std::pair<const int, int>>)) * 5 + CoreMalloc(sizeof(void*) * map.bucket_count()) +
                               CoreMalloc(sizeof(HashNode<std::string>)) * 2 + CoreMalloc(sizeof(void*) * set.bucket_count())};
        Added("usage-unordered", true, 15, got == core ? "node = value + one pointer, one pointer per bucket: " + Num(got) :
                                                         Num(got) + " (Core's formula " + Num(core) + ")", got == core);
    } else if (CATCH_ALL) {
        Hidden("usage-unordered");
    } else {
        Added("usage-unordered", false, 15, "");
    }
}

template <typename List>
void CheckList()
{
    if constexpr (HasUsage<List>::value) {
        const List list{1, 2, 3};
        const std::size_t got{memusage::DynamicUsage(list)};
        const std::size_t core{CoreMalloc(sizeof(ListNode<int>)) * 3};
        Added("usage-list", true, 26, got == core ? "node = two pointers + value: " + Num(got) : Num(got) + " (Core's formula " + Num(core) + ")", got == core);
    } else if (CATCH_ALL) {
        Hidden("usage-list");
    } else {
        Added("usage-list", false, 26, "");
    }
}

template <typename String>
void CheckString()
{
    if constexpr (HasUsage<String>::value) {
        const String inside{"abc"};
        const String outside(100, 'z');
        const std::size_t got_inside{memusage::DynamicUsage(inside)};
        const std::size_t got_outside{memusage::DynamicUsage(outside)};
        const bool right{got_inside == 0 && got_outside == CoreMalloc(outside.capacity())};
        Added("usage-string", true, 29, right ? "0 while inline, else MallocUsage(capacity())" :
                                                "3 chars " + Num(got_inside) + ", 100 chars " + Num(got_outside) + " (Core 0, " + Num(CoreMalloc(outside.capacity())) + ")", right);
    } else if (CATCH_ALL) {
        Hidden("usage-string");
    } else {
        Added("usage-string", false, 29, "");
    }
}

template <typename Vector>
void CheckVectorAllocator()
{
    if constexpr (HasUsage<Vector>::value) {
        Vector v;
        v.reserve(7);
        const std::size_t got{memusage::DynamicUsage(v)};
        const std::size_t core{CoreMalloc(v.capacity() * sizeof(int))};
        Added("usage-vector-allocator", true, 29, got == core ? "any allocator: " + Num(got) : Num(got) + " (Core's formula " + Num(core) + ")", got == core);
    } else if (CATCH_ALL) {
        Hidden("usage-vector-allocator");
    } else {
        Added("usage-vector-allocator", false, 29, "");
    }
}

void CheckUsage()
{
    CheckMallocUsage();
    std::vector<int> vector;
    vector.reserve(10);
    std::vector<uint64_t> wide;
    wide.reserve(3);
    Formula("usage-vector", "MallocUsage(capacity * sizeof(T))", Usage(vector) + Usage(wide),
            CoreMalloc(vector.capacity() * sizeof(int)) + CoreMalloc(wide.capacity() * sizeof(uint64_t)));
    PVi heap(SizeI{3}, 1);
    heap.reserve(36);
    const PVi inline_pv(SizeI{3}, 1);
    Formula("usage-prevector", "MallocUsage(allocated_memory())", Usage(heap) + Usage(inline_pv), CoreMalloc(36 * sizeof(int)));
    // The set and the map have comparators of their own: some forks' memusage.h (PIVX's, from
    // Core before 0.13) also declare DynamicUsage for std::set<X> and std::map<X, Y> with the
    // default comparator, and never define it.
    const std::set<int, std::greater<int>> set{1, 2, 3};
    Formula("usage-set", "tree node {int; 3 pointers; X} per element", Usage(set) + IncrementalUsage(set),
            CoreMalloc(sizeof(TreeNode<int>)) * 4);
    std::map<int, Payload, std::greater<int>> map;
    map[1] = Payload{};
    map[2] = Payload{};
    Formula("usage-map", "tree node of pair<const K, V> per element", Usage(map) + IncrementalUsage(map),
            CoreMalloc(sizeof(TreeNode<std::pair<const int, Payload>>)) * 3);
#ifdef ERA_OF_INDIRECTMAP
    indirectmap<int, Payload> indirect;
    const int one{1}, one_again{1}, two{2};
    indirect.insert(std::make_pair(&one, Payload{}));
    const bool by_value{!indirect.insert(std::make_pair(&one_again, Payload{})).second && indirect.count(one_again) == 1};
    indirect.insert(std::make_pair(&two, Payload{}));
    Formula("usage-indirectmap", std::string(by_value ? "keyed by pointer, compared by value" : "pointers compared as pointers (Core: by value)") +
                                     ", tree node of pair<const K*, V> per element",
            by_value ? Usage(indirect) + IncrementalUsage(indirect) : std::optional<std::size_t>{0},
            by_value ? CoreMalloc(sizeof(TreeNode<std::pair<const int*, Payload>>)) * 3 : 1);
#else
    Added("usage-indirectmap", false, 13, "");
#endif
    const std::unique_ptr<Payload> unique{new Payload{}}, no_unique;
    Formula("usage-unique_ptr", "MallocUsage(sizeof(X)), null 0", Usage(unique) + Usage(no_unique), CoreMalloc(sizeof(Payload)), 13);
    const std::shared_ptr<Payload> shared{std::make_shared<Payload>()}, no_shared;
    Formula("usage-shared_ptr", "MallocUsage(sizeof(X)) + MallocUsage(3 words), null 0", Usage(shared) + Usage(no_shared),
            CoreMalloc(sizeof(Payload)) + CoreMalloc(sizeof(SharedCounter)), 13);
#ifdef ERA_OF_BOOST
    CheckBoostUnordered<boost::unordered_set<std::string>, boost::unordered_map<int, int>>();
#else
    Fixed("usage-boost-unordered", "unknown: no Boost headers here to try it with", true);
#endif
    CheckUnordered<std::unordered_set<std::string>, std::unordered_map<int, int>>();
    CheckList<std::list<int>>();
    CheckString<std::string>();
    CheckVectorAllocator<std::vector<int, OtherAllocator<int>>>();
}

// --- pool.h -----------------------------------------------------------------------------------

#ifdef ERA_OF_POOL
/** Whether every byte of [p, p + n) is poisoned. */
bool Poisoned(const void* p, std::size_t n)
{
#ifdef ERA_OF_ASAN
    for (std::size_t i{0}; i < n; ++i) {
        if (!__asan_address_is_poisoned(static_cast<const char*>(p) + i)) return false;
    }
    return true;
#else
    const unsigned char* const begin{static_cast<const unsigned char*>(p)};
    for (std::size_t i{0}; i < n; ++i) {
        bool poisoned{false};
        for (const era_of::PoisonCall& call : era_of::PoisonLog()) {
            if (begin + i >= call.m_begin && begin + i < call.m_begin + call.m_size) poisoned = call.m_poison;
        }
        if (!poisoned) return false;
    }
    return true;
#endif
}

template <typename Resource, typename Map>
void CheckPoolMap()
{
    if constexpr (HasUsage<Map>::value) {
        Resource resource{1024};
        Map map{0, typename Map::hasher{}, typename Map::key_equal{}, typename Map::allocator_type{&resource}};
        for (int i{0}; i < 100; ++i) map[i] = i;
        const std::size_t got{memusage::DynamicUsage(map)};
        const std::size_t core{(CoreMalloc(3 * sizeof(void*)) + CoreMalloc(resource.ChunkSizeBytes())) * resource.NumAllocatedChunks() +
                               CoreMalloc(sizeof(void*) * map.bucket_count())};
        Added("usage-pool-map", true, 26, got == core ? "(MallocUsage(3 words) + MallocUsage(chunk)) per chunk + buckets: " + Num(got) :
                                                        Num(got) + " (Core's formula " + Num(core) + ")", got == core);
    } else if (CATCH_ALL) {
        Hidden("usage-pool-map");
    } else {
        Added("usage-pool-map", false, 26, "");
    }
}
#endif

void CheckPool()
{
#ifdef ERA_OF_POOL
    Added("pool.h", true, 26, "present");
    using Resource = PoolResource<128, 8>;
    using Alloc = PoolAllocator<std::pair<const int, int>, 128, alignof(std::pair<const int, int>)>;
    CheckPoolMap<PoolResource<128, alignof(std::pair<const int, int>)>, std::unordered_map<int, int, std::hash<int>, std::equal_to<int>, Alloc>>();
    std::string seen;
    {
        Resource resource{1024};
        void* const live{resource.Allocate(16, 8)};
        void* const freed{resource.Allocate(16, 8)};
        resource.Deallocate(freed, 16, 8);
        const unsigned char* const fresh{static_cast<const unsigned char*>(freed) + 16};
        const bool live_poisoned{Poisoned(live, 16)};
        const bool freed_poisoned{Poisoned(freed, 16)};
        const bool fresh_poisoned{Poisoned(fresh, 64)};
        void* const again{resource.Allocate(16, 8)};
        const bool again_poisoned{Poisoned(again, 1)};
        const bool chunks{resource.NumAllocatedChunks() == 1 && resource.ChunkSizeBytes() == 1024 && again == freed};
        if (!chunks) {
            seen = "hands out blocks unlike Core's pool";
        } else if (!live_poisoned && !freed_poisoned && !fresh_poisoned && !again_poisoned) {
            seen = "leaves free memory alone";
        } else if (!live_poisoned && freed_poisoned && fresh_poisoned && !again_poisoned) {
            seen = "poisons freed blocks and memory not yet handed out";
        } else {
            seen = std::string("other: poisoned ") + (live_poisoned ? "live " : "") + (freed_poisoned ? "freed " : "") +
                   (fresh_poisoned ? "fresh " : "") + (again_poisoned ? "retaken" : "");
        }
        resource.Deallocate(live, 16, 8);
        resource.Deallocate(again, 16, 8);
    }
#ifdef ERA_OF_ASAN
    const std::string how{" (under this build's ASan)"};
#else
    const std::string how{" (its ASAN_POISON_MEMORY_REGION calls, as clang's ASan sees them)"};
#endif
    Switched("pool-poison", seen + how, [&](const Band& band) {
        return std::string(band.m_last < MEMUSAGE_ERA_SINCE_POOL_POISONS ? "leaves free memory alone" : "poisons freed blocks and memory not yet handed out") + how;
    });
#else
    Added("pool.h", false, 26, "");
    Added("usage-pool-map", false, 26, "");
    Switched("pool-poison", "no pool.h", [](const Band& band) { return std::string(band.m_last < 26 ? "no pool.h" : "a pool.h"); });
#endif
}

} // namespace

int main()
{
    CheckLayout();
    CheckCopyAssign();
    CheckMove();
    CheckOrder();
    CheckEquality();
    CheckPool();
    CheckGrowth();
    CheckCapacities();
    CheckShrinkAndErase();
    CheckCountConstructor<PVi>();
    CheckEmplaceBack<PVi>();
    CheckResizeUninitialized<PVi>();
    CheckUsage();

    // The band with the fewest rows that do not fit it.
    std::size_t best{0};
    std::vector<std::string> best_misfits;
    for (std::size_t band{0}; band < NUM_BANDS; ++band) {
        std::vector<std::string> misfits;
        for (const Row& row : g_rows) {
            if (!row.m_fits[band]) misfits.push_back(row.m_name);
        }
        if (band == 0 || misfits.size() < best_misfits.size()) {
            best = band;
            best_misfits = misfits;
        }
    }
    for (const Row& row : g_rows) {
        std::printf("%-23s %s%s\n", row.m_name.c_str(), row.m_seen.c_str(), row.m_fits[best] ? "" : "   <- differs");
    }
    if (best_misfits.empty()) {
        std::printf("Core %s\n--with-core-version=%d\n", BANDS[best].m_name, BANDS[best].m_last);
        return 0;
    }
    std::printf("nearest: Core %s (--with-core-version=%d), but for the rows marked\n", BANDS[best].m_name, BANDS[best].m_last);
    std::printf("no Core era: %s\n", Join(best_misfits).c_str());
    return 1;
}
