// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

#ifndef MEMUSAGE_TEST_UTIL_RECORDING_ALLOCATOR_H
#define MEMUSAGE_TEST_UTIL_RECORDING_ALLOCATOR_H

#include <cstddef>
#include <unordered_map>

/** Every block obtained from the global operator new while a RecordingScope is open on this
 *  thread: its address and the bytes requested. The replacement operators that feed it live in
 *  test/exact_tests.cpp (one definition per program); they forward to malloc and free, as
 *  libstdc++'s own do, and record nothing while no scope is open, so the rest of the test binary
 *  runs as it would without them. Standard containers with std::allocator, std::make_shared and
 *  std::make_unique are observed as they are, with no allocator of ours in their layouts. */
class AllocationRecord
{
public:
    /** Live blocks: address -> bytes requested of malloc. */
    const std::unordered_map<const void*, std::size_t>& Live() const { return m_live; }

    void Add(const void* block, std::size_t bytes) { m_live[block] = bytes; }
    void Remove(const void* block) { m_live.erase(block); }

private:
    std::unordered_map<const void*, std::size_t> m_live;
};

/** The record of the scope open on this thread, or nullptr; and whether the recorder itself is
 *  allocating (its own map must not record into itself). Defined in test/exact_tests.cpp. */
AllocationRecord*& CurrentAllocationRecord();
bool& InsideAllocationRecord();

/** Records the global operator new's blocks on this thread for its lifetime. Scopes do not
 *  nest: the innermost wins and closing it stops recording. */
class RecordingScope
{
public:
    RecordingScope() { CurrentAllocationRecord() = &m_record; }
    ~RecordingScope() { CurrentAllocationRecord() = nullptr; }
    RecordingScope(const RecordingScope&) = delete;
    RecordingScope& operator=(const RecordingScope&) = delete;

    const AllocationRecord& Record() const { return m_record; }
    /** Adds a block obtained from malloc directly (prevector), so it is measured with the rest. */
    void AddMallocBlock(const void* block, std::size_t bytes)
    {
        InsideAllocationRecord() = true;
        m_record.Add(block, bytes);
        InsideAllocationRecord() = false;
    }

private:
    AllocationRecord m_record;
};

#endif // MEMUSAGE_TEST_UTIL_RECORDING_ALLOCATOR_H
