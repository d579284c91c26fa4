package io.femto4j.verifier;

import io.femto4j.isa.Instruction;
import io.femto4j.isa.Op;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static io.femto4j.verifier.Asm.*;
import static io.femto4j.verifier.Expect.accepted;
import static io.femto4j.verifier.Expect.rejected;
import static io.femto4j.verifier.Expect.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Upstream let programs write r10. Here no form that writes a register may name it. */
class R10WritesTest {

    /** An instance of {@code op} with r10 wherever the operation writes a register, else harmless fields. */
    private static Object writingR10(Op op) {
        int imm = switch (op.form()) {
            case ENDIAN, ATOMIC -> op.discriminator();
            case ALU_IMM, ALU_IMM_BY_OFFSET -> 3;
            default -> 0;
        };
        int offset = switch (op.form()) {
            case ALU_IMM_BY_OFFSET, ALU_REG_BY_OFFSET -> op.discriminator();
            case LOAD -> 0;
            case ATOMIC -> -8;
            default -> 0;
        };
        if (op.isWide()) {
            return wide(op, 10, 1);
        }
        if (op.form() == io.femto4j.isa.Form.ATOMIC) {
            return insn(op, 1, 10, offset, imm); // the old value goes to src
        }
        return insn(op, 10, op.form().usesSrc() ? 1 : 0, offset, imm);
    }

    @Test
    void everyOperationThatWritesARegisterIsRejectedOnR10() {
        Set<Op> writers = EnumSet.noneOf(Op.class);
        for (Op op : Op.values()) {
            if (op.writesDst() || InstructionChecks.writesSourceRegister(op)) {
                writers.add(op);
            }
        }
        // 61 ALU and move forms, 2 neg, 9 byte swaps, 7 loads, 3 wide loads, 10 fetching atomics
        assertEquals(92, writers.size());
        List<String> wrong = new ArrayList<>();
        for (Op op : writers) {
            Verification v = verify(program(writingR10(op), mov(0, 0), exit()));
            List<Diagnostic> errors = v.errors();
            boolean onlyR10AtZero = errors.size() == 1 && errors.get(0).code() == Diagnostic.Code.WRITES_R10
                    && errors.get(0).index() == 0;
            if (!onlyR10AtZero) {
                wrong.add(op + ": " + v.diagnostics());
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void messagesForEachKindOfWrite() {
        rejected(verify(program(mov(10, 0), exit())),
                "insn 0: error: mov writes r10, the read-only frame pointer: write another register (r0 to "
                        + "r9); to compute a stack address, copy r10 first [writes-r10]");
        rejected(verify(program(add(10, -8), exit())),
                "insn 0: error: add writes r10, the read-only frame pointer: write another register (r0 to "
                        + "r9); to compute a stack address, copy r10 first [writes-r10]");
        rejected(verify(program(movReg(10, 1), exit())),
                "insn 0: error: mov writes r10, the read-only frame pointer: write another register (r0 to "
                        + "r9); to compute a stack address, copy r10 first [writes-r10]");
        rejected(verify(program(insn(Op.NEG64, 10, 0, 0, 0), exit())),
                "insn 0: error: neg writes r10, the read-only frame pointer: write another register (r0 to "
                        + "r9); to compute a stack address, copy r10 first [writes-r10]");
        rejected(verify(program(insn(Op.BE64, 10, 0, 0, 64), exit())),
                "insn 0: error: be64 writes r10, the read-only frame pointer: write another register (r0 to "
                        + "r9); to compute a stack address, copy r10 first [writes-r10]");
        rejected(verify(program(insn(Op.LDXDW, 10, 1, 0, 0), exit())),
                "insn 0: error: ldxdw writes r10, the read-only frame pointer: write another register (r0 to "
                        + "r9); to compute a stack address, copy r10 first [writes-r10]");
        rejected(verify(program(lddw(10, 0x1000), exit())),
                "insn 0: error: lddw writes r10, the read-only frame pointer: write another register (r0 to "
                        + "r9); to compute a stack address, copy r10 first [writes-r10]");
        rejected(verify(program(wide(Op.LDDW_RODATA, 10, 0), exit())),
                "insn 0: error: lddwr writes r10, the read-only frame pointer: write another register (r0 to "
                        + "r9); to compute a stack address, copy r10 first [writes-r10]");
        rejected(verify(program(mem(Op.ATOMIC64_FETCH_ADD, 1, 10, 0, 1), exit())),
                "insn 0: error: lock fetch add writes the old memory value into its source register r10, the "
                        + "read-only frame pointer: use another source register (r0 to r9) [writes-r10]");
        rejected(verify(program(mem(Op.ATOMIC32_XCHG, 1, 10, 0, 0xe1), exit())),
                "insn 0: error: lock xchg32 writes the old memory value into its source register r10, the "
                        + "read-only frame pointer: use another source register (r0 to r9) [writes-r10]");
    }

    @Test
    void readingR10IsFine() {
        List<Instruction> reads = List.of(
                movReg(1, 10), add(1, -8),
                mem(Op.STXDW, 10, 10, -8, 0),                      // stores the frame pointer itself
                mem(Op.ATOMIC64_ADD, 10, 10, -8, 0),               // no fetch: src is only read
                insn(Op.ATOMIC64_CMPXCHG, 10, 10, -8, 0xf1),       // cmpxchg writes r0, not src
                insn(Op.JEQ64_REG, 10, 1, 0, 0),
                insn(Op.ADD64_REG, 0, 10, 0, 0),
                callx(10));
        accepted(verify(program(reads, mov(0, 0), exit())));
    }
}
