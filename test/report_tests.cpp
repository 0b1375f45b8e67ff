// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

// UsageReport: the tree's sums, and each format read back: the JSON by a strict parser
// (test/util/json.h, itself held to inputs it must reject), the folded stacks line by line
// (decoded names, counts adding up to the total), the table one line per node.
#include <memusage/report.h>

#include <test/util/json.h>

#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

namespace {

using memusage::UsageReport;

/** Names that break a naive printer in one format or another. */
const std::vector<std::string> AWKWARD{
    "quote\"d", "back\\slash", "new\nline", "tab\there", "semi;colon", "per%cent", "sp ace", std::string{"nul\0byte", 8},
    "bell\x07", "caf\xc3\xa9", "emoji \xf0\x9f\x98\x80", "bad \xff utf8", "overlong \xc0\xaf", "cut \xe2\x82", "del\x7f"};

UsageReport NodeShaped()
{
    UsageReport report;
    report.Add({"mempool", "mapTx"}, 1000);
    report.Add({"mempool", "mapNextTx"}, 300);
    report.Add({"mempool", "transactions"}, 5000);
    report.Add({"coins", "cacheCoins"}, 20000);
    report.Add({"mempool", "mapTx"}, 24); // adds to the same leaf
    return report;
}

/** Percent-decoding, the inverse of the folded escape. */
std::string Decode(const std::string& frame)
{
    std::string out;
    for (size_t i{0}; i < frame.size(); ++i) {
        if (frame[i] == '%' && i + 2 < frame.size()) {
            out += static_cast<char>(std::stoi(frame.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += frame[i];
        }
    }
    return out;
}

struct FoldedLine {
    std::vector<std::string> m_frames;
    uint64_t m_count;
};

/** Each line split as flamegraph.pl and inferno split it: the count after the last space, the
 *  frames on ';'. Fails the test on a line they would misread. */
std::vector<FoldedLine> ReadFolded(const std::string& folded)
{
    std::vector<FoldedLine> lines;
    std::istringstream in{folded};
    std::string line;
    while (std::getline(in, line)) {
        const size_t space{line.rfind(' ')};
        BOOST_REQUIRE_MESSAGE(space != std::string::npos && space > 0, "no count on line: " << line);
        const std::string stack{line.substr(0, space)};
        const std::string count{line.substr(space + 1)};
        BOOST_REQUIRE(!count.empty() && count.find_first_not_of("0123456789") == std::string::npos);
        for (const char c : stack) BOOST_REQUIRE_MESSAGE(static_cast<unsigned char>(c) > 0x20 && c != 0x7f, "whitespace or control byte in " << line);
        FoldedLine read{{}, std::stoull(count)};
        for (size_t start{0};;) {
            const size_t semi{stack.find(';', start)};
            read.m_frames.push_back(stack.substr(start, semi == std::string::npos ? std::string::npos : semi - start));
            BOOST_REQUIRE(!read.m_frames.back().empty());
            if (semi == std::string::npos) break;
            start = semi + 1;
        }
        lines.push_back(read);
    }
    return lines;
}

uint64_t Number(const JsonValue& value)
{
    BOOST_REQUIRE(value.m_kind == JsonValue::Kind::NUMBER);
    BOOST_REQUIRE(value.m_text.find_first_not_of("0123456789") == std::string::npos);
    return std::stoull(value.m_text);
}

/** Every node: name a string, bytes a number equal to its children's sum plus what it holds
 *  itself (never less), children an array; returns bytes. */
uint64_t CheckNode(const JsonValue& node)
{
    BOOST_REQUIRE(node.m_kind == JsonValue::Kind::OBJECT);
    BOOST_REQUIRE_EQUAL(node.m_keys.size(), 3U);
    BOOST_REQUIRE(node.Member("name") && node.Member("name")->m_kind == JsonValue::Kind::STRING);
    BOOST_REQUIRE(node.Member("children") && node.Member("children")->m_kind == JsonValue::Kind::ARRAY);
    const uint64_t bytes{Number(*node.Member("bytes"))};
    uint64_t children{0};
    for (const JsonValue& child : node.Member("children")->m_items) children += CheckNode(child);
    BOOST_CHECK_GE(bytes, children);
    return bytes;
}

} // namespace

BOOST_AUTO_TEST_SUITE(report_tests)

BOOST_AUTO_TEST_CASE(strict_json_parser_rejects_what_it_must)
{
    // The checker below is only worth something if it fails on broken JSON.
    for (const std::string bad : {"", "{", "{\"a\":1,}", "[1,]", "01", "1.", "-", "{\"a\" 1}", "\"tab\there\"", "\"\\x41\"",
                                  "\"\\ud800\"", "\"\\udc00\"", "\"\xff\"", "\"\xc0\xaf\"", "{\"a\":1,\"a\":2}", "[1] 2", "nul",
                                  "\"open", "{'a':1}"}) {
        BOOST_CHECK_MESSAGE(!JsonParser::Parse(bad), "accepted: " << bad);
    }
    for (const std::string good : {"0", "-1.5e+3", "[]", "{}", " {\"a\" : [true, false, null, \"\\u00e9\\ud83d\\ude00\"]} ",
                                   "\"caf\xc3\xa9\""}) {
        BOOST_CHECK_MESSAGE(JsonParser::Parse(good), "rejected: " << good);
    }
    BOOST_CHECK_EQUAL(JsonParser::Parse("\"\\u00e9\\ud83d\\ude00\"")->m_text, "\xc3\xa9\xf0\x9f\x98\x80");
}

BOOST_AUTO_TEST_CASE(inner_nodes_add_up_their_leaves)
{
    const UsageReport report{NodeShaped()};
    BOOST_CHECK_EQUAL(report.Total(), 1024U + 300 + 5000 + 20000);
    const auto json{JsonParser::Parse(report.ToJson())};
    BOOST_REQUIRE(json);
    BOOST_CHECK_EQUAL(json->Member("name")->m_text, "total");
    BOOST_CHECK_EQUAL(CheckNode(*json), report.Total());
    const auto& top{json->Member("children")->m_items};
    BOOST_REQUIRE_EQUAL(top.size(), 2U);
    BOOST_CHECK_EQUAL(top[0].Member("name")->m_text, "mempool"); // the order things were added in
    BOOST_CHECK_EQUAL(Number(*top[0].Member("bytes")), 6324U);
    BOOST_CHECK_EQUAL(Number(*top[0].Member("children")->m_items[0].Member("bytes")), 1024U);
    BOOST_CHECK_EQUAL(top[1].Member("name")->m_text, "coins");
}

BOOST_AUTO_TEST_CASE(folded_lines_sum_to_the_total)
{
    UsageReport report{NodeShaped()};
    report.Add({"mempool"}, 7); // an inner node's own bytes get a line of their own
    const auto lines{ReadFolded(report.ToFolded())};
    BOOST_REQUIRE_EQUAL(lines.size(), 5U);
    uint64_t sum{0};
    for (const FoldedLine& line : lines) sum += line.m_count;
    BOOST_CHECK_EQUAL(sum, report.Total());
    BOOST_CHECK_EQUAL(lines[0].m_frames.size(), 1U);
    BOOST_CHECK_EQUAL(lines[0].m_frames[0], "mempool");
    BOOST_CHECK_EQUAL(lines[0].m_count, 7U);
    BOOST_CHECK_EQUAL(lines[1].m_frames[1], "mapTx");
    BOOST_CHECK_EQUAL(lines[1].m_count, 1024U);
}

BOOST_AUTO_TEST_CASE(awkward_names_survive_every_format)
{
    UsageReport report{"root \"of\"\nall"};
    for (size_t i{0}; i < AWKWARD.size(); ++i) report.Add({"outer;" + AWKWARD[i], AWKWARD[i]}, 10 + i);
    report.Add({"", "x"}, 1);

    std::string error;
    const auto json{JsonParser::Parse(report.ToJson(), &error)};
    BOOST_REQUIRE_MESSAGE(json, error << ": " << report.ToJson());
    BOOST_CHECK_EQUAL(CheckNode(*json), report.Total());
    BOOST_CHECK_EQUAL(json->Member("name")->m_text, "root \"of\"\nall");
    const auto& top{json->Member("children")->m_items};
    BOOST_REQUIRE_EQUAL(top.size(), AWKWARD.size() + 1);
    for (size_t i{0}; i < AWKWARD.size(); ++i) {
        const std::string& name{top[i].Member("children")->m_items[0].Member("name")->m_text};
        const bool valid_utf8{AWKWARD[i].find("bad") != 0 && AWKWARD[i].find("overlong") != 0 && AWKWARD[i].find("cut") != 0};
        if (valid_utf8) {
            BOOST_CHECK_EQUAL(name, AWKWARD[i]); // read back byte for byte
        } else {
            BOOST_CHECK_NE(name.find("\xef\xbf\xbd"), std::string::npos); // U+FFFD in place of the bad bytes
        }
    }
    BOOST_CHECK_EQUAL(top.back().Member("name")->m_text, "(unnamed)");

    const auto lines{ReadFolded(report.ToFolded())};
    BOOST_REQUIRE_EQUAL(lines.size(), AWKWARD.size() + 1);
    uint64_t sum{0};
    for (size_t i{0}; i < lines.size(); ++i) {
        sum += lines[i].m_count;
        BOOST_REQUIRE_EQUAL(lines[i].m_frames.size(), 2U);
        if (i < AWKWARD.size()) {
            BOOST_CHECK_EQUAL(Decode(lines[i].m_frames[0]), "outer;" + AWKWARD[i]);
            BOOST_CHECK_EQUAL(Decode(lines[i].m_frames[1]), AWKWARD[i]);
        }
    }
    BOOST_CHECK_EQUAL(sum, report.Total());

    // The table: a header, then one line per node, whatever the names hold.
    const std::string text{report.ToText()};
    size_t newlines{0};
    for (const char c : text) newlines += c == '\n';
    BOOST_CHECK_EQUAL(newlines, 1 + 1 + 2 * (AWKWARD.size() + 1));
    BOOST_CHECK_NE(text.find("new\\nline"), std::string::npos);
    BOOST_CHECK_NE(text.find("back\\\\slash"), std::string::npos);
}

BOOST_AUTO_TEST_CASE(text_gives_bytes_and_shares_of_the_total)
{
    const UsageReport report{NodeShaped()};
    const std::string text{report.ToText()};
    std::istringstream in{text};
    std::string header, root, mempool, map_tx;
    std::getline(in, header);
    std::getline(in, root);
    std::getline(in, mempool);
    std::getline(in, map_tx);
    BOOST_CHECK_EQUAL(header.rfind("name", 0), 0U);
    BOOST_CHECK_EQUAL(root.rfind("total ", 0), 0U);
    BOOST_CHECK_NE(root.find(" 26324 "), std::string::npos);
    BOOST_CHECK_NE(root.find("100.0%"), std::string::npos);
    BOOST_CHECK_EQUAL(mempool.rfind("  mempool ", 0), 0U);
    BOOST_CHECK_NE(mempool.find(" 6324 "), std::string::npos);
    BOOST_CHECK_NE(mempool.find("24.0%"), std::string::npos); // 6324 / 26324
    BOOST_CHECK_EQUAL(map_tx.rfind("    mapTx ", 0), 0U);
    BOOST_CHECK_NE(map_tx.find("3.9%"), std::string::npos); // 1024 / 26324
    BOOST_CHECK_NE(UsageReport{}.ToText().find(" -"), std::string::npos); // an empty tree has no shares
}

BOOST_AUTO_TEST_CASE(unaccounted_remainder_is_a_leaf_of_its_own)
{
    UsageReport report{NodeShaped()};
    memusage::HeapStats heap;
    heap.in_use = 30000;
    BOOST_CHECK_EQUAL(report.AddUnaccounted(heap), 30000 - 26324);
    BOOST_CHECK_EQUAL(report.Total(), 30000U);
    const auto lines{ReadFolded(report.ToFolded())};
    BOOST_REQUIRE(!lines.empty());
    BOOST_CHECK_EQUAL(lines.back().m_frames.size(), 1U);
    BOOST_CHECK_EQUAL(lines.back().m_frames[0], "unaccounted");
    BOOST_CHECK_EQUAL(lines.back().m_count, 30000U - 26324);
    // A heap smaller than the tree: nothing added, the shortfall returned.
    UsageReport over{NodeShaped()};
    heap.in_use = 26000;
    BOOST_CHECK_EQUAL(over.AddUnaccounted(heap, "rest"), -324);
    BOOST_CHECK_EQUAL(over.Total(), 26324U);
    BOOST_CHECK_EQUAL(over.ToFolded().find("rest"), std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
