package io.femto4j.vm.security;

import io.femto4j.isa.Instruction;
import io.femto4j.isa.Op;
import io.femto4j.isa.Program;
import io.femto4j.verifier.Policy;
import io.femto4j.verifier.Verification;
import io.femto4j.verifier.Verifier;
import io.femto4j.vm.Fault;
import io.femto4j.vm.HelperTable;
import io.femto4j.vm.Memory;
import io.femto4j.vm.Outcome;
import io.femto4j.vm.Region;
import io.femto4j.vm.Vm;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Regression test for a host denial of service found by the existing random-program property: a helper that
 * passes a guest-chosen length to {@code HelperContext.read(address, length)} (as the conformance suite's
 * {@code memfrob} does) made the host allocate {@code length} bytes before the range was checked. With a length
 * near 2^31 the run ended in an {@code OutOfMemoryError} thrown out of {@code Vm.run} instead of an outcome, and
 * smaller lengths still cost the host up to 2 GiB of heap per call.
 */
class HelperReadLengthTest {
    static final long CTX = 0x1000_0000L;

    @Test
    void hugeGuestChosenLengthFaultsWithoutAllocating() {
        HelperTable helpers = HelperTable.builder()
                .register(1, "read_all", (c, ptr, len, x, y, z) -> c.read(ptr, (int) len).length)
                .build();
        // r2 = length from the program; call 1; exit
        byte[] code = Program.of(List.of(new Instruction(Op.CALL, 0, 0, 0, 1), new Instruction(Op.EXIT, 0, 0, 0, 0)))
                .toBytes();
        Verification v = Verifier.verify(code, Policy.permissive(n -> n == 1));
        Vm vm = Vm.load(((Verification.Accepted) v).program(), helpers);
        byte[] ctx = {1, 2, 3, 4, 5, 6, 7, 8};
        Memory memory = Memory.of(Region.writable("ctx", CTX, ctx));
        for (long length : new long[] {Integer.MAX_VALUE, Integer.MAX_VALUE - 2, 1L << 30, 9}) {
            Outcome o = vm.run(memory, CTX, length, 10);
            Fault.HelperOutOfBounds f = assertInstanceOf(Fault.HelperOutOfBounds.class,
                    assertInstanceOf(Outcome.Faulted.class, o, o::toString).fault(), o::toString);
            assertEquals(length, f.size());
        }
        assertEquals(8, ((Outcome.Returned) vm.run(memory, CTX, 8, 10)).r0());
        assertInstanceOf(Fault.HelperFailed.class, ((Outcome.Faulted) vm.run(memory, CTX, -1, 10)).fault(),
                "a negative length is the helper's bug (IllegalArgumentException), still an outcome");
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, ctx);
    }
}
