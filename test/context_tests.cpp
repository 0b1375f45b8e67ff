// Copyright (c) 2026 The libmemusage developers
// Distributed under the MIT software license, see the accompanying
// file COPYING or http://www.opensource.org/licenses/mit-license.php.

// RecursiveDynamicUsage(x, UsageContext&): the whole-object figure, shared payloads once. Each
// structure is built while the global operator new records every block (RecordingScope, whose
// replacement operators live in exact_tests.cpp); under a model that follows a real allocator
// (exact, jemalloc, mimalloc, tcmalloc) the context form must equal that model applied to the
// blocks really requested. Under Core's model the node shims are Core's, not the real layouts,
// so there only the dedup properties are asserted (they hold under every model).
#include <memusage/boost.h>
#include <memusage/multi_index.h>
#include <memusage.h>

#include <test/util/recording_allocator.h>

#include <boost/multi_index/hashed_index.hpp>
#include <boost/multi_index/member.hpp>
#include <boost/multi_index/ordered_index.hpp>
#include <boost/multi_index_container.hpp>
#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace context_test {

/** A transaction's shape: inputs with a script each, outputs with an amount and a script. */
struct Input {
    unsigned char m_prevout[36];
    std::vector<unsigned char> m_script_sig;
};
struct Output {
    int64_t m_value;
    prevector<28, unsigned char> m_script;
};
struct Tx {
    std::vector<Input> m_vin;
    std::vector<Output> m_vout;
    std::string m_note;
};

// A caller's types join through their own two-argument form, found by argument-dependent lookup.
size_t RecursiveDynamicUsage(const Input& in, memusage::UsageContext& context)
{
    return memusage::RecursiveDynamicUsage(in.m_script_sig, context);
}
size_t RecursiveDynamicUsage(const Output& out, memusage::UsageContext& context)
{
    return memusage::RecursiveDynamicUsage(out.m_script, context);
}
size_t RecursiveDynamicUsage(const Tx& tx, memusage::UsageContext& context)
{
    return memusage::RecursiveDynamicUsage(tx.m_vin, context) + memusage::RecursiveDynamicUsage(tx.m_vout, context) +
           memusage::RecursiveDynamicUsage(tx.m_note, context);
}

using TxRef = std::shared_ptr<const Tx>;

/** A mempool entry holding its transaction, as Core's CTxMemPoolEntry does. */
struct Entry {
    int m_id;
    int64_t m_fee;
    TxRef m_tx;
};
size_t RecursiveDynamicUsage(const Entry& entry, memusage::UsageContext& context)
{
    return memusage::RecursiveDynamicUsage(entry.m_tx, context);
}

/** A node in a graph that may point back at itself. */
struct Cell {
    std::vector<std::shared_ptr<Cell>> m_next;
};
size_t RecursiveDynamicUsage(const Cell& cell, memusage::UsageContext& context)
{
    return memusage::RecursiveDynamicUsage(cell.m_next, context);
}

} // namespace context_test

