package io.femto4j.jit;

import io.femto4j.vm.HelperFault;
import io.femto4j.vm.HelperTable;
import io.femto4j.vm.conformance.SuiteHelpers;

/** The conformance suite's helpers 0 to 5 (the VM's test-jar), plus a few that fail, throw or read memory. */
final class TestHelpers {
    private TestHelpers() {
    }

    static HelperTable suite() {
        return SuiteHelpers.builder().build();
    }

    /** Suite helpers plus 6 (throws), 7 (fails), 9 (reads memory); 8 is left unregistered. */
    static HelperTable extended() {
        return SuiteHelpers.builder()
                .register(6, "throws", (c, a, b, d, e, f) -> {
                    throw new IllegalStateException("host bug");
                })
                .register(7, "fails", (c, a, b, d, e, f) -> {
                    throw new HelperFault("refused");
                })
                .register(9, "peek", (c, a, b, d, e, f) -> c.readInt(a, 8) + c.readInt(b, 1))
                .build();
    }
}
