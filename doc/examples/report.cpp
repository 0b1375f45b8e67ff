// doc/examples/report.cpp: a node's usage tree, each shared transaction charged once.
#include <memusage.h>          // UsageContext and the two-argument RecursiveDynamicUsage come along
#include <memusage/heap.h>
#include <memusage/report.h>

#include <cstdio>
#include <map>
#include <memory>
#include <vector>

struct Tx {
    std::vector<unsigned char> m_script;
};
using TxRef = std::shared_ptr<const Tx>;

// Your type joins the whole-object figure through its own two-argument form.
size_t RecursiveDynamicUsage(const Tx& tx, memusage::UsageContext& context)
{
    return memusage::RecursiveDynamicUsage(tx.m_script, context);
}

int main()
{
    std::map<int, TxRef> mempool;
    std::vector<TxRef> block;
    for (int i{0}; i < 1000; ++i) {
        TxRef tx{std::make_shared<const Tx>(Tx{std::vector<unsigned char>(200, 0)})};
        mempool.emplace(i, tx);
        if (i % 2 == 0) block.push_back(tx); // the block shares half the mempool's transactions
    }

    memusage::UsageContext context;       // one context: each transaction charged once
    memusage::UsageReport report{"node"};
    report.Add({"mempool"}, memusage::RecursiveDynamicUsage(mempool, context));
    report.Add({"recent block"}, memusage::RecursiveDynamicUsage(block, context));
    if (const auto heap{memusage::ReadHeapStats()}) report.AddUnaccounted(*heap); // the rest of the process

    std::fputs(report.ToText().c_str(), stdout);
    std::fputs(report.ToFolded().c_str(), stdout);
}