namespace {

using context_test::Entry;
using context_test::Tx;
using context_test::TxRef;
using memusage::UsageContext;
using memusage::detail::COMPILED_MODEL;

constexpr bool FOLLOWS_ALLOCATOR{memusage::detail::IsRealAllocatorModel(COMPILED_MODEL)};

/** The compiled model applied to every block recorded, one by one: what the blocks really cost
 *  under the allocator that model describes. prevector's buffers come from malloc itself, so
 *  the caller adds them to the scope. */
size_t RecordedUsage(const AllocationRecord& record)
{
    size_t total{0};
    for (const auto& [block, bytes] : record.Live()) total += memusage::detail::ModelMallocUsage<COMPILED_MODEL>(bytes);
    return total;
}

/** A transaction with heap in every part: two inputs, three outputs (one script past
 *  prevector's inline 28 bytes), a note longer than the short-string buffer. Separate
 *  allocations for the object and the counters (not make_shared), as DynamicUsage charges. */
TxRef MakeTx(int seed, RecordingScope& scope)
{
    auto tx{new Tx{}};
    for (int i{0}; i < 2; ++i) tx->m_vin.push_back({{static_cast<unsigned char>(seed)}, std::vector<unsigned char>(70 + seed % 5, 1)});
    for (int i{0}; i < 3; ++i) {
        tx->m_vout.push_back({1000 * i, prevector<28, unsigned char>(i == 2 ? 34 : 22, 2)});
    }
    for (const auto& out : tx->m_vout) {
        if (out.m_script.allocated_memory() != 0) scope.AddMallocBlock(out.m_script.data(), out.m_script.allocated_memory());
    }
    tx->m_note.assign(40 + static_cast<size_t>(seed), 'n');
    return TxRef{tx};
}

void CheckEqualsRecorded(size_t figure, size_t recorded)
{
    if constexpr (FOLLOWS_ALLOCATOR) {
        BOOST_CHECK_EQUAL(figure, recorded);
    } else {
        BOOST_TEST_MESSAGE("core model: its node shims are Core's, so the figure (" << figure << ") is not held to the blocks' "
                                                                                    << recorded << " bytes; the dedup checks still run");
        BOOST_CHECK_GT(figure, 0U);
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(context_tests)

BOOST_AUTO_TEST_CASE(one_payload_held_twice_is_charged_once)
{
    const TxRef tx{std::make_shared<const Tx>(Tx{{}, {}, std::string(100, 'x')})};
    const std::vector<TxRef> once{tx};
    const std::vector<TxRef> twice{tx, tx};
    UsageContext first;
    const size_t payload{memusage::DynamicUsage(tx) + memusage::DynamicUsage(tx->m_note)};
    BOOST_CHECK_EQUAL(memusage::RecursiveDynamicUsage(once, first), memusage::DynamicUsage(once) + payload);
    UsageContext second;
    BOOST_CHECK_EQUAL(memusage::RecursiveDynamicUsage(twice, second), memusage::DynamicUsage(twice) + payload);
    BOOST_CHECK_EQUAL(second.SharedObjects(), 1U);
    // Through the same context again: everything shared is already paid for.
    BOOST_CHECK_EQUAL(memusage::RecursiveDynamicUsage(once, second), memusage::DynamicUsage(once));
    second.Clear();
    BOOST_CHECK_EQUAL(memusage::RecursiveDynamicUsage(once, second), memusage::DynamicUsage(once) + payload);
}

BOOST_AUTO_TEST_CASE(one_argument_forms_are_unchanged)
{
    // Core's rules and the one-argument RecursiveDynamicUsage: a container is its own buffer; a shared_ptr is charged at
    // every holder.
    const TxRef tx{std::make_shared<const Tx>(Tx{{}, {}, std::string(100, 'x')})};
    const std::vector<TxRef> twice{tx, tx};
    BOOST_CHECK_EQUAL(memusage::RecursiveDynamicUsage(twice), memusage::DynamicUsage(twice));
    const std::shared_ptr<std::string> s{std::make_shared<std::string>(100, 'y')};
    BOOST_CHECK_EQUAL(memusage::RecursiveDynamicUsage(s) + memusage::RecursiveDynamicUsage(s),
                      2 * (memusage::DynamicUsage(s) + memusage::DynamicUsage(*s)));
}

BOOST_AUTO_TEST_CASE(aliasing_pointer_counts_as_its_owner)
{
    const TxRef tx{std::make_shared<const Tx>(Tx{{}, {}, std::string(100, 'x')})};
    const std::shared_ptr<const std::string> note{tx, &tx->m_note};
    UsageContext context;
    const size_t first{memusage::RecursiveDynamicUsage(tx, context)};
    BOOST_CHECK_GT(first, 0U);
    BOOST_CHECK_EQUAL(memusage::RecursiveDynamicUsage(note, context), 0U);
    BOOST_CHECK_EQUAL(context.SharedObjects(), 1U);
}

BOOST_AUTO_TEST_CASE(cycles_end)
{
    const auto a{std::make_shared<context_test::Cell>()};
    const auto b{std::make_shared<context_test::Cell>()};
    a->m_next.push_back(b);
    b->m_next.push_back(a);
    b->m_next.push_back(b);
    UsageContext context;
    const size_t usage{memusage::RecursiveDynamicUsage(a, context)};
    BOOST_CHECK_EQUAL(usage, 2 * memusage::DynamicUsage(a) + memusage::DynamicUsage(a->m_next) + memusage::DynamicUsage(b->m_next));
    BOOST_CHECK_EQUAL(context.SharedObjects(), 2U);
    b->m_next.clear(); // break the cycle, so both are freed
}

BOOST_AUTO_TEST_CASE(null_and_empty_cost_nothing)
{
    UsageContext context;
    BOOST_CHECK_EQUAL(memusage::RecursiveDynamicUsage(TxRef{}, context), 0U);
    BOOST_CHECK_EQUAL(memusage::RecursiveDynamicUsage(std::unique_ptr<Tx>{}, context), 0U);
    BOOST_CHECK_EQUAL(memusage::RecursiveDynamicUsage(std::optional<std::string>{}, context), 0U);
    BOOST_CHECK_EQUAL(memusage::RecursiveDynamicUsage(std::vector<TxRef>{}, context), 0U);
    BOOST_CHECK_EQUAL(memusage::RecursiveDynamicUsage(std::weak_ptr<const Tx>{}, context), 0U);
    BOOST_CHECK_EQUAL(context.SharedObjects(), 0U);
}

BOOST_AUTO_TEST_CASE(vectors_and_maps_sharing_payloads_equal_the_blocks)
{
    // A mempool's map, an orphanage's vector and a block cache's map holding the same five
    // transactions (the cache two of them): the whole is each container once and each
    // transaction once.
    RecordingScope scope;
    std::vector<TxRef> txs;
    for (int i{0}; i < 5; ++i) txs.push_back(MakeTx(i, scope));
    std::map<int, TxRef> pool;
    for (int i{0}; i < 5; ++i) pool.emplace(i, txs[static_cast<size_t>(i)]);
    std::unordered_map<int64_t, std::pair<TxRef, std::string>> cache;
    cache.emplace(7, std::make_pair(txs[0], std::string(30, 'c')));
    cache.emplace(8, std::make_pair(txs[3], std::string(3, 'c')));
    const size_t recorded{RecordedUsage(scope.Record())};

    UsageContext shared;
    const size_t together{memusage::RecursiveDynamicUsage(std::tie(txs, pool, cache), shared)};
    CheckEqualsRecorded(together, recorded);
    BOOST_CHECK_EQUAL(shared.SharedObjects(), 5U);

    // Each holder through its own context: the transactions charged once per holder.
    UsageContext a, b, c;
    const size_t apart{memusage::RecursiveDynamicUsage(txs, a) + memusage::RecursiveDynamicUsage(pool, b) +
                       memusage::RecursiveDynamicUsage(cache, c)};
    UsageContext payloads;
    size_t two_txs{memusage::RecursiveDynamicUsage(txs[0], payloads) + memusage::RecursiveDynamicUsage(txs[3], payloads)};
    size_t all_txs{two_txs};
    for (const size_t i : {1, 2, 4}) all_txs += memusage::RecursiveDynamicUsage(txs[i], payloads);
    BOOST_CHECK_EQUAL(apart, together + all_txs + two_txs);
}

BOOST_AUTO_TEST_CASE(multi_index_of_shared_payloads_equals_the_blocks)
{
    namespace bmi = boost::multi_index;
    using Pool = boost::multi_index_container<
        Entry, bmi::indexed_by<bmi::ordered_unique<bmi::member<Entry, int, &Entry::m_id>>,
                               bmi::hashed_non_unique<bmi::member<Entry, int64_t, &Entry::m_fee>>>>;
    RecordingScope scope;
    std::vector<TxRef> orphans;
    Pool pool;
    for (int i{0}; i < 6; ++i) {
        const TxRef tx{MakeTx(i, scope)};
        pool.insert(Entry{i, 100 * (i % 3), tx});
        if (i % 2 == 0) orphans.push_back(tx);
    }
    const size_t recorded{RecordedUsage(scope.Record())};
    UsageContext shared;
    const size_t together{memusage::RecursiveDynamicUsage(pool, shared) + memusage::RecursiveDynamicUsage(orphans, shared)};
    CheckEqualsRecorded(together, recorded);
    // The orphans add only their vector: every transaction was already paid for through the pool.
    UsageContext again;
    BOOST_CHECK_EQUAL(together, memusage::RecursiveDynamicUsage(pool, again) + memusage::DynamicUsage(orphans));
}

BOOST_AUTO_TEST_CASE(nested_user_types_and_boost_containers_equal_the_blocks)
{
    RecordingScope scope;
    const TxRef tx{MakeTx(3, scope)};
    boost::container::vector<std::optional<TxRef>> held{tx, std::nullopt, tx};
    auto owned{std::make_unique<std::vector<std::string>>()};
    owned->push_back(std::string(64, 'o'));
    owned->push_back("short");
    const size_t recorded{RecordedUsage(scope.Record())};
    UsageContext context;
    const size_t usage{memusage::RecursiveDynamicUsage(held, context) + memusage::RecursiveDynamicUsage(owned, context)};
    CheckEqualsRecorded(usage, recorded);
    // The nested figure is the sum of its parts, whatever the model.
    UsageContext parts;
    const size_t tx_usage{memusage::RecursiveDynamicUsage(tx, parts)};
    BOOST_CHECK_EQUAL(tx_usage, memusage::DynamicUsage(tx) + memusage::DynamicUsage(tx->m_vin) + memusage::DynamicUsage(tx->m_vin[0].m_script_sig) +
                                    memusage::DynamicUsage(tx->m_vin[1].m_script_sig) + memusage::DynamicUsage(tx->m_vout) +
                                    memusage::DynamicUsage(tx->m_vout[2].m_script) + memusage::DynamicUsage(tx->m_note));
}

BOOST_AUTO_TEST_CASE(make_shared_is_charged_no_less_than_its_block)
{
    // make_shared puts counters and object in one block; like DynamicUsage, the context form
    // charges two (the pointer cannot tell), never less than the one really taken.
    RecordingScope scope;
    const auto s{std::make_shared<std::string>(200, 'm')};
    const size_t recorded{RecordedUsage(scope.Record())};
    UsageContext context;
    const size_t usage{memusage::RecursiveDynamicUsage(s, context)};
    if constexpr (FOLLOWS_ALLOCATOR) BOOST_CHECK_GE(usage, recorded);
    BOOST_CHECK_EQUAL(usage, memusage::DynamicUsage(s) + memusage::DynamicUsage(*s));
}

BOOST_AUTO_TEST_CASE(pool_backed_map_charges_its_chunks_and_its_values)
{
    using Map = std::unordered_map<int64_t, std::string, std::hash<int64_t>, std::equal_to<int64_t>,
                                   PoolAllocator<std::pair<const int64_t, std::string>, 128>>;
    Map::allocator_type::ResourceType resource;
    Map map{0, std::hash<int64_t>{}, std::equal_to<int64_t>{}, Map::allocator_type{&resource}};
    for (int64_t i{0}; i < 50; ++i) map.emplace(i, std::string(static_cast<size_t>(i), 'p'));
    size_t strings{0};
    for (const auto& [key, value] : map) strings += memusage::DynamicUsage(value);
    BOOST_CHECK_GT(strings, 0U);
    UsageContext context;
    BOOST_CHECK_EQUAL(memusage::RecursiveDynamicUsage(map, context), memusage::DynamicUsage(map) + strings);
}

BOOST_AUTO_TEST_SUITE_END()
