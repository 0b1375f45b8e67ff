// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_TEST_UTIL_JSON_H
#define MEMUSAGE_TEST_UTIL_JSON_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

/** A strict RFC 8259 parser, for tests that must prove an output is JSON: no trailing commas,
 *  no leading zeros, no control characters or bad escapes inside strings, no unpaired
 *  surrogates, nothing but whitespace after the value, well-formed UTF-8 only. Written for the
 *  report's output, not for speed. Strings come back decoded (UTF-8), numbers as their text. */
struct JsonValue {
    enum class Kind { NUL, BOOLEAN, NUMBER, STRING, ARRAY, OBJECT } m_kind{Kind::NUL};
    bool m_boolean{false};
    std::string m_text; //!< a string's decoded value, or a number as written
    std::vector<JsonValue> m_items;
    // An object's members in order (duplicates rejected), as two vectors: a vector may hold the
    // incomplete JsonValue, a std::pair may not.
    std::vector<std::string> m_keys;
    std::vector<JsonValue> m_values;

    const JsonValue* Member(const std::string& key) const
    {
        for (size_t i{0}; i < m_keys.size(); ++i) {
            if (m_keys[i] == key) return &m_values[i];
        }
        return nullptr;
    }
};

class JsonParser
{
public:
    /** The value, or std::nullopt (Error() says where) if text is not exactly one JSON value. */
    static std::optional<JsonValue> Parse(const std::string& text, std::string* error = nullptr)
    {
        JsonParser parser{text};
        JsonValue value;
        const bool ok{parser.Value(value, 0) && (parser.SkipSpace(), parser.m_pos == text.size())};
        if (!ok) {
            if (error) *error = "invalid JSON at byte " + std::to_string(parser.m_pos);
            return std::nullopt;
        }
        return value;
    }

private:
    explicit JsonParser(const std::string& text) : m_text{text} {}

    static constexpr int MAX_DEPTH{256};

    bool AtEnd() const { return m_pos >= m_text.size(); }
    unsigned char Peek() const { return static_cast<unsigned char>(m_text[m_pos]); }

    void SkipSpace()
    {
        while (!AtEnd() && (Peek() == ' ' || Peek() == '\t' || Peek() == '\n' || Peek() == '\r')) ++m_pos;
    }

    bool Literal(const char* word)
    {
        const std::string w{word};
        if (m_text.compare(m_pos, w.size(), w) != 0) return false;
        m_pos += w.size();
        return true;
    }

    bool Value(JsonValue& value, int depth)
    {
        if (depth > MAX_DEPTH) return false;
        SkipSpace();
        if (AtEnd()) return false;
        switch (Peek()) {
        case '{': return Object(value, depth);
        case '[': return Array(value, depth);
        case '"': value.m_kind = JsonValue::Kind::STRING; return String(value.m_text);
        case 't': value.m_kind = JsonValue::Kind::BOOLEAN; value.m_boolean = true; return Literal("true");
        case 'f': value.m_kind = JsonValue::Kind::BOOLEAN; return Literal("false");
        case 'n': value.m_kind = JsonValue::Kind::NUL; return Literal("null");
        default: value.m_kind = JsonValue::Kind::NUMBER; return Number(value.m_text);
        }
    }

    bool Object(JsonValue& value, int depth)
    {
        value.m_kind = JsonValue::Kind::OBJECT;
        ++m_pos; // {
        SkipSpace();
        if (!AtEnd() && Peek() == '}') return ++m_pos, true;
        while (true) {
            SkipSpace();
            std::string key;
            if (AtEnd() || Peek() != '"' || !String(key)) return false;
            if (value.Member(key)) return false;
            SkipSpace();
            if (AtEnd() || Peek() != ':') return false;
            ++m_pos;
            JsonValue member;
            if (!Value(member, depth + 1)) return false;
            value.m_keys.push_back(std::move(key));
            value.m_values.push_back(std::move(member));
            SkipSpace();
            if (AtEnd()) return false;
            if (Peek() == '}') return ++m_pos, true;
            if (Peek() != ',') return false;
            ++m_pos;
        }
    }

    bool Array(JsonValue& value, int depth)
    {
        value.m_kind = JsonValue::Kind::ARRAY;
        ++m_pos; // [
        SkipSpace();
        if (!AtEnd() && Peek() == ']') return ++m_pos, true;
        while (true) {
            JsonValue item;
            if (!Value(item, depth + 1)) return false;
            value.m_items.push_back(std::move(item));
            SkipSpace();
            if (AtEnd()) return false;
            if (Peek() == ']') return ++m_pos, true;
            if (Peek() != ',') return false;
            ++m_pos;
        }
    }

