package io.femto4j.isa.testing;

import io.femto4j.isa.Form;
import io.femto4j.isa.Instruction;
import io.femto4j.isa.Op;

import java.util.List;

/** Builds strictly valid encodings of any operation, for tests that need one per {@link Op} or random programs. */
public final class ValidEncodings {
    private ValidEncodings() {
    }

    /**
     * {@code op} with the given values in the fields its form uses, its discriminator value in the discriminating
     * field, and zero in every other field; a wide load comes with its second slot carrying {@code high}.
     */
    public static List<Instruction> of(Op op, int dst, int src, int offset, int imm, int high) {
        Form form = op.form();
        Form.Discriminator disc = form.discriminator();
        Instruction insn = new Instruction(op,
                form.usesDst() ? dst : 0,
                form.usesSrc() ? src : disc == Form.Discriminator.SRC ? op.discriminator() : 0,
                form.usesOffset() ? offset : disc == Form.Discriminator.OFFSET ? op.discriminator() : 0,
                form.usesImm() ? imm : disc == Form.Discriminator.IMM ? op.discriminator() : 0);
        return op.isWide() ? List.of(insn, new Instruction(Op.WIDE_HI, 0, 0, 0, high)) : List.of(insn);
    }
}
