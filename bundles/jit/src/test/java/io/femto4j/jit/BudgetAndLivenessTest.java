package io.femto4j.jit;

import io.femto4j.isa.Assembler;
import io.femto4j.verifier.Policy;
import io.femto4j.verifier.Verification;
import io.femto4j.verifier.VerifiedProgram;
import io.femto4j.verifier.Verifier;
import io.femto4j.vm.Engine;
import io.femto4j.vm.HelperTable;
import io.femto4j.vm.Memory;
import io.femto4j.vm.Outcome;
import io.femto4j.vm.Region;
import io.femto4j.vm.Vm;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compiled code hands only live registers to its step methods and out of exits, starts the entry function from
 * constants and compiles loop back edges as inverted tests: checked against the interpreter with every budget that
 * stops a loop in each of its slots, and with a fault inside the loop.
 */
class BudgetAndLivenessTest {
    /** sdk/examples/fletcher32.bin as disassembled: two nested loops over 16-bit words at r1, r2 bytes long. */
    static final String FLETCHER32 = """
            mov32 %r0, 0xffff0000
            mov32 %r3, 65535
            jlt %r2, 2, +32
            mov32 %r5, 65535
            rsh %r2, 1
            mov32 %r3, 65535
            mov %r4, %r2
            jlt %r2, 359, +1
            mov %r4, 359
            mov %r6, 0
            mov %r7, %r1
            ldxh %r0, [%r7]
            add32 %r3, %r0
            add %r7, 2
            mov32 %r0, %r3
            add32 %r0, %r5
            add %r6, 1
            mov32 %r5, %r0
            jlt %r6, %r4, -8
            mov32 %r5, %r0
            rsh32 %r5, 16
            and32 %r0, 65535
            add32 %r0, %r5
            mov32 %r5, %r3
            rsh32 %r5, 16
            and32 %r3, 65535
            add32 %r3, %r5
            sub %r2, %r4
            lsh %r4, 1
            add %r1, %r4
            mov32 %r5, %r0
            jeq %r2, 0, +1
            ja -27
            mul32 %r0, 0x10001
            and32 %r0, 0xffff0000
            mov32 %r1, %r3
            rsh32 %r1, 16
            and32 %r3, 65535
            add32 %r3, %r1
            or32 %r0, %r3
            exit
            """;
    static final long MEM = 0x1000_0000L;

    @Test
    void everyBudgetStopsTheCompiledLoopsWhereTheInterpreterStops() throws Exception {
        VerifiedProgram program = Verifier.verify(Assembler.assemble(FLETCHER32).toBytes(),
                Policy.permissive(n -> false)).orThrow();
        Vm vm = Vm.load(program, HelperTable.empty());
        Engine compiled = Jit.load(program, HelperTable.empty());
        assertEquals(Engine.Kind.COMPILER, compiled.kind(), compiled::description);
        byte[] input = new byte[760]; // 380 words: the outer loop runs twice (359 + 21)
        for (int i = 0; i < input.length; i++) {
            input[i] = (byte) (i * 37 + 11);
        }
        Memory memory = Memory.of(Region.readOnly("input", MEM, input));
        Outcome full = vm.run(memory, MEM, input.length, 1_000_000);
        long executed = assertInstanceOf(Outcome.Returned.class, full).instructions();
        for (long budget = 1; budget <= executed + 1; budget++) {
            assertEquals(vm.run(memory, MEM, input.length, budget), compiled.run(memory, MEM, input.length, budget),
                    "budget " + budget);
        }
        // A length past the region: the load faults inside the loop, the same instruction and count as interpreted.
        Outcome fault = vm.run(memory, MEM, input.length + 40, 1_000_000);
        assertInstanceOf(Outcome.Faulted.class, fault);
        assertEquals(fault, compiled.run(memory, MEM, input.length + 40, 1_000_000));
    }

    @Test
    void noVerifiedProgramCallsItsEntryFunction() throws Exception {
        // The compiler starts an entry function that no local call targets from constants (r0, r3..r9 = 0); one
        // that is called loads the caller's registers instead. The verifier refuses every call into function 0
        // (a call cycle), so only the first case is reachable today: this pins that down.
        String asm = """
                mov %r0, 0
                jeq %r1, 0, +4
                mov %r6, %r1
                sub %r1, 1
                call local -5
                add %r0, %r6
                exit
                """;
        Verification v = Verifier.verify(Assembler.assemble(asm).toBytes(), Policy.permissive(n -> false));
        Verification.Rejected rejected = assertInstanceOf(Verification.Rejected.class, v);
        assertTrue(rejected.diagnostics().toString().contains("recursion"), rejected.diagnostics()::toString);
    }
}
