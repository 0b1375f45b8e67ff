// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#include <memusage/report.h>

#include <internal/difference.h>
#include <internal/escape.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>

namespace memusage {
namespace {

using detail::EscapeBytes;
using detail::Hex;
using detail::IsControl;
using detail::JsonString;

std::string Named(std::string name) { return name.empty() ? std::string{"(unnamed)"} : name; }

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
    const size_t total{Total()};
    if (heap.in_use > total) Add({name}, heap.in_use - total);
    return detail::SignedDifference(heap.in_use, total);
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
