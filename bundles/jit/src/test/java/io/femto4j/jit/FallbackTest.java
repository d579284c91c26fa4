package io.femto4j.jit;

import io.femto4j.vm.Engine;
import io.femto4j.isa.Assembler;
import io.femto4j.verifier.Policy;
import io.femto4j.verifier.VerifiedProgram;
import io.femto4j.verifier.Verifier;
import io.femto4j.vm.HelperTable;
import io.femto4j.vm.Memory;
import io.femto4j.vm.Outcome;
import io.femto4j.vm.Vm;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FallbackTest {

    static VerifiedProgram verify(String asm) throws Exception {
        return Verifier.verify(Assembler.assemble(asm).toBytes(), Policy.defaults()).orThrow();
    }

    @Test
    void aSmallProgramIsCompiled() throws Exception {
        Engine engine = Jit.load(verify("mov %r0, 2\nadd %r0, 3\nexit\n"), HelperTable.empty());
        assertEquals(Engine.Kind.COMPILER, engine.kind(), engine::description);
        assertEquals(new Outcome.Returned(5, 3), engine.run(Memory.empty(), 0, 0, 100));
    }

    @Test
    void provenStackAccessesAreCompiledWithoutChecks() throws Exception {
        Engine engine = Jit.load(verify("stdw [%r10-8], 7\nldxdw %r0, [%r10-8]\nexit\n"), HelperTable.empty());
        assertTrue(engine.description().contains("2 unchecked"), engine::description);
        assertEquals(new Outcome.Returned(7, 3), engine.run(Memory.empty(), 0, 0, 100));
    }

    @Test
    void aFunctionOverHotSpotsCompileLimitRunsOnTheInterpreter() throws Exception {
        StringBuilder asm = new StringBuilder("mov %r0, 0\n");
        for (int i = 0; i < 3000; i++) {
            asm.append("add %r0, ").append(i).append('\n');
        }
        asm.append("exit\n");
        VerifiedProgram program = verify(asm.toString());
        Engine engine = Jit.load(program, HelperTable.empty());
        assertEquals(Engine.Kind.INTERPRETER, engine.kind());
        assertTrue(engine.description().contains("HotSpot"), engine::description);
        Vm vm = Vm.load(program, HelperTable.empty());
        for (long budget : new long[] {1, 1500, 3001, 3002, 10_000}) {
            assertEquals(vm.run(Memory.empty(), 0, 0, budget), engine.run(Memory.empty(), 0, 0, budget));
        }
    }

    @Test
    void budgetMustBePositive() throws Exception {
        Engine engine = Jit.load(verify("exit\n"), HelperTable.empty());
        try {
            engine.run(Memory.empty(), 0, 0, 0);
        } catch (IllegalArgumentException expected) {
            return;
        }
        throw new AssertionError("budget 0 accepted");
    }
}
