// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_MEMUSAGE_REPORT_H
#define MEMUSAGE_MEMUSAGE_REPORT_H

#include <memusage/heap.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace memusage {

/** A tree of named figures, for a node to print which structure holds its memory: leaves are
 *  added under paths of names, each inner node is the sum of what lies under it, and the tree
 *  prints as a table, as JSON or as folded stacks (flamegraph.pl, inferno, speedscope).
 *
 *  Names may hold any bytes; each format escapes what it must:
 *  - ToText: a backslash, every control character (below 0x20, and 0x7f) and every byte that
 *    is not well-formed UTF-8 as C escapes (\\, \n, \t, \xNN), so one node stays one line.
 *  - ToJson: RFC 8259 string escapes; bytes that are not well-formed UTF-8 become U+FFFD.
 *  - ToFolded: percent-encoding (as in URLs, uppercase hex) of '%', ';' and every byte up to
 *    0x20 (space included), 0x7f and every byte that is not well-formed UTF-8, so a name is
 *    one frame with no whitespace in it and the last space on a line is always the one before
 *    the count. Decoding each %XX gives the name back byte for byte ("%3B" is ';').
 *  An empty name is stored as "(unnamed)". Children keep the order they were first added in. */
class UsageReport
{
public:
    /** root_name names the whole: the JSON root and the table's first line. Folded stacks leave
     *  it out of every stack, as the tools add their own, except on the one line of bytes added
     *  to the root itself (see ToFolded). */
    explicit UsageReport(std::string root_name = "total");

    /** Add bytes under path ({"mempool", "mapTx"}): the nodes on the way are made as needed, and
     *  adding to a path again adds to it. A node may have bytes of its own and children both
     *  ("self" bytes, as a flame graph draws them). An empty path adds to the root. */
    void Add(const std::vector<std::string>& path, size_t bytes);

    /** What the heap holds beyond the tree: heap.in_use - Total(), signed, before adding. When
     *  positive it is added as a leaf of its own at the top level, named name; when the tree
     *  charges more than the heap holds (an over-estimating model, or a mimalloc heap seen from
     *  one thread) nothing is added and the negative difference is returned. */
    int64_t AddUnaccounted(const HeapStats& heap, const std::string& name = "unaccounted");

    /** Everything in the tree. */
    size_t Total() const;

    /** An indented table, one node a line (two spaces a level): name, bytes, and per cent of
     *  Total(), with a header line. */
    std::string ToText() const;

    /** One JSON object per node: {"name": ..., "bytes": subtree total, "children": [...]}, on one
     *  line, with a final newline. */
    std::string ToJson() const;

    /** One "a;b;c BYTES" line per node with bytes of its own (leaves, and inner nodes added to
     *  directly), in tree order, the root left out of every stack (bytes added to the root
     *  itself: a line of its name alone); the lines add up to Total(). */
    std::string ToFolded() const;

private:
    struct Node {
        std::string m_name;
        size_t m_self{0};
        std::vector<Node> m_children;

        size_t Total() const;
    };
    Node m_root;
};

} // namespace memusage

#endif // MEMUSAGE_MEMUSAGE_REPORT_H
