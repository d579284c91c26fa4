package io.femto4j.runtime.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The table against a HashMap model: random operations on few keys (so deletions hit clusters and segments grow
 * and shrink), with the table's structural invariants checked after every step.
 */
class SegmentedTableModelTest {

    enum Kind { STORE, DELETE, ADD, CAS, FETCH }

    record Op(Kind kind, int key, int value, int other) {
    }

    @Provide
    Arbitrary<Op> ops() {
        // Few keys, some near the int extremes, so that key 0 and negative (high unsigned) keys are covered.
        Arbitrary<Integer> keys = Arbitraries.oneOf(Arbitraries.integers().between(-40, 200),
                Arbitraries.of(Integer.MIN_VALUE, Integer.MAX_VALUE, -1, 0));
        Arbitrary<Integer> values = Arbitraries.oneOf(Arbitraries.integers().between(-3, 3), Arbitraries.integers());
        return Combinators.combine(Arbitraries.of(Kind.class), keys, values, values).as(Op::new);
    }

    @Property(tries = 300)
    void behavesLikeAMapWithZeroAsAbsent(@ForAll @Size(max = 600) List<@net.jqwik.api.From("ops") Op> ops,
                                         @ForAll @IntRange(min = 0, max = 2) int segmentBits,
                                         @ForAll int seed) {
        Counter capacity = new Counter(StoreConfig.MAX_ENTRIES);
        SegmentedTable table = new SegmentedTable(Scope.LOCAL, capacity, false, 1 << segmentBits, seed);
        Map<Integer, Integer> model = new HashMap<>();
        for (Op op : ops) {
            int before = model.getOrDefault(op.key(), 0);
            switch (op.kind()) {
                case STORE -> {
                    assertEquals(StoreStatus.OK, table.store(op.key(), op.value(), null));
                    put(model, op.key(), op.value());
                }
                case DELETE -> {
                    assertEquals(StoreStatus.OK, table.store(op.key(), 0, null));
                    model.remove(op.key());
                }
                case ADD -> {
                    long got = table.addAndGet(op.key(), op.value(), null);
                    int expected = before + op.value();
                    assertEquals(Integer.toUnsignedLong(expected), got);
                    put(model, op.key(), expected);
                }
                case CAS -> {
                    // Half the time expect the right value, so that swaps happen.
                    int expected = (op.other() & 1) == 0 ? before : op.other();
                    long got = table.compareAndExchange(op.key(), expected, op.value(), null);
                    assertEquals(Integer.toUnsignedLong(before), got);
                    if (before == expected) {
                        put(model, op.key(), op.value());
                    }
                }
                case FETCH -> assertEquals(before, table.fetch(op.key()));
            }
            table.checkInvariants();
            assertEquals(model.size(), table.size());
            assertEquals(model.size(), table.countEntries());
        }
        for (Map.Entry<Integer, Integer> e : model.entrySet()) {
            assertEquals((int) e.getValue(), table.fetch(e.getKey()));
        }
        List<StoreEntry> all = table.snapshot(Integer.MAX_VALUE, ContainerId.of("c"));
        assertEquals(model.size(), all.size());
        for (int i = 1; i < all.size(); i++) {
            assertTrue(Integer.compareUnsigned(all.get(i - 1).key(), all.get(i).key()) < 0, "sorted, no duplicates");
        }
    }

    private static void put(Map<Integer, Integer> model, int key, int value) {
        if (value == 0) {
            model.remove(key);
        } else {
            model.put(key, value);
        }
    }
}
