// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#include <memusage/report.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <limits>
#include <string>
#include <utility>

namespace memusage {
namespace {

std::string Named(std::string name) { return name.empty() ? std::string{"(unnamed)"} : name; }

std::string Hex(unsigned char byte)
{
    char text[3];
    std::snprintf(text, sizeof(text), "%02X", byte);
    return text;
}

/** Length of the well-formed UTF-8 sequence at s[i] (RFC 3629: no overlong forms, no
 *  surrogates, nothing above U+10FFFF), or 0 where there is none. */
size_t Utf8Length(const std::string& s, size_t i)
{
    const auto at{[&](size_t k) { return static_cast<unsigned char>(s[k]); }};
    const unsigned char c{at(i)};
    if (c < 0x80) return 1;
    size_t length{0};
    unsigned char low{0x80}, high{0xbf}; // range of the second byte
    if (c >= 0xc2 && c <= 0xdf) {
        length = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
        length = 3;
        if (c == 0xe0) low = 0xa0;
        if (c == 0xed) high = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        length = 4;
        if (c == 0xf0) low = 0x90;
        if (c == 0xf4) high = 0x8f;
    } else {
        return 0;
    }
    if (i + length > s.size()) return 0;
    if (at(i + 1) < low || at(i + 1) > high) return 0;
    for (size_t k{2}; k < length; ++k) {
        if (at(i + k) < 0x80 || at(i + k) > 0xbf) return 0;
    }
    return length;
}

bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

/** name with its valid UTF-8 sequences kept as they are and every other byte (ASCII, or a byte
 *  of no valid sequence) written by escape(out, byte): the walk the three formats share. */
template <typename Escape>
std::string EscapeBytes(const std::string& name, Escape escape)
{
    std::string out;
    for (size_t i{0}; i < name.size(); ++i) {
        const auto c{static_cast<unsigned char>(name[i])};
        const size_t length{c >= 0x80 ? Utf8Length(name, i) : 0};
        if (length != 0) {
            out.append(name, i, length);
            i += length - 1;
        } else {
            escape(out, c);
        }
    }
    return out;
}

std::string TextEscape(const std::string& name)
{
    return EscapeBytes(name, [](std::string& out, unsigned char c) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c >= 0x80 || IsControl(c)) {
            out += "\\x" + Hex(c);
        } else {
            out += static_cast<char>(c);
        }
    });
}

std::string FoldedEscape(const std::string& name)
{
    return EscapeBytes(name, [](std::string& out, unsigned char c) {
        if (c >= 0x80 || c == '%' || c == ';' || c <= 0x20 || c == 0x7f) {
            out += "%" + Hex(c);
        } else {
            out += static_cast<char>(c);
        }
    });
}

std::string JsonString(const std::string& name)
{
    return "\"" + EscapeBytes(name, [](std::string& out, unsigned char c) {
        if (c == '"') {
            out += "\\\"";
        } else if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20) {
            out += "\\u00" + Hex(c);
        } else if (c >= 0x80) {
            out += "\\ufffd";
        } else {
            out += static_cast<char>(c);
        }
    }) + "\"";
}

} // namespace

size_t UsageReport::Node::Total() const
{
    size_t total{m_self};
    for (const Node& child : m_children) total += child.Total();
    return total;
}

UsageReport::UsageReport(std::string root_name) { m_root.m_name = Named(std::move(root_name)); }

void UsageReport::Add(const std::vector<std::string>& path, size_t bytes)
{
    Node* node{&m_root};
    for (const std::string& part : path) {
        const std::string name{Named(part)};
        auto it{std::find_if(node->m_children.begin(), node->m_children.end(), [&](const Node& n) { return n.m_name == name; })};
        if (it == node->m_children.end()) {
            node->m_children.push_back(Node{name, 0, {}});
            it = node->m_children.end() - 1;
        }
        node = &*it;
    }
    node->m_self += bytes;
}

int64_t UsageReport::AddUnaccounted(const HeapStats& heap, const std::string& name)
{
    constexpr auto max{static_cast<size_t>(std::numeric_limits<int64_t>::max())};
    const size_t total{Total()};
    if (heap.in_use > total) {
        Add({name}, heap.in_use - total);
        return static_cast<int64_t>(std::min(heap.in_use - total, max));
    }
    return -static_cast<int64_t>(std::min(total - heap.in_use, max));
}

size_t UsageReport::Total() const { return m_root.Total(); }

std::string UsageReport::ToText() const
{
    struct Line {
        std::string m_name;
        size_t m_bytes;
    };
    std::vector<Line> lines;
    const auto walk{[&](const Node& node, size_t depth, const auto& self) -> void {
        lines.push_back(Line{std::string(2 * depth, ' ') + TextEscape(node.m_name), node.Total()});
        for (const Node& child : node.m_children) self(child, depth + 1, self);
    }};
    walk(m_root, 0, walk);
    size_t width{4};
    for (const Line& line : lines) width = std::max(width, line.m_name.size());
    const size_t total{Total()};
    std::string out;
    char cell[64];
    const auto row{[&](const std::string& name, const std::string& bytes, const std::string& percent) {
        out += name + std::string(width - name.size(), ' ');
        std::snprintf(cell, sizeof(cell), "  %15s  %7s\n", bytes.c_str(), percent.c_str());
        out += cell;
    }};
    row("name", "bytes", "%");
    for (const Line& line : lines) {
        std::string percent{"-"};
        if (total != 0) {
            std::snprintf(cell, sizeof(cell), "%.1f%%", static_cast<double>(line.m_bytes) * 100.0 / static_cast<double>(total));
            percent = cell;
        }
        row(line.m_name, std::to_string(line.m_bytes), percent);
    }
    return out;
}

std::string UsageReport::ToJson() const
{
    std::string out;
    const auto walk{[&](const Node& node, const auto& self) -> void {
        out += "{\"name\":" + JsonString(node.m_name) + ",\"bytes\":" + std::to_string(node.Total()) + ",\"children\":[";
        for (size_t i{0}; i < node.m_children.size(); ++i) {
            if (i != 0) out += ",";
            self(node.m_children[i], self);
        }
        out += "]}";
    }};
    walk(m_root, walk);
    return out + "\n";
}

std::string UsageReport::ToFolded() const
{
    std::string out;
    const auto walk{[&](const Node& node, const std::string& stack, const auto& self) -> void {
        const std::string here{stack.empty() ? FoldedEscape(node.m_name) : stack + ";" + FoldedEscape(node.m_name)};
        if (node.m_self != 0) out += here + " " + std::to_string(node.m_self) + "\n";
        for (const Node& child : node.m_children) self(child, here, self);
    }};
    // The root's own bytes (an empty path) go on a line of their own, under the root's name.
    if (m_root.m_self != 0) out += FoldedEscape(m_root.m_name) + " " + std::to_string(m_root.m_self) + "\n";
    for (const Node& child : m_root.m_children) walk(child, "", walk);
    return out;
}

} // namespace memusage
