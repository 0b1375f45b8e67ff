// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_MEMUSAGE_NODES_H
#define MEMUSAGE_MEMUSAGE_NODES_H

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

// Structs that exist only for sizeof: each imitates the node a standard container allocates
// per element, under the names Core gives them, so the numbers match Core's to the byte.

namespace memusage {

/** A red-black tree node (std::set, std::map): colour, three links, then the value. */
template <typename X>
struct stl_tree_node {
private:
    int color;
    void* parent;
    void* left;
    void* right;
    X x;
};

/** A doubly linked list node (std::list): two links, then the value. */
template <typename X>
struct list_node {
private:
    void* ptr_next;
    void* ptr_prev;
    X x;
};

/** The control block of a std::shared_ptr. Platforms differ in their counter widths;
 *  assume they are no wider than size_t. */
struct stl_shared_counter {
    void* class_type;
    size_t use_count;
    size_t weak_count;
};

namespace detail {

// Core derives its hash node from the value type, which lets the link pointer sit in a class
// value's tail padding (and an empty value take no room), but cannot take a scalar or a final
// class. Those hold the value as a member instead; for every type Core accepts the layout,
// and so the size, is Core's.
template <typename X, bool = std::is_class_v<X> && !std::is_final_v<X>>
struct unordered_node_base : private X {
};

template <typename X>
struct unordered_node_base<X, false> {
private:
    X x;
};

} // namespace detail

/** A singly linked hash node (std::unordered_set, std::unordered_map): the value, then a link. */
template <typename X>
struct unordered_node : private detail::unordered_node_base<X> {
private:
    void* ptr;
};

// The exact model's shims: libstdc++'s real node layouts (GCC 12, unchanged in this respect
// since GCC 11), confirmed by recording what its containers ask of operator new
// (test/exact_tests.cpp). Trees and lists allocate exactly what Core's shims above describe;
// hash nodes and shared_ptr's blocks differ.

namespace detail {

// libstdc++ keeps values in hash nodes and make_shared's block in __aligned_buffer, aligned to
// the type's preferred alignment (__alignof__), which on i386 is 8 for int64_t and double
// where alignof says 4.
#if defined(__GNUC__)
template <typename X>
inline constexpr size_t PREFERRED_ALIGNMENT{__alignof__(X)};
#else
template <typename X>
inline constexpr size_t PREFERRED_ALIGNMENT{alignof(X)};
#endif

/** Room for an X, as libstdc++'s __aligned_buffer gives it. */
template <typename X>
struct stl_aligned_buffer {
    alignas(PREFERRED_ALIGNMENT<X>) unsigned char bytes[sizeof(X)];
};

} // namespace detail

/** libstdc++'s hash node (_Hash_node): the link first, then the value, then the hash code when
 *  the table caches it (HASH_NODE_CACHES_HASH). */
template <typename X, bool CACHED>
struct stl_hash_node {
private:
    void* ptr_next;
    detail::stl_aligned_buffer<X> x;
    size_t hash_code;
};

template <typename X>
struct stl_hash_node<X, false> {
private:
    void* ptr_next;
    detail::stl_aligned_buffer<X> x;
};

/** Whether a hasher counts as cheap to call again, libstdc++'s std::__is_fast_hash: true unless
 *  the library says otherwise (it does for std::hash of strings, string views and long double,
 *  and derives it for std::optional and std::variant). Specialize it for a slow hasher of
 *  your own only where you also specialize std::__is_fast_hash. */
#if defined(__GLIBCXX__)
template <typename Hash>
struct IsFastHash : std::__is_fast_hash<Hash> {
};
#else
template <typename Hash>
struct IsFastHash : std::true_type {
};
template <typename C, typename A>
struct IsFastHash<std::hash<std::basic_string<C, std::char_traits<C>, A>>> : std::false_type {
};
template <typename C>
struct IsFastHash<std::hash<std::basic_string_view<C, std::char_traits<C>>>> : std::false_type {
};
template <>
struct IsFastHash<std::hash<long double>> : std::false_type {
};
#endif

/** libstdc++'s rule (__cache_default): a hash table keeps each key's hash in its node unless
 *  the hasher is fast and cannot throw, so that erase never has to call a hasher that might.
 *  std::hash<int64_t> is fast and noexcept: not cached. std::hash<std::string> is not fast:
 *  cached. A hasher without noexcept (Core's SaltedTxidHasher): cached. */
template <typename Key, typename Hash>
inline constexpr bool HASH_NODE_CACHES_HASH{!(IsFastHash<Hash>::value && std::is_nothrow_invocable_v<const Hash&, const Key&>)};

namespace detail {

/** Whether libstdc++ guards shared_ptr's counters with a mutex (its lock policy, taken from the
 *  target at compile time): _S_atomic where the target has compare-and-swap on 2- and 4-byte
 *  words, _S_mutex where it lacks one, as riscv64 lacks the 2-byte one under GCC 12. Then every
 *  control block holds a whole mutex (40 bytes on riscv64), so new X and its block cost 64 bytes
 *  of counters where x86_64 pays 24 (measured under qemu-riscv64, doc/platforms.md). */
#if defined(__GLIBCXX__)
inline constexpr bool SP_COUNTERS_LOCKED{__gnu_cxx::__default_lock_policy == __gnu_cxx::_S_mutex};
using stl_sp_lock = __gnu_cxx::__mutex;
#else
inline constexpr bool SP_COUNTERS_LOCKED{false};
struct stl_sp_lock {
};
#endif

/** libstdc++'s _Sp_counted_base: a vtable pointer, the lock of its policy (none for atomics),
 *  the use and weak counters (_Atomic_word, an int). */
template <bool LOCKED = SP_COUNTERS_LOCKED>
struct stl_sp_counted_base {
    void* vtable;
    int use_count;
    int weak_count;
};

template <>
struct stl_sp_counted_base<true> {
    void* vtable;
    stl_sp_lock lock;
    int use_count;
    int weak_count;
};

} // namespace detail

/** libstdc++'s control block for shared_ptr<X>(new X) (_Sp_counted_ptr): the counters, then the
 *  owned pointer. */
struct stl_sp_counted_ptr {
    detail::stl_sp_counted_base<> counters;
    void* ptr;
};

/** libstdc++'s single block for std::make_shared<X> (_Sp_counted_ptr_inplace): the same
 *  counters with the object in place of the pointer. */
template <typename X>
struct stl_sp_counted_inplace {
private:
    detail::stl_sp_counted_base<> counters;
    detail::stl_aligned_buffer<X> x;
};

} // namespace memusage

#endif // MEMUSAGE_MEMUSAGE_NODES_H