    bool Digits()
    {
        const size_t start{m_pos};
        while (!AtEnd() && Peek() >= '0' && Peek() <= '9') ++m_pos;
        return m_pos > start;
    }

    bool Number(std::string& text)
    {
        const size_t start{m_pos};
        if (!AtEnd() && Peek() == '-') ++m_pos;
        if (AtEnd()) return false;
        if (Peek() == '0') {
            ++m_pos;
        } else if (!Digits()) {
            return false;
        }
        if (!AtEnd() && Peek() == '.') {
            ++m_pos;
            if (!Digits()) return false;
        }
        if (!AtEnd() && (Peek() == 'e' || Peek() == 'E')) {
            ++m_pos;
            if (!AtEnd() && (Peek() == '+' || Peek() == '-')) ++m_pos;
            if (!Digits()) return false;
        }
        text = m_text.substr(start, m_pos - start);
        return true;
    }

    bool Hex4(uint32_t& code)
    {
        if (m_pos + 4 > m_text.size()) return false;
        code = 0;
        for (int i{0}; i < 4; ++i) {
            const unsigned char c{Peek()};
            ++m_pos;
            code <<= 4;
            if (c >= '0' && c <= '9') code |= c - '0';
            else if (c >= 'a' && c <= 'f') code |= c - 'a' + 10;
            else if (c >= 'A' && c <= 'F') code |= c - 'A' + 10;
            else return false;
        }
        return true;
    }

    static void AppendUtf8(std::string& out, uint32_t code)
    {
        if (code < 0x80) {
            out += static_cast<char>(code);
        } else if (code < 0x800) {
            out += static_cast<char>(0xc0 | (code >> 6));
            out += static_cast<char>(0x80 | (code & 0x3f));
        } else if (code < 0x10000) {
            out += static_cast<char>(0xe0 | (code >> 12));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
            out += static_cast<char>(0x80 | (code & 0x3f));
        } else {
            out += static_cast<char>(0xf0 | (code >> 18));
            out += static_cast<char>(0x80 | ((code >> 12) & 0x3f));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
            out += static_cast<char>(0x80 | (code & 0x3f));
        }
    }

    /** A raw UTF-8 sequence inside a string: well-formed (RFC 3629) or rejected. */
    bool Utf8(std::string& out)
    {
        const unsigned char c{Peek()};
        size_t length{0};
        unsigned char low{0x80}, high{0xbf};
        if (c >= 0xc2 && c <= 0xdf) length = 2;
        else if (c >= 0xe0 && c <= 0xef) length = 3, low = c == 0xe0 ? 0xa0 : 0x80, high = c == 0xed ? 0x9f : 0xbf;
        else if (c >= 0xf0 && c <= 0xf4) length = 4, low = c == 0xf0 ? 0x90 : 0x80, high = c == 0xf4 ? 0x8f : 0xbf;
        else return false;
        if (m_pos + length > m_text.size()) return false;
        const auto at{[&](size_t k) { return static_cast<unsigned char>(m_text[m_pos + k]); }};
        if (at(1) < low || at(1) > high) return false;
        for (size_t k{2}; k < length; ++k) {
            if (at(k) < 0x80 || at(k) > 0xbf) return false;
        }
        out.append(m_text, m_pos, length);
        m_pos += length;
        return true;
    }

    bool String(std::string& out)
    {
        ++m_pos; // "
        while (true) {
            if (AtEnd()) return false;
            const unsigned char c{Peek()};
            if (c == '"') return ++m_pos, true;
            if (c < 0x20) return false;
            if (c >= 0x80) {
                if (!Utf8(out)) return false;
                continue;
            }
            ++m_pos;
            if (c != '\\') {
                out += static_cast<char>(c);
                continue;
            }
            if (AtEnd()) return false;
            const unsigned char e{Peek()};
            ++m_pos;
            switch (e) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '/': out += '/'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                uint32_t code;
                if (!Hex4(code)) return false;
                if (code >= 0xdc00 && code <= 0xdfff) return false; // a low surrogate alone
                if (code >= 0xd800 && code <= 0xdbff) {
                    uint32_t low;
                    if (!Literal("\\u") || !Hex4(low) || low < 0xdc00 || low > 0xdfff) return false;
                    code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
                }
                AppendUtf8(out, code);
                break;
            }
            default: return false;
            }
        }
    }

    const std::string& m_text;
    size_t m_pos{0};
};

#endif // MEMUSAGE_TEST_UTIL_JSON_H
