package io.femto4j.board;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnginePolicyTest {

    @Test
    void theThreeFormsParseAndPrintBack() {
        assertEquals(EnginePolicy.NEVER, EnginePolicy.parse("never"));
        assertEquals(EnginePolicy.ALWAYS, EnginePolicy.parse(" Always "));
        assertEquals(EnginePolicy.after(1000), EnginePolicy.parse("after:1000"));
        assertEquals(EnginePolicy.after(0), EnginePolicy.parse("AFTER: 0"));
        for (String written : new String[] {"never", "always", "after:0", "after:999999999999999999"}) {
            assertEquals(written, EnginePolicy.parse(written).toString());
        }
    }

    @Test
    void anythingElseIsRefusedNamingTheForms() {
        for (String bad : new String[] {"", "compiled", "after", "after:", "after:-1", "after:+5", "after:1e3",
                "after:1000000000000000000", "after:99999999999999999999", "never:3", "after:12x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnginePolicy.parse(bad),
                    bad);
            assertTrue(e.getMessage().contains("never, always or after:N"), e.getMessage());
        }
    }

    @Test
    void onlyAfterTakesRuns() {
        assertThrows(IllegalArgumentException.class, () -> new EnginePolicy(EnginePolicy.Mode.ALWAYS, 3));
        assertThrows(IllegalArgumentException.class, () -> EnginePolicy.after(-1));
        assertThrows(NullPointerException.class, () -> new EnginePolicy(null, 0));
    }
}
