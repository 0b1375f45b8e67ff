// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

// The workloads' output: their table and CSV, and the node report in each --report format.

#include <bin/print.h>

#include <internal/escape.h>
#include <memusage/heap.h>
#include <memusage/malloc.h>
#include <probe/probe.h>
#include <probe/workloads.h>

#include <cstddef>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace memusage {
namespace cli {
namespace {

using workloads::NodeReport;
using workloads::WorkloadSample;

std::string Trimmed(std::string json)
{
    while (!json.empty() && json.back() == '\n') json.pop_back();
    return json;
}

std::string Percent(size_t estimate, const std::optional<size_t>& real)
{
    const std::optional<double> error{workloads::ErrorPercent(estimate, real)};
    if (!error) return "-";
    char text[32];
    std::snprintf(text, sizeof(text), "%+.2f%%", *error);
    return text;
}

} // namespace

std::string FormatNode(const NodeReport& report, ReportFormat format)
{
    const std::string real{report.m_real ? std::to_string(*report.m_real) : "null"};
    const std::string unaccounted{report.m_unaccounted ? std::to_string(*report.m_unaccounted) : "null"};
    if (format == ReportFormat::JSON) {
        return "{\"workload\":\"node\",\"model\":" + detail::JsonString(MALLOC_MODEL) + ",\"allocator\":" +
               detail::JsonString(DescribeAllocator()) + ",\"transactions\":" + std::to_string(report.m_transactions) +
               ",\"real\":" + real + ",\"unaccounted\":" + unaccounted + ",\"per_holder\":" + Trimmed(report.m_per_holder.ToJson()) +
               ",\"shared\":" + Trimmed(report.m_shared.ToJson()) + "}\n";
    }
    if (format == ReportFormat::FOLDED) return report.m_shared.ToFolded();
    std::string out;
    out += "node        a coins cache, a mempool (mapTx, mapNextTx), an orphanage and recent blocks, the last three\n"
           "            sharing " + std::to_string(report.m_transactions) + " transaction references; model " + MALLOC_MODEL + "\n";
    out += "real        " + (report.m_real ? real + " bytes in use after - before (" + DescribeAllocator() + "'s own count, ReadHeapStats)"
                                           : std::string{"cannot be read here: "} + HeapStatsUnavailableReason().value_or("the probe cannot measure")) + "\n";
    if (report.m_unaccounted) {
        out += "            the shared tree " + std::string{*report.m_unaccounted >= 0 ? "leaves " : "charges "} +
               std::to_string(*report.m_unaccounted >= 0 ? *report.m_unaccounted : -*report.m_unaccounted) +
               (*report.m_unaccounted >= 0 ? " bytes unaccounted (its last leaf)" : " bytes more than the heap holds") + "\n";
    }
    out += "\nper holder: each structure through a context of its own (a shared transaction is charged at every holder)\n";
    out += report.m_per_holder.ToText();
    out += "\nshared: one context for all (each transaction charged once, where it is first reached)\n";
    out += report.m_shared.ToText();
    return out;
}

void PrintWorkloadTable(const std::vector<WorkloadSample>& samples)
{
    const std::string compiled{MALLOC_MODEL};
    const std::string running{probe::AllocatorName(probe::RunningAllocator())};
    const bool size_classes{!samples.empty() && samples.front().m_allocator_model};
    const auto label{[&](const std::string& model) { return compiled == model ? model + "*" : model; }};
    std::printf("workloads   heap really in use (%s's own statistics) against each way of charging it; error =\n"
                "            estimate - real, in per cent of real. core guess: Core's own figure (mempool: 15\n"
                "            pointers per entry); core, exact%s: this library under each malloc model (compiled\n"
                "            one marked *); counter: AccountingAllocator (coins: over the pool, plus the scripts'\n"
                "            DynamicUsage)\n\n",
                running.c_str(), size_classes ? (", " + running).c_str() : "");
    std::printf("%-12s %8s %11s %11s %8s %11s %8s %11s %8s %11s %8s", "workload", "entries", "real", "core guess", "error",
                label("core").c_str(), "error", label("exact").c_str(), "error", "counter", "error");
    if (size_classes) std::printf(" %11s %8s", label(running).c_str(), "error");
    std::printf("\n");
    for (const WorkloadSample& s : samples) {
        const std::string real{s.m_real ? std::to_string(*s.m_real) : "-"};
        std::printf("%-12s %8zu %11s %11zu %8s %11zu %8s %11zu %8s %11zu %8s", s.m_workload.c_str(), s.m_entries, real.c_str(),
                    s.m_core_guess, Percent(s.m_core_guess, s.m_real).c_str(), s.m_core, Percent(s.m_core, s.m_real).c_str(),
                    s.m_exact, Percent(s.m_exact, s.m_real).c_str(), s.m_counter, Percent(s.m_counter, s.m_real).c_str());
        if (s.m_allocator_model) std::printf(" %11zu %8s", *s.m_allocator_model, Percent(*s.m_allocator_model, s.m_real).c_str());
        std::printf("\n");
    }
}

void PrintWorkloadCsv(const std::vector<WorkloadSample>& samples)
{
    std::printf("workload,entries,blocks,real,core_guess,core,exact,counter,allocator_model\n");
    for (const WorkloadSample& s : samples) {
        const std::string real{s.m_real ? std::to_string(*s.m_real) : ""};
        const std::string allocator_model{s.m_allocator_model ? std::to_string(*s.m_allocator_model) : ""};
        std::printf("%s,%zu,%zu,%s,%zu,%zu,%zu,%zu,%s\n", s.m_workload.c_str(), s.m_entries, s.m_blocks, real.c_str(),
                    s.m_core_guess, s.m_core, s.m_exact, s.m_counter, allocator_model.c_str());
    }
}

} // namespace cli
} // namespace memusage
