package io.femto4j.vm;

import io.femto4j.isa.Op;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.femto4j.vm.P.*;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every ALU operation, 64- and 32-bit, immediate and register forms, with RFC 9669 edge cases. */
class AluTest {
    static final long MIN = Long.MIN_VALUE;

    /** r0 = a; r1 = b (via lddw); op r0, r1 (register form); exit. */
    static Outcome reg(Op op, long a, long b) {
        return run(lddw(0, a), lddw(1, b), aluReg(op, 0, 1), exit());
    }

    /** r0 = a; op r0, imm; exit. */
    static Outcome imm(Op op, long a, int imm) {
        return run(lddw(0, a), aluImm(op, 0, imm), exit());
    }

    static Stream<Arguments> registerCases() {
        return Stream.of(
                arguments(Op.ADD64_REG, 5L, 7L, 12L),
                arguments(Op.ADD64_REG, -1L, 1L, 0L),
                arguments(Op.SUB64_REG, 5L, 7L, -2L),
                arguments(Op.MUL64_REG, 0x1_0000_0001L, 3L, 0x3_0000_0003L),
                arguments(Op.MUL64_REG, MIN, -1L, MIN),
                arguments(Op.DIV64_REG, 100L, 7L, 14L),
                arguments(Op.DIV64_REG, -1L, 2L, 0x7fff_ffff_ffff_ffffL), // unsigned
                arguments(Op.DIV64_REG, -1L, -2L, 1L),
                arguments(Op.DIV64_REG, 5L, -2L, 0L),
                arguments(Op.DIV64_REG, 0xfedc_ba98_7654_3210L, 0x1234_5678L, Long.divideUnsigned(0xfedc_ba98_7654_3210L, 0x1234_5678L)),
                arguments(Op.DIV64_REG, 42L, 0L, 0L), // division by zero gives 0
                arguments(Op.SDIV64_REG, -7L, 2L, -3L),
                arguments(Op.SDIV64_REG, MIN, -1L, MIN), // overflow wraps, no trap
                arguments(Op.SDIV64_REG, 42L, 0L, 0L),
                arguments(Op.MOD64_REG, 100L, 7L, 2L),
                arguments(Op.MOD64_REG, -1L, 10L, Long.remainderUnsigned(-1L, 10L)),
                arguments(Op.MOD64_REG, 0xfedc_ba98_7654_3210L, 0x8000_0000_0000_0001L, Long.remainderUnsigned(0xfedc_ba98_7654_3210L, 0x8000_0000_0000_0001L)),
                arguments(Op.MOD64_REG, 42L, 0L, 42L), // modulo by zero leaves dst
                arguments(Op.SMOD64_REG, -7L, 2L, -1L),
                arguments(Op.SMOD64_REG, 7L, -2L, 1L),
                arguments(Op.SMOD64_REG, MIN, -1L, 0L),
                arguments(Op.SMOD64_REG, -42L, 0L, -42L),
                arguments(Op.OR64_REG, 0xf0L, 0x0fL, 0xffL),
                arguments(Op.AND64_REG, 0xf0L, 0x3cL, 0x30L),
                arguments(Op.XOR64_REG, 0xf0L, 0x3cL, 0xccL),
                arguments(Op.LSH64_REG, 1L, 63L, MIN),
                arguments(Op.LSH64_REG, 1L, 64L, 1L), // shift counts are masked to 6 bits
                arguments(Op.LSH64_REG, 1L, 65L, 2L),
                arguments(Op.RSH64_REG, MIN, 63L, 1L),
                arguments(Op.RSH64_REG, MIN, 127L, 1L),
                arguments(Op.ARSH64_REG, MIN, 63L, -1L),
                arguments(Op.ARSH64_REG, -16L, 66L, -4L),
                arguments(Op.MOV64_REG, 1L, -5L, -5L),
                arguments(Op.MOVSX8_64, 0L, 0x80L, -128L),
                arguments(Op.MOVSX8_64, 0L, 0x17fL, 127L),
                arguments(Op.MOVSX16_64, 0L, 0x8000L, -32768L),
                arguments(Op.MOVSX32_64, 0L, 0x8000_0000L, -0x8000_0000L),
                arguments(Op.MOVSX32_64, 0L, 0x1_7fff_ffffL, 0x7fff_ffffL),
                // 32-bit: operate on the low halves, zero-extend the result
                arguments(Op.ADD32_REG, 0xffff_ffffL, 1L, 0L),
                arguments(Op.ADD32_REG, 0x1234_0000_0001L, 0x5678_0000_0002L, 3L),
                arguments(Op.SUB32_REG, 0L, 1L, 0xffff_ffffL),
                arguments(Op.MUL32_REG, 0x1_0000_0003L, 0x7fff_ffffL, (3L * 0x7fff_ffffL) & 0xffff_ffffL),
                arguments(Op.DIV32_REG, 0xffff_ffffL, 2L, 0x7fff_ffffL),
                arguments(Op.DIV32_REG, 0x5_0000_0010L, 0x1_0000_0000L, 0L), // divisor's low half is 0
                arguments(Op.SDIV32_REG, 0x8000_0000L, 0xffff_ffffL, 0x8000_0000L), // INT_MIN / -1
                arguments(Op.SDIV32_REG, -7L, 2L, 0xffff_fffdL),
                arguments(Op.MOD32_REG, 0x1_0000_0007L, 0L, 7L), // dst unchanged but zero-extended
                arguments(Op.MOD32_REG, 17L, 5L, 2L),
                arguments(Op.SMOD32_REG, 0x8000_0000L, 0xffff_ffffL, 0L),
                arguments(Op.SMOD32_REG, -7L, 2L, 0xffff_ffffL),
                arguments(Op.SMOD32_REG, 0xffff_fff9L, 0L, 0xffff_fff9L),
                arguments(Op.OR32_REG, 0xffff_0000_0000_00f0L, 0x0fL, 0xffL),
                arguments(Op.AND32_REG, -1L, -1L, 0xffff_ffffL),
                arguments(Op.XOR32_REG, -1L, 0L, 0xffff_ffffL),
                arguments(Op.LSH32_REG, 1L, 31L, 0x8000_0000L),
                arguments(Op.LSH32_REG, 1L, 32L, 1L), // masked to 5 bits
                arguments(Op.RSH32_REG, 0xffff_ffff_8000_0000L, 31L, 1L),
                arguments(Op.ARSH32_REG, 0x8000_0000L, 31L, 0xffff_ffffL),
                arguments(Op.ARSH32_REG, 0x8000_0000L, 33L, 0xc000_0000L),
                arguments(Op.MOV32_REG, 0L, -1L, 0xffff_ffffL),
                arguments(Op.MOVSX8_32, -1L, 0x80L, 0xffff_ff80L),
                arguments(Op.MOVSX16_32, -1L, 0x8000L, 0xffff_8000L));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("registerCases")
    void registerForms(Op op, long a, long b, long expected) {
        assertR0(expected, reg(op, a, b));
    }

    static Stream<Arguments> immediateCases() {
        return Stream.of(
                arguments(Op.ADD64_IMM, 5L, -7, -2L),
                arguments(Op.SUB64_IMM, 5L, Integer.MIN_VALUE, 5L + 0x8000_0000L),
                arguments(Op.MUL64_IMM, -3L, -3, 9L),
                arguments(Op.DIV64_IMM, -1L, -1, 1L), // imm sign-extended, then unsigned
                arguments(Op.DIV64_IMM, 100L, 7, 14L),
                arguments(Op.DIV64_IMM, MIN, 3, Long.divideUnsigned(MIN, 3)),
                arguments(Op.DIV64_IMM, 42L, 0, 0L),
                arguments(Op.SDIV64_IMM, -100L, 7, -14L),
                arguments(Op.SDIV64_IMM, MIN, -1, MIN),
                arguments(Op.SDIV64_IMM, 42L, 0, 0L),
                arguments(Op.MOD64_IMM, 100L, 7, 2L),
                arguments(Op.MOD64_IMM, -1L, 65535, Long.remainderUnsigned(-1L, 65535)),
                arguments(Op.MOD64_IMM, 42L, 0, 42L),
                arguments(Op.SMOD64_IMM, -100L, 7, -2L),
                arguments(Op.SMOD64_IMM, -42L, 0, -42L),
                arguments(Op.OR64_IMM, 0L, -1, -1L),
                arguments(Op.AND64_IMM, -1L, 0x7fff_ffff, 0x7fff_ffffL),
                arguments(Op.XOR64_IMM, 0L, -2, -2L),
                arguments(Op.LSH64_IMM, 3L, 62, MIN | (1L << 62)),
                arguments(Op.RSH64_IMM, -1L, 60, 15L),
                arguments(Op.ARSH64_IMM, MIN, 62, -2L),
                arguments(Op.MOV64_IMM, 7L, -1, -1L),
                arguments(Op.ADD32_IMM, 0xffff_ffffL, 2, 1L),
                arguments(Op.SUB32_IMM, 0x1_0000_0000L, 1, 0xffff_ffffL),
                arguments(Op.MUL32_IMM, 0x10000L, 0x10000, 0L),
                arguments(Op.DIV32_IMM, 0xffff_ffffL, -1, 1L), // imm as u32
                arguments(Op.DIV32_IMM, 0x1_0000_0010L, 0, 0L),
                arguments(Op.SDIV32_IMM, 0x8000_0000L, -1, 0x8000_0000L),
                arguments(Op.SDIV32_IMM, 0xffff_fff0L, 4, 0xffff_fffcL),
                arguments(Op.MOD32_IMM, 0x1_0000_0007L, 0, 7L),
                arguments(Op.MOD32_IMM, 0xffff_ffffL, 10, 5L),
                arguments(Op.SMOD32_IMM, 0xffff_fff9L, 2, 0xffff_ffffL),
                arguments(Op.SMOD32_IMM, 0x1_ffff_fff9L, 0, 0xffff_fff9L),
                arguments(Op.OR32_IMM, 0xffff_ffff_0000_0000L, 1, 1L),
                arguments(Op.AND32_IMM, -1L, -1, 0xffff_ffffL),
                arguments(Op.XOR32_IMM, 0L, -1, 0xffff_ffffL),
                arguments(Op.LSH32_IMM, 0xffL, 28, 0xf000_0000L),
                arguments(Op.RSH32_IMM, -1L, 28, 15L),
                arguments(Op.ARSH32_IMM, 0x8000_0000L, 4, 0xf800_0000L),
                arguments(Op.MOV32_IMM, 5L, -1, 0xffff_ffffL));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("immediateCases")
    void immediateForms(Op op, long a, int imm, long expected) {
        assertR0(expected, imm(op, a, imm));
    }

    @Test
    void negation() {
        assertR0(-5L, run(lddw(0, 5), i(Op.NEG64, 0, 0, 0, 0), exit()));
        assertR0(MIN, run(lddw(0, MIN), i(Op.NEG64, 0, 0, 0, 0), exit()));
        assertR0(0xffff_fffbL, run(lddw(0, 0x7_0000_0005L), i(Op.NEG32, 0, 0, 0, 0), exit()));
        assertR0(0x8000_0000L, run(lddw(0, 0x8000_0000L), i(Op.NEG32, 0, 0, 0, 0), exit()));
    }

    @Test
    void byteOrder() {
        long v = 0x0102_0304_0506_0708L;
        assertR0(0x0708L, run(lddw(0, v), i(Op.LE16, 0, 0, 0, 16), exit()));
        assertR0(0x0506_0708L, run(lddw(0, v), i(Op.LE32, 0, 0, 0, 32), exit()));
        assertR0(v, run(lddw(0, v), i(Op.LE64, 0, 0, 0, 64), exit()));
        assertR0(0x0807L, run(lddw(0, v), i(Op.BE16, 0, 0, 0, 16), exit()));
        assertR0(0x0807_0605L, run(lddw(0, v), i(Op.BE32, 0, 0, 0, 32), exit()));
        assertR0(0x0807_0605_0403_0201L, run(lddw(0, v), i(Op.BE64, 0, 0, 0, 64), exit()));
        assertR0(0x0807L, run(lddw(0, v), i(Op.BSWAP16, 0, 0, 0, 16), exit()));
        assertR0(0x0807_0605L, run(lddw(0, v), i(Op.BSWAP32, 0, 0, 0, 32), exit()));
        assertR0(0x0807_0605_0403_0201L, run(lddw(0, v), i(Op.BSWAP64, 0, 0, 0, 64), exit()));
    }

    @Test
    void registersOtherThanR1R2R10StartAtZero() {
        for (int reg = 3; reg <= 9; reg++) {
            assertR0(0, run(aluReg(Op.MOV64_REG, 0, reg), exit()));
        }
        assertR0(0, run(exit()));
        assertR0(Memory.STACK_AREA_END, run(aluReg(Op.MOV64_REG, 0, 10), exit()));
    }

    @Test
    void lddwLoadsAll64BitsAndCountsAsOneInstruction() {
        Outcome o = run(lddw(0, 0x8000_0000_ffff_ffffL), exit());
        assertR0(0x8000_0000_ffff_ffffL, o);
        org.junit.jupiter.api.Assertions.assertEquals(2, o.instructions());
    }
}
