// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_MEMUSAGE_NODES_H
#define MEMUSAGE_MEMUSAGE_NODES_H

#include <cstddef>
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

} // namespace memusage

#endif // MEMUSAGE_MEMUSAGE_NODES_H
