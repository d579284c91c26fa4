package io.femto4j.verifier;

import io.femto4j.isa.Instruction;
import io.femto4j.isa.Op;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static io.femto4j.verifier.Asm.*;
import static io.femto4j.verifier.Expect.accepted;
import static io.femto4j.verifier.Expect.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The facts kept per slot (two bits each, in one array) read back the same past the first 64-bit word. */
class VerifiedProgramTest {

    @Test
    void factsOfEverySlotOfALongProgram() {
        // Function 0 stores to its frame and calls the others; each of the others stores, loads through another
        // register (not proven) and returns. 129 slots: the facts span five words.
        int functions = 6;
        int bodyLength = 24;
        List<Instruction> slots = new ArrayList<>();
        int entryLength = 1 + (functions - 1) + 3; // a store, the calls, a load, mov, exit
        slots.add(mem(Op.STDW, 10, 0, -8, 1));
        for (int k = 1; k < functions; k++) {
            int target = entryLength + (k - 1) * bodyLength;
            slots.add(callLocal(target - slots.size() - 1));
        }
        slots.add(mem(Op.LDXDW, 0, 10, -8, 0));
        slots.add(mov(0, 0));
        slots.add(exit());
        for (int k = 1; k < functions; k++) {
            for (int j = 0; j < bodyLength - 3; j += 3) {
                int off = -8 * (1 + j / 3 % 8);
                slots.add(mem(Op.STXDW, 10, 1, off, 0));
                slots.add(movReg(2, 10));
                slots.add(mem(Op.LDXDW, 3, 2, off, 0));
            }
            slots.add(mem(Op.LDXDW, 0, 10, -8, 0));
            slots.add(mov(0, 0));
            slots.add(exit());
        }
        // expected: slot 0 and every call target start a function; every access through r10 is proven
        Set<Integer> starts = new TreeSet<>(Set.of(0));
        Set<Integer> proven = new TreeSet<>();
        for (int i = 0; i < slots.size(); i++) {
            Instruction in = slots.get(i);
            if (in.op() == Op.CALL_LOCAL) {
                starts.add(i + 1 + in.imm());
            }
            if ((in.op() == Op.STDW || in.op() == Op.STXDW) && in.dst() == 10
                    || in.op() == Op.LDXDW && in.src() == 10) {
                proven.add(i);
            }
        }
        VerifiedProgram p = accepted(verify(program(slots)));
        assertEquals(slots.size(), p.program().size());
        assertEquals(functions, p.functionCount());
        for (int i = -1; i <= slots.size() + 64; i++) {
            assertEquals(starts.contains(i), p.isFunctionStart(i), "function start " + i);
            assertEquals(proven.contains(i), p.isProvenStackAccess(i), "proven stack access " + i);
        }
    }
}
