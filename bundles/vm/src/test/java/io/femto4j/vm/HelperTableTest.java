package io.femto4j.vm;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HelperTableTest {

    @Test
    void registersAndLooksUp() {
        Helper h = (c, a, b, d, e, f) -> 1;
        HelperTable t = HelperTable.builder().register(9, "nine", h).register(-3, "neg", h).register(2, "two", h).build();
        assertArrayEquals(new int[] {-3, 2, 9}, t.numbers());
        assertEquals("nine", t.name(9));
        assertEquals(h, t.helper(2));
        assertTrue(t.contains(-3));
        assertFalse(t.contains(3));
        assertNull(t.helper(3));
        assertEquals(3, t.size());
        assertEquals(0, HelperTable.empty().size());
    }

    @Test
    void rejectsDuplicatesAndNulls() {
        Helper h = (c, a, b, d, e, f) -> 1;
        HelperTable.Builder b = HelperTable.builder().register(1, "one", h);
        assertThrows(IllegalArgumentException.class, () -> b.register(1, "again", h));
        assertThrows(NullPointerException.class, () -> b.register(2, null, h));
        assertThrows(NullPointerException.class, () -> b.register(2, "x", null));
    }

    @Test
    void growsPastItsInitialCapacity() {
        HelperTable.Builder b = HelperTable.builder();
        for (int i = 0; i < 100; i++) {
            b.register(i, "h" + i, (c, a, x, d, e, f) -> 0);
        }
        assertEquals(100, b.build().size());
    }

    @Test
    void allowedAnswersAreSharedOnlyWhenEqual() {
        Helper h = (c, a, b, d, e, f) -> 1;
        HelperTable t = HelperTable.builder().register(1, "one", h).register(2, "two", h).register(3, "three", h).build();
        boolean[] odd = t.allowedBy(n -> n % 2 == 1);
        assertArrayEquals(new boolean[] {true, false, true}, odd);
        assertSame(odd, t.allowedBy(n -> n != 2), "the same answers from another predicate: one array");
        // a predicate whose answers change is asked again, and its new answers are not the shared ones
        boolean[] flag = {false};
        boolean[] before = t.allowedBy(n -> flag[0] || n == 1);
        flag[0] = true;
        boolean[] after = t.allowedBy(n -> flag[0] || n == 1);
        assertArrayEquals(new boolean[] {true, false, false}, before);
        assertArrayEquals(new boolean[] {true, true, true}, after);
        assertArrayEquals(new boolean[] {true, false, true}, odd, "a shared array is never written");
    }
}
