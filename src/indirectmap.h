// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef BITCOIN_INDIRECTMAP_H
#define BITCOIN_INDIRECTMAP_H
// This tree's copy, not the fork's own (memusage/dropins.h tells them apart).
#define MEMUSAGE_DROPIN_INDIRECTMAP_H

#include <map>
#include <utility>

/** Orders pointers by the values they point to. */
template <class T>
struct DereferencingComparator {
    bool operator()(const T a, const T b) const { return *a < *b; }
};

/** A map keyed by pointers to keys that live elsewhere, looked up by key value.
 *
 *  The mempool indexes outpoints this way: the keys already live in the transactions, so the
 *  map stores only a pointer to each, yet callers look entries up by value. Inserting takes
 *  the pointer (the pointee must outlive its entry); find, count, lower_bound and erase take
 *  a key and compare it by value.
 */
template <class K, class T>
class indirectmap
{
private:
    using base = std::map<const K*, T, DereferencingComparator<const K*>>;
    base m;

public:
    using iterator = typename base::iterator;
    using const_iterator = typename base::const_iterator;
    using size_type = typename base::size_type;
    using value_type = typename base::value_type;

    // Pointer interface.
    std::pair<iterator, bool> insert(const value_type& value) { return m.insert(value); }

    // Value interface: the key's address stands in for it during the lookup.
    iterator find(const K& key) { return m.find(&key); }
    const_iterator find(const K& key) const { return m.find(&key); }
    iterator lower_bound(const K& key) { return m.lower_bound(&key); }
    const_iterator lower_bound(const K& key) const { return m.lower_bound(&key); }
    size_type erase(const K& key) { return m.erase(&key); }
    size_type count(const K& key) const { return m.count(&key); }

    bool empty() const { return m.empty(); }
    size_type size() const { return m.size(); }
    size_type max_size() const { return m.max_size(); }
    void clear() { m.clear(); }
    iterator begin() { return m.begin(); }
    iterator end() { return m.end(); }
    const_iterator begin() const { return m.begin(); }
    const_iterator end() const { return m.end(); }
    const_iterator cbegin() const { return m.cbegin(); }
    const_iterator cend() const { return m.cend(); }
};

#include <memusage/dropins.h>

#endif // BITCOIN_INDIRECTMAP_H
