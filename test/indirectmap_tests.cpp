// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#include <indirectmap.h>

#include <boost/test/unit_test.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

BOOST_AUTO_TEST_SUITE(indirectmap_tests)

BOOST_AUTO_TEST_CASE(indirectmap_finds_by_value_not_address)
{
    const std::vector<std::string> stored{"c", "a", "b"};
    indirectmap<std::string, int> m;
    BOOST_CHECK(m.empty());
    for (size_t i = 0; i < stored.size(); ++i) {
        BOOST_CHECK(m.insert({&stored[i], static_cast<int>(i)}).second);
    }
    BOOST_CHECK_EQUAL(m.size(), 3U);
    BOOST_CHECK(!m.empty());

    // Lookups use keys that live somewhere else: only the value may matter.
    const std::string probe_a{"a"};
    const std::string probe_z{"z"};
    BOOST_CHECK(&probe_a != &stored[1]);
    auto it{m.find(probe_a)};
    BOOST_REQUIRE(it != m.end());
    BOOST_CHECK_EQUAL(it->first, &stored[1]); // the entry still points at the stored key
    BOOST_CHECK_EQUAL(it->second, 1);
    BOOST_CHECK(m.find(probe_z) == m.end());
    BOOST_CHECK_EQUAL(m.count(probe_a), 1U);
    BOOST_CHECK_EQUAL(m.count(probe_z), 0U);

    const auto& cm{m};
    BOOST_CHECK(cm.find(std::string{"b"}) != cm.end());
    BOOST_CHECK_EQUAL(*cm.lower_bound(std::string{"aa"})->first, "b");
    BOOST_CHECK(m.lower_bound(std::string{"d"}) == m.end());
}

BOOST_AUTO_TEST_CASE(indirectmap_rejects_equal_values_at_other_addresses)
{
    const std::string first{"same"};
    const std::string second{"same"};
    indirectmap<std::string, int> m;
    BOOST_CHECK(m.insert({&first, 1}).second);
    const auto result{m.insert({&second, 2})};
    BOOST_CHECK(!result.second);
    BOOST_CHECK_EQUAL(result.first->first, &first);
    BOOST_CHECK_EQUAL(result.first->second, 1);
    BOOST_CHECK_EQUAL(m.size(), 1U);
}

BOOST_AUTO_TEST_CASE(indirectmap_iterates_in_value_order_and_erases_by_value)
{
    std::vector<std::array<uint8_t, 32>> keys(50);
    for (size_t i = 0; i < keys.size(); ++i) {
        keys[i][0] = static_cast<uint8_t>((i * 37) % 251); // distinct, out of order
    }
    indirectmap<std::array<uint8_t, 32>, size_t> m;
    for (size_t i = 0; i < keys.size(); ++i) m.insert({&keys[i], i});
    BOOST_CHECK_EQUAL(m.size(), keys.size());

    const std::array<uint8_t, 32>* previous{nullptr};
    size_t seen{0};
    for (auto it = m.cbegin(); it != m.cend(); ++it, ++seen) {
        if (previous) BOOST_CHECK(*previous < *it->first);
        previous = it->first;
    }
    BOOST_CHECK_EQUAL(seen, keys.size());

    std::array<uint8_t, 32> copy{keys[10]};
    BOOST_CHECK_EQUAL(m.erase(copy), 1U);
    BOOST_CHECK_EQUAL(m.erase(copy), 0U);
    BOOST_CHECK_EQUAL(m.size(), keys.size() - 1);
    BOOST_CHECK(m.max_size() >= m.size());
    m.clear();
    BOOST_CHECK(m.empty());
    BOOST_CHECK(m.begin() == m.end());
}

BOOST_AUTO_TEST_SUITE_END()
