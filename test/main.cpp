// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

// The one translation unit that compiles Boost.Test's implementation, header-only, so a
// 32-bit build needs no 32-bit Boost libraries.
#define BOOST_TEST_MODULE libmemusage
#include <boost/test/included/unit_test.hpp>
