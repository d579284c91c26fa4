package io.femto4j.runtime.image;

import io.femto4j.isa.Instruction;
import io.femto4j.isa.Op;
import io.femto4j.isa.Program;

import java.util.Locale;

/**
 * The text of {@link Images#describe}. The disassembly is a simple self-contained listing (mnemonic and
 * operands per slot).
 * TODO(merge): once io.femto4j.isa.Disassembler lands, format instructions with it instead of
 * {@link #instruction}, keeping the annotations (jump targets, function names, region offsets) added here.
 */
final class ImageDescriber {
    /** Bytes of data or rodata shown before the dump is cut short. */
    private static final int DUMP_LIMIT = 512;

    private ImageDescriber() {
    }

    static String describe(Image image) {
        StringBuilder out = new StringBuilder();
        Program text = image.text();
        out.append("format: ").append(switch (image.format()) {
            case RAW -> "raw eBPF bytecode";
            case ELF -> "ELF relocatable object (EM_BPF)";
            case RBF -> "Femto-Container rbf";
        }).append('\n');
        out.append(String.format(Locale.ROOT, "text: %d slots (%d bytes), data: %d bytes, rodata: %d bytes%n",
                text.size(), text.size() * 8, image.dataSize(), image.rodataSize()));
        if (image.format() == Image.Format.RBF) {
            out.append(String.format(Locale.ROOT,
                    "rbf header: magic \"rBPF\", version 0, flags 0x0, data_len %d, rodata_len %d, text_len %d, functions %d%n",
                    image.dataSize(), image.rodataSize(), text.size() * 8, image.functions().size()));
        }

        out.append("sections:\n");
        int width = 8;
        for (Image.Section s : image.sections()) {
            width = Math.max(width, s.name().length());
        }
        for (Image.Section s : image.sections()) {
            out.append(String.format(Locale.ROOT, "  %-" + width + "s  %-6s  offset 0x%04x  %d bytes%n", s.name(),
                    s.region().name().toLowerCase(Locale.ROOT), s.offset(), s.size()));
        }

        out.append("functions (").append(image.functions().size()).append("):\n");
        for (Image.Function f : image.functions()) {
            out.append(String.format(Locale.ROOT, "  slot %-5d %s%s%s%n", f.slot(), f.name(),
                    f.slot() == 0 ? "  (default entry)" : "",
                    f.flags() != 0 ? String.format(Locale.ROOT, "  flags 0x%04x", f.flags()) : ""));
        }

        dump(out, "data", image.data());
        dump(out, "rodata", image.rodata());

        out.append("text:\n");
        String[] labels = new String[text.size()];
        for (Image.Function f : image.functions()) {
            labels[f.slot()] = labels[f.slot()] == null ? f.name() : labels[f.slot()] + ", " + f.name();
        }
        for (int pc = 0; pc < text.size(); pc++) {
            if (labels[pc] != null) {
                out.append(labels[pc]).append(":\n");
            }
            Instruction insn = text.get(pc);
            byte[] bytes = new byte[8];
            insn.encodeInto(bytes, 0);
            StringBuilder hex = new StringBuilder();
            for (byte b : bytes) {
                hex.append(String.format(Locale.ROOT, "%02x ", b & 0xff));
            }
            out.append(String.format(Locale.ROOT, "  %5d  %s", pc, hex));
            if (insn.op() != Op.WIDE_HI) {
                out.append(' ').append(instruction(image, pc, labels));
            }
            trimEnd(out);
            out.append('\n');
        }
        return out.toString();
    }

    private static void trimEnd(StringBuilder out) {
        while (out.length() > 0 && out.charAt(out.length() - 1) == ' ') {
            out.setLength(out.length() - 1);
        }
    }

    private static void dump(StringBuilder out, String name, byte[] bytes) {
        out.append(name).append(" (").append(bytes.length).append(" bytes)").append(bytes.length == 0 ? "\n" : ":\n");
        int shown = Math.min(bytes.length, DUMP_LIMIT);
        for (int row = 0; row < shown; row += 16) {
            StringBuilder hex = new StringBuilder();
            StringBuilder ascii = new StringBuilder();
            for (int i = row; i < row + 16; i++) {
                if (i < shown) {
                    int b = bytes[i] & 0xff;
                    hex.append(String.format(Locale.ROOT, "%02x ", b));
                    ascii.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
                } else {
                    hex.append("   ");
                }
            }
            out.append(String.format(Locale.ROOT, "  %04x  %s |%s|%n", row, hex, ascii));
        }
        if (shown < bytes.length) {
            out.append("  ... ").append(bytes.length - shown).append(" more bytes\n");
        }
    }

