# One list of libmemusage's files, for this tree's Makefile.am and for a host project's
# makefiles alike. Paths are relative to this file (%reldir%); variable names carry the
# LIBMEMUSAGE_ prefix so they never collide with a host's.

# Drop-ins for Bitcoin Core's headers, installed under include/libmemusage/ as they sit in Core.
LIBMEMUSAGE_DROPIN_H = \
  %reldir%/src/indirectmap.h \
  %reldir%/src/memusage.h \
  %reldir%/src/prevector.h

LIBMEMUSAGE_ALLOCATORS_H = \
  %reldir%/src/support/allocators/pool.h

LIBMEMUSAGE_MEMUSAGE_H = \
  %reldir%/src/memusage/accounting.h \
  %reldir%/src/memusage/boost.h \
  %reldir%/src/memusage/boost_unordered.h \
  %reldir%/src/memusage/builtin.h \
  %reldir%/src/memusage/context.h \
  %reldir%/src/memusage/core_containers.h \
  %reldir%/src/memusage/core_version.h \
  %reldir%/src/memusage/dropins.h \
  %reldir%/src/memusage/era_mark.h \
  %reldir%/src/memusage/heap.h \
  %reldir%/src/memusage/malloc.h \
  %reldir%/src/memusage/multi_index.h \
  %reldir%/src/memusage/nodes.h \
  %reldir%/src/memusage/recursive.h \
  %reldir%/src/memusage/report.h \
  %reldir%/src/memusage/size_classes.h \
  %reldir%/src/memusage/standard.h

LIBMEMUSAGE_PREVECTOR_H = \
  %reldir%/src/prevector/prevector.h

# libmemusage.a: what a node links, the heap figure (heap.h) and the usage report (report.h).
LIBMEMUSAGE_LIB_SOURCES = \
  %reldir%/src/memusage/heap.cpp \
  %reldir%/src/memusage/report.cpp

# Private headers, for the library's and the probe's .cpp files; not installed.
LIBMEMUSAGE_INTERNAL_H = \
  %reldir%/src/internal/difference.h \
  %reldir%/src/internal/escape.h \
  %reldir%/src/internal/glibc.h \
  %reldir%/src/internal/sanitizers.h

# libmemusage_probe.a, not installed: the probe's measurement code (the allocator sweep, the
# container samples, the node-shaped workloads), returning data, for memusage-probe and the
# tests. The workloads use Boost.MultiIndex where it is found, which libmemusage.a needs not.
LIBMEMUSAGE_PROBE_H = \
  %reldir%/src/probe/chain.h \
  %reldir%/src/probe/measure.h \
  %reldir%/src/probe/probe.h \
  %reldir%/src/probe/elements.h \
  %reldir%/src/probe/workloads.h

LIBMEMUSAGE_PROBE_LIB_SOURCES = \
  %reldir%/src/probe/coins.cpp \
  %reldir%/src/probe/containers.cpp \
  %reldir%/src/probe/mempool.cpp \
  %reldir%/src/probe/node.cpp \
  %reldir%/src/probe/sweep.cpp \
  %reldir%/src/probe/workloads.cpp

# memusage-probe: parsing, validation, dispatch and every line it prints.
LIBMEMUSAGE_PROBE_SOURCES = \
  %reldir%/src/bin/memusage-probe.cpp \
  %reldir%/src/bin/print.h \
  %reldir%/src/bin/print_sweep.cpp \
  %reldir%/src/bin/print_workloads.cpp

LIBMEMUSAGE_TEST_H = \
  %reldir%/test/util/running_allocator.h \
  %reldir%/test/util/counting_allocator.h \
  %reldir%/test/util/era.h \
  %reldir%/test/util/expected.h \
  %reldir%/test/util/glibc.h \
  %reldir%/test/util/json.h \
  %reldir%/test/util/poolresourcetester.h \
  %reldir%/test/util/random.h \
  %reldir%/test/util/recording_allocator.h

LIBMEMUSAGE_TEST_SOURCES = \
  %reldir%/test/accounting_tests.cpp \
  %reldir%/test/allocator_tests.cpp \
  %reldir%/test/boost_tests.cpp \
  %reldir%/test/context_tests.cpp \
  %reldir%/test/exact_tests.cpp \
  %reldir%/test/heap_tests.cpp \
  %reldir%/test/indirectmap_tests.cpp \
  %reldir%/test/main.cpp \
  %reldir%/test/memusage_tests.cpp \
  %reldir%/test/multi_index_tests.cpp \
  %reldir%/test/pool_tests.cpp \
  %reldir%/test/prevector_tests.cpp \
  %reldir%/test/probe_tests.cpp \
  %reldir%/test/recursive_tests.cpp \
  %reldir%/test/report_tests.cpp \
  %reldir%/test/workloads_tests.cpp

# make bench: Google Benchmark; containers.h and usage_families.h hold the operations that
# bench/callgrind.sh (bench/count*.cpp) counts as well.
LIBMEMUSAGE_BENCH_SOURCES = \
  %reldir%/bench/containers.h \
  %reldir%/bench/heap.cpp \
  %reldir%/bench/main.cpp \
  %reldir%/bench/memusage.cpp \
  %reldir%/bench/pool.cpp \
  %reldir%/bench/prevector.cpp \
  %reldir%/bench/register.h \
  %reldir%/bench/small_vector.cpp \
  %reldir%/bench/usage_families.h \
  %reldir%/bench/vector.cpp

# --enable-fuzz: the libFuzzer target fuzz_prevector.
LIBMEMUSAGE_FUZZ_SOURCES = \
  %reldir%/fuzz/prevector.cpp
