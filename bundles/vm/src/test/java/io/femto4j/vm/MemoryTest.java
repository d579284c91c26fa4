package io.femto4j.vm;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Memory.of's checks and lookups. */
class MemoryTest {

    private static String rejected(Region... regions) {
        return assertThrows(IllegalArgumentException.class, () -> Memory.of(regions)).getMessage();
    }

    @Test
    void rejectsOverlappingRegions() {
        String m = rejected(Region.writable("a", 100, new byte[10]), Region.readOnly("b", 109, new byte[4]));
        assertEquals("regions a [0x64, 0x6e) and b [0x6d, 0x71) overlap", m);
        // adjacent is fine
        Memory.of(Region.writable("a", 100, new byte[10]), Region.readOnly("b", 110, new byte[4]));
        // order does not matter, and containment is overlap
        assertTrue(rejected(Region.writable("big", 0, new byte[100]), Region.writable("in", 10, new byte[1]))
                .contains("overlap"));
    }

    @Test
    void regionAtFindsTheRegionHoldingAnAddressWhateverTheOrderGiven() {
        Region high = Region.readOnly("high", 0x8000_0000_0000_0000L, new byte[8]);
        Region low = Region.writable("low", 100, new byte[10]);
        Region empty = Region.writable("empty", 50, new byte[0]);
        Memory memory = Memory.of(high, empty, low);
        assertSame(low, memory.regionAt(100));
        assertSame(low, memory.regionAt(109));
        assertSame(high, memory.regionAt(0x8000_0000_0000_0007L));
        assertNull(memory.regionAt(110));
        assertNull(memory.regionAt(99));
        assertNull(memory.regionAt(50), "an empty region holds no address");
        assertNull(Memory.empty().regionAt(0));
    }

    @Test
    void rejectsTheStackArea() {
        String m = rejected(Region.writable("s", Memory.STACK_AREA_END - 8, new byte[16]));
        assertTrue(m.contains("overlaps the VM's stack area"), m);
        assertTrue(rejected(Region.writable("s", Memory.STACK_AREA_START - 1, new byte[2])).contains("stack area"));
        Memory.of(Region.writable("below", Memory.STACK_AREA_START - 16, new byte[16]),
                Region.writable("above", Memory.STACK_AREA_END, new byte[16]));
    }

    @Test
    void rejectsWrapAround() {
        String m = rejected(Region.writable("w", -4, new byte[8]));
        assertTrue(m.contains("wraps around"), m);
        // ending exactly at 2^64 also wraps (its end is not representable)
        assertTrue(rejected(Region.writable("top", -8, new byte[8])).contains("wraps around"));
        Memory.of(Region.writable("top", -9, new byte[8]));
    }

    @Test
    void findsRegionsThatHoldTheWholeAccess() {
        Memory m = Memory.of(Region.writable("b", 200, new byte[10]), Region.writable("a", 100, new byte[10]));
        assertEquals(1, m.find(200, 10));
        assertEquals(0, m.find(100, 1));
        assertEquals(-1, m.find(109, 2));
        assertEquals(-1, m.find(99, 1));
        assertEquals(-1, m.find(-1L, 8));
        assertEquals(0, m.nearest(50));
        assertEquals(1, m.nearest(1000));
        assertEquals(2, m.regions().size());
        assertEquals(-1, Memory.empty().find(0, 1));
    }

    @Test
    void plusChecksAgain() {
        Memory m = Memory.of(Region.writable("a", 100, new byte[10]));
        assertThrows(IllegalArgumentException.class, () -> m.plus(Region.writable("b", 105, new byte[1])));
        assertEquals(2, m.plus(Region.writable("b", 110, new byte[1])).regions().size());
    }

    @Test
    void sortsManyRegionsByUnsignedStartAndKeepsTheGivenOnes() {
        // given out of order, one above 2^63 (negative as a long), one empty: lookups see the sorted non-empty ones
        Region high = Region.writable("high", 0x8000_0000_0000_0000L, new byte[8]);
        Region empty = Region.writable("empty", 150, new byte[0]);
        Region c = Region.readOnly("c", 300, new byte[10]);
        Region a = Region.writable("a", 100, new byte[10]);
        Region b = Region.writable("b", 200, new byte[10]);
        Memory m = Memory.of(high, c, empty, a, b);
        assertEquals(java.util.List.of(high, c, empty, a, b), m.regions());
        assertEquals(java.util.List.of("a", "b", "c", "high"), java.util.List.of(m.names));
        assertEquals(3, m.find(0x8000_0000_0000_0004L, 4));
        assertEquals(2, m.find(305, 4));
        assertEquals(-1, m.find(150, 1), "an empty region holds no address");
        Memory more = m.plus(Region.writable("d", 400, new byte[1]), Region.writable("z", 0, new byte[1]));
        assertEquals(java.util.List.of("z", "a", "b", "c", "d", "high"), java.util.List.of(more.names));
        assertEquals(7, more.regions().size());
        // the overlap found after sorting names the lower region first, whatever the given order
        assertEquals("regions a [0x64, 0x6e) and x [0x6d, 0x6e) overlap",
                rejected(c, Region.writable("x", 109, new byte[1]), a));
    }
}
