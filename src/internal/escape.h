// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_INTERNAL_ESCAPE_H
#define MEMUSAGE_INTERNAL_ESCAPE_H

#include <cstddef>
#include <cstdio>
#include <string>

// Escaping of names for the report's formats (report.cpp) and of the texts memusage-probe adds
// around a report (the model, the allocator). Not installed.

namespace memusage {
namespace detail {

inline std::string Hex(unsigned char byte)
{
    char text[3];
    std::snprintf(text, sizeof(text), "%02X", byte);
    return text;
}

/** Length of the well-formed UTF-8 sequence at s[i] (RFC 3629: no overlong forms, no
 *  surrogates, nothing above U+10FFFF), or 0 where there is none. */
inline size_t Utf8Length(const std::string& s, size_t i)
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

inline bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

/** name with its valid UTF-8 sequences kept as they are and every other byte (ASCII, or a byte
 *  of no valid sequence) written by escape(out, byte): the walk the three formats share. */
template <typename Escape>
inline std::string EscapeBytes(const std::string& name, Escape escape)
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

/** name as a JSON string (RFC 8259), quotes included: short escapes where JSON has them,
 *  \\u00XX for the other control characters, U+FFFD for a byte of no valid UTF-8 sequence. */
inline std::string JsonString(const std::string& name)
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

} // namespace detail
} // namespace memusage

#endif // MEMUSAGE_INTERNAL_ESCAPE_H
