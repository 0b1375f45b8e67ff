// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

// The seed's second example: shallow and deep accounting through a shared pointer. A type
// joins RecursiveDynamicUsage by declaring its own overload beside it, found by
// argument-dependent lookup.
#include <memusage.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <vector>

namespace example {

struct Node {
    std::vector<uint8_t> data;
};

size_t RecursiveDynamicUsage(const Node& node)
{
    return memusage::DynamicUsage(node.data);
}

} // namespace example

int main()
{
    const auto node{std::make_shared<example::Node>(example::Node{std::vector<uint8_t>(2048)})};
    std::printf("shallow: %zu bytes\n", memusage::DynamicUsage(node));
    std::printf("deep: %zu bytes\n", memusage::RecursiveDynamicUsage(node));
}