    /** One instruction in a simple assembler form, with jump and call targets and region offsets resolved. */
    static String instruction(Image image, int pc, String[] labels) {
        Program text = image.text();
        Instruction i = text.get(pc);
        Op op = i.op();
        String m = op.mnemonic();
        int d = i.dst();
        int s = i.src();
        return switch (op.form()) {
            case ALU_IMM, ALU_IMM_BY_OFFSET -> String.format(Locale.ROOT, "%s r%d, %s", m, d, imm(i.imm()));
            case ALU_REG, ALU_REG_BY_OFFSET -> String.format(Locale.ROOT, "%s r%d, r%d", m, d, s);
            case UNARY, ENDIAN, CALLX -> String.format(Locale.ROOT, "%s r%d", m, d);
            case JA -> String.format(Locale.ROOT, "%s %+d%s", m, i.offset(), target(pc, i.offset(), labels, text));
            case JA32 -> String.format(Locale.ROOT, "%s %+d%s", m, i.imm(), target(pc, i.imm(), labels, text));
            case JUMP_IMM -> String.format(Locale.ROOT, "%s r%d, %s, %+d%s", m, d, imm(i.imm()), i.offset(),
                    target(pc, i.offset(), labels, text));
            case JUMP_REG -> String.format(Locale.ROOT, "%s r%d, r%d, %+d%s", m, d, s, i.offset(),
                    target(pc, i.offset(), labels, text));
            case CALL_HELPER -> String.format(Locale.ROOT, "%s %s", m, imm(i.imm()));
            case CALL_LOCAL -> String.format(Locale.ROOT, "%s %+d%s", m, i.imm(), target(pc, i.imm(), labels, text));
            case EXIT -> m;
            case LOAD -> String.format(Locale.ROOT, "%s r%d, [r%d%+d]", m, d, s, i.offset());
            case STORE_IMM -> String.format(Locale.ROOT, "%s [r%d%+d], %s", m, d, i.offset(), imm(i.imm()));
            case STORE_REG, ATOMIC -> String.format(Locale.ROOT, "%s [r%d%+d], r%d", m, d, i.offset(), s);
            case WIDE -> wide(image, op, d, text.imm64(pc));
            case WIDE_HI -> "";
        };
    }

    private static String imm(long v) {
        return v > -4096 && v < 4096 ? Long.toString(v) : "0x" + Long.toHexString(v & 0xffffffffL);
    }

    private static String target(int pc, long delta, String[] labels, Program text) {
        long t = pc + 1L + delta;
        if (t < 0 || t >= text.size()) {
            return " -> " + t + " (outside the text)";
        }
        return " -> " + t + (labels[(int) t] != null ? " <" + labels[(int) t] + ">" : "");
    }

    private static String wide(Image image, Op op, int dst, long imm64) {
        if (op == Op.LDDW) {
            return String.format(Locale.ROOT, "%s r%d, 0x%x", op.mnemonic(), dst, imm64);
        }
        Image.Region region = op == Op.LDDW_DATA ? Image.Region.DATA : Image.Region.RODATA;
        String name = region == Image.Region.DATA ? "data" : "rodata";
        String where = "";
        for (Image.Section s : image.sections()) {
            if (s.region() == region && imm64 >= s.offset() && imm64 < (long) s.offset() + Math.max(1, s.size())) {
                where = String.format(Locale.ROOT, "  ; %s+0x%x", s.name(), imm64 - s.offset());
                break;
            }
        }
        int size = region == Image.Region.DATA ? image.dataSize() : image.rodataSize();
        if (imm64 < 0 || imm64 > size) {
            where = "  ; outside the " + size + "-byte " + name + " region";
        }
        return String.format(Locale.ROOT, "%s r%d, %s+0x%x%s", op.mnemonic(), dst, name, imm64, where);
    }
}
