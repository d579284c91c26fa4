package io.femto4j.vm;

import io.femto4j.isa.Op;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.femto4j.vm.P.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every conditional jump, 64- and 32-bit, immediate and register forms, taken and not taken. */
class JumpTest {

    /** r1 = a, r2 = b; if (r1 op r2/imm) goto +1 ... r0 = 1 when taken, 0 when not. */
    static long taken(Op op, long a, long b) {
        boolean isImm = op.form() == io.femto4j.isa.Form.JUMP_IMM;
        return r0(run(lddw(1, a), lddw(2, b), movImm(0, 1),
                isImm ? i(op, 1, 0, 1, (int) b) : i(op, 1, 2, 1, 0),
                movImm(0, 0), exit()));
    }

    static Stream<Arguments> cases() {
        long m1 = -1L;
        return Stream.of(
                // op, a, b (imm forms use (int) b, sign-extended), expected taken
                arguments("JEQ", 5L, 5L, true), arguments("JEQ", 5L, 6L, false),
                arguments("JNE", 5L, 6L, true), arguments("JNE", 5L, 5L, false),
                arguments("JGT", m1, 1L, true), arguments("JGT", 1L, 1L, false), // unsigned
                arguments("JGE", 1L, 1L, true), arguments("JGE", 0L, m1, false),
                arguments("JLT", 1L, m1, true), arguments("JLT", 1L, 1L, false),
                arguments("JLE", 1L, 1L, true), arguments("JLE", m1, 0L, false),
                arguments("JSGT", 1L, m1, true), arguments("JSGT", m1, 1L, false), // signed
                arguments("JSGE", m1, m1, true), arguments("JSGE", -2L, m1, false),
                arguments("JSLT", m1, 0L, true), arguments("JSLT", 0L, m1, false),
                arguments("JSLE", m1, m1, true), arguments("JSLE", 0L, m1, false),
                arguments("JSET", 6L, 2L, true), arguments("JSET", 6L, 1L, false));
    }

    private static Op op(String name, String width, String form) {
        return Op.valueOf(name + width + "_" + form);
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @MethodSource("cases")
    void conditions64(String name, long a, long b, boolean expected) {
        assertEquals(expected ? 1 : 0, taken(op(name, "64", "REG"), a, b), "reg");
        assertEquals(expected ? 1 : 0, taken(op(name, "64", "IMM"), a, b), "imm");
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @MethodSource("cases")
    void conditions32LookAtLowHalvesOnly(String name, long a, long b, boolean expected) {
        // Garbage in the high halves must not matter to JMP32.
        long ga = a & 0xffff_ffffL | 0x1234_5678_0000_0000L;
        long gb = b & 0xffff_ffffL | 0x7654_3210_0000_0000L;
        assertEquals(expected ? 1 : 0, taken(op(name, "32", "REG"), ga, gb), "reg");
        assertEquals(expected ? 1 : 0, taken(op(name, "32", "IMM"), ga, b), "imm");
    }

    @Test
    void jaAndJa32AndBackwardJumps() {
        // r0 = 0; loop: r0 += 1; if r0 != 10 goto loop; ja +1; r0 = 99; exit
        assertR0(10, run(movImm(0, 0), aluImm(Op.ADD64_IMM, 0, 1), i(Op.JNE64_IMM, 0, 0, -2, 10),
                i(Op.JA, 0, 0, 1, 0), movImm(0, 99), exit()));
        assertR0(7, run(movImm(0, 7), i(Op.JA32, 0, 0, 0, 1), movImm(0, 99), exit()));
        // jump over a two-slot lddw: the target counts slots
        assertR0(1, run(movImm(0, 1), i(Op.JA, 0, 0, 2, 0), lddw(0, 5), exit()));
    }

    @Test
    void lastInstructionMayBeAJumpBack() {
        // exit in the middle, ja as the last instruction (as in the suite's exit-not-last)
        assertR0(3, run(movImm(0, 3), i(Op.JA, 0, 0, 1, 0), exit(), i(Op.JA, 0, 0, -2, 0)));
    }
}
