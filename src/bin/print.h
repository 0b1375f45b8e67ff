// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_BIN_PRINT_H
#define MEMUSAGE_BIN_PRINT_H

#include <memusage/malloc.h>
#include <probe/probe.h>
#include <probe/workloads.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// What memusage-probe prints, from the data the probe's library returns: the sweep's and the
// containers' tables and CSV (print_sweep.cpp), the workloads' and the node report
// (print_workloads.cpp). Everything goes to stdout; messages are the caller's.

namespace memusage {
namespace cli {

/** The model that describes the running allocator exactly (glibc's: exact), if it is known. */
inline std::optional<detail::MallocModel> RunningModel() { return probe::ModelFor(probe::RunningAllocator()); }

/** "+16", "0", "-8": an error in bytes, signed. */
std::string Signed(int64_t value);

/** The platform header: platform, C library, compiler, model, allocator and the Core era's rules. */
void PrintPlatform(const probe::Platform& platform);
/** The chunk rule measured at start-up (glibc), or a line saying size classes are read. */
void PrintRule(const std::optional<probe::ChunkRule>& rule);
/** The mmap threshold found and the sizes swept. */
void PrintSweepHeader(const probe::Sweep& sweep);
/** The sweep as ranges up to detail bytes, then one line per power of two. */
void PrintTable(const probe::Sweep& sweep, size_t detail);
/** The model's error below the threshold and from it. */
void PrintSummary(const probe::Sweep& sweep);
/** --csv: one row per measured size, every model's bytes at the end. */
void PrintCsv(const probe::Sweep& sweep);
/** The container samples against Core's model, the running allocator's and the compiled one. */
void PrintContainers(const std::vector<probe::ContainerSample>& samples);
/** --csv-containers: one row per container and size. */
void PrintContainersCsv(const std::vector<probe::ContainerSample>& samples);
/** The requests the model under-estimates most, up to count of them, worst first: the first
 *  request of each range of sizes with the same model and real bytes. */
std::string WorstUnder(const probe::Sweep& sweep, size_t count);

/** The workloads against the real heap, as a table. */
void PrintWorkloadTable(const std::vector<workloads::WorkloadSample>& samples);
/** The workloads as CSV: workload,entries,blocks,real,core_guess,core,exact,counter,allocator_model
 *  (real empty where it cannot be read, allocator_model where glibc or an unknown allocator runs). */
void PrintWorkloadCsv(const std::vector<workloads::WorkloadSample>& samples);

/** --report=FORMAT of the node workload. */
enum class ReportFormat {
    TEXT,   //!< a header and both trees
    JSON,   //!< one object: workload, model, allocator, transactions, real, unaccounted, per_holder, shared
    FOLDED, //!< the shared tree as folded stacks
};

/** The node report in format. */
std::string FormatNode(const workloads::NodeReport& report, ReportFormat format);

} // namespace cli
} // namespace memusage

#endif // MEMUSAGE_BIN_PRINT_H
