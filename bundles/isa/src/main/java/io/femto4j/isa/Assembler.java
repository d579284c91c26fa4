package io.femto4j.isa;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Assembles the text syntax of the eBPF conformance suite into a {@link Program}.
 *
 * <p>One instruction per line. {@code #} starts a comment that runs to the end of the line. {@code name:}
 * defines a label at the next instruction; a line may carry labels, an instruction, or both. Unless a label
 * {@code exit} is defined explicitly, the first {@code exit} instruction defines it, because the suite's tests
 * jump to {@code exit} without declaring it.
 *
 * <p>Mnemonics are those of {@link Op#mnemonic()}: without a suffix they are 64-bit ({@code add}, {@code neg},
 * {@code jeq}), with {@code 32} the 32-bit ALU or jump ({@code add32}, {@code jeq32}). Also accepted:
 * {@code add64}, {@code neg64}, ... for the 64-bit ALU, {@code swap16}.. for {@code bswap16}.., and
 * {@code call %rX} or {@code callx %rX} for a call through a register. Operands are separated by commas:
 * registers {@code %r0} to {@code %r10}; memory {@code [%r10-8]}, {@code [%r1]}, {@code [%r1+4]}; immediates in
 * decimal or hex; jump targets as a label or {@code +N}/{@code -N}, the distance from the next instruction.
 *
 * <p>Numbers: a decimal immediate is a signed value of the field's width; a hex one is the field's bit pattern
 * (up to {@code 0xffffffff}, or {@code 0xffffffffffffffff} for the two-slot loads) or, with a minus sign, a
 * negative value. Memory and jump offsets are signed values in either base.
 */
public final class Assembler {
    /** The largest program, in 8-byte slots, the assembler produces; a bound against runaway input. */
    public static final int MAX_SLOTS = 1_000_000;

    /** What an operand position holds; the order per {@link Form} is the operand order in the source. */
    private enum Kind { REG, IMM32, IMM64, MEM, TARGET }

    private static final Map<String, List<Op>> MNEMONICS = mnemonics();
    private static final Pattern REGISTER = Pattern.compile("%r[0-9]{1,9}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z_.][A-Za-z0-9_.]*");
    private static final String MEMORY_EXAMPLE = "[%r1+4]";

    /** An operand's text and the column (from 1) where it starts. */
    private record Token(String text, int column) {}

    private record Num(BigInteger value, boolean hex) {}

    private record Label(int slot, int line) {}

    private record Address(int base, int offset) {}

    /** A jump or local call whose target is a label, patched once all labels are known. */
    private record Fixup(int slot, Token label, int line, boolean inImm) {}

    private final List<Instruction> slots = new ArrayList<>();
    private final Map<String, Label> labels = new HashMap<>();
    private final List<Fixup> fixups = new ArrayList<>();
    private int firstExit = -1;
    private int line;

    private Assembler() {
    }

    /** Assembles {@code source}; the first error found ends assembly. */
    public static Program assemble(String source) throws AsmException {
        Assembler assembler = new Assembler();
        for (String text : (Iterable<String>) source.lines()::iterator) {
            assembler.line++;
            assembler.assembleLine(text);
        }
        assembler.resolveLabels();
        return Program.of(assembler.slots);
    }

    private static Map<String, List<Op>> mnemonics() {
        Map<String, List<Op>> table = new HashMap<>();
        for (Op op : Op.values()) {
            if (op == Op.WIDE_HI) {
                continue;
            }
            table.computeIfAbsent(op.mnemonic(), k -> new ArrayList<>()).add(op);
            // Other assemblers spell the suffix-less 64-bit ALU mnemonics with an explicit "64".
            if (op.instructionClass() == Op.CLASS_ALU64 && op.form() != Form.ENDIAN && !op.mnemonic().endsWith("64")) {
                table.computeIfAbsent(op.mnemonic() + "64", k -> new ArrayList<>()).add(op);
            }
            // The suite writes the unconditional byte swaps as swap16/32/64 as well as bswap16/32/64.
            if (op.mnemonic().startsWith("bswap")) {
                table.computeIfAbsent(op.mnemonic().substring(1), k -> new ArrayList<>()).add(op);
            }
        }
        // "call 5" is a helper call, "call %r2" a call through a register: the operand decides.
        table.get("call").add(Op.CALLX);
        table.replaceAll((k, ops) -> List.copyOf(ops));
        return Map.copyOf(table);
    }

    private static List<Kind> signature(Form form) {
        return switch (form) {
            case ALU_IMM, ALU_IMM_BY_OFFSET -> List.of(Kind.REG, Kind.IMM32);
            case ALU_REG, ALU_REG_BY_OFFSET -> List.of(Kind.REG, Kind.REG);
            case UNARY, ENDIAN, CALLX -> List.of(Kind.REG);
            case JA, JA32, CALL_LOCAL -> List.of(Kind.TARGET);
            case JUMP_IMM -> List.of(Kind.REG, Kind.IMM32, Kind.TARGET);
            case JUMP_REG -> List.of(Kind.REG, Kind.REG, Kind.TARGET);
            case CALL_HELPER -> List.of(Kind.IMM32);
            case EXIT -> List.of();
            case LOAD -> List.of(Kind.REG, Kind.MEM);
            case STORE_IMM -> List.of(Kind.MEM, Kind.IMM32);
            case STORE_REG, ATOMIC -> List.of(Kind.MEM, Kind.REG);
            case WIDE -> List.of(Kind.REG, Kind.IMM64);
            case WIDE_HI -> throw new IllegalArgumentException("the second slot of a wide load has no syntax of its own");
        };
    }

    private void assembleLine(String text) throws AsmException {
        int hash = text.indexOf('#');
        String code = hash < 0 ? text : text.substring(0, hash);
        int pos = skipBlanks(code, 0);
        while (pos < code.length()) {
            int end = wordEnd(code, pos);
            if (end == pos || code.charAt(end - 1) != ':') {
                break;
            }
            defineLabel(new Token(code.substring(pos, end - 1), pos + 1));
            pos = skipBlanks(code, end);
        }
        if (pos >= code.length()) {
            return;
        }

        int mnemonicColumn = pos + 1;
        int end = wordEnd(code, pos);
        String mnemonic = code.substring(pos, end);
        pos = skipBlanks(code, end);
        if (mnemonic.equals("lock")) {
            // "lock [fetch] op": the words up to the operation name are all part of the mnemonic
            while (pos < code.length() && Character.isLetter(code.charAt(pos))) {
                end = wordEnd(code, pos);
                String word = code.substring(pos, end);
                mnemonic += " " + word;
                pos = skipBlanks(code, end);
                if (!word.equals("fetch")) {
                    break;
                }
            }
            if (mnemonic.equals("lock") || mnemonic.equals("lock fetch")) {
                throw error(mnemonicColumn, "invalid number of operands for " + mnemonic
                        + ": expected an atomic operation (add, or, and, xor, xchg, cmpxchg) and 2 operands");
            }
        } else if (mnemonic.equals("call") && isWord(code, pos, "local")) {
            mnemonic = "call local";
            pos = skipBlanks(code, pos + "local".length());
        }

        List<Op> candidates = MNEMONICS.get(mnemonic);
        if (candidates == null) {
            throw error(mnemonicColumn, "unknown mnemonic '" + mnemonic + "'");
        }
        List<Token> operands = splitOperands(code, pos);
        Op op = choose(candidates, operands, mnemonic, mnemonicColumn);
        if (slots.size() + (op.isWide() ? 2 : 1) > MAX_SLOTS) {
            throw error(mnemonicColumn, "program exceeds " + MAX_SLOTS + " instruction slots");
        }
        encode(op, operands);
    }

    private List<Token> splitOperands(String code, int from) throws AsmException {
        List<Token> operands = new ArrayList<>();
        if (from >= code.length()) {
            return operands;
        }
        int start = from;
        while (true) {
            int comma = code.indexOf(',', start);
            int stop = comma < 0 ? code.length() : comma;
            int first = skipBlanks(code, start);
            int last = stop;
            while (last > first && isBlank(code.charAt(last - 1))) {
                last--;
            }
            if (first >= last) {
                throw error(first + 1, "empty operand");
            }
            operands.add(new Token(code.substring(first, last), first + 1));
            if (comma < 0) {
                return operands;
            }
            start = comma + 1;
        }
    }

    /**
     * Picks among operations sharing a mnemonic ({@code add %r0, 1} versus {@code add %r0, %r1}) by operand count
     * and shape; when none fits, the first with the right count is taken so that the operand parsers report what
     * is wrong with the operand.
     */
    private Op choose(List<Op> candidates, List<Token> operands, String mnemonic, int column) throws AsmException {
        Op countMatch = null;
        for (Op op : candidates) {
            List<Kind> kinds = signature(op.form());
            if (kinds.size() != operands.size()) {
                continue;
            }
            if (countMatch == null) {
                countMatch = op;
            }
            boolean fits = true;
            for (int i = 0; i < kinds.size() && fits; i++) {
                fits = looksLike(kinds.get(i), operands.get(i).text());
            }
            if (fits) {
                return op;
            }
        }
        if (countMatch == null) {
            throw error(column, "invalid number of operands for " + mnemonic + ": expected "
                    + signature(candidates.get(0).form()).size() + ", found " + operands.size());
        }
        return countMatch;
    }

    private static boolean looksLike(Kind kind, String text) {
        char first = text.charAt(0);
        return switch (kind) {
            case REG -> first == '%';
            case MEM -> first == '[';
            case IMM32, IMM64, TARGET -> first != '%' && first != '[';
        };
    }

    /**
     * Fills the fields from the operands in source order: the first register named (directly or as a memory
     * base) is dst and the second src, as everywhere in eBPF; a displacement is the offset; an immediate is imm.
     */
    private void encode(Op op, List<Token> operands) throws AsmException {
        Form form = op.form();
        List<Kind> kinds = signature(form);
        int dst = -1; // -1 until the first register operand is seen
        int src = 0;
        int offset = 0;
        int imm = 0;
        int high = 0;
        Token target = null;
        for (int i = 0; i < kinds.size(); i++) {
            Token operand = operands.get(i);
            switch (kinds.get(i)) {
                case REG -> {
                    int reg = register(operand);
                    if (dst < 0) {
                        dst = reg;
                    } else {
                        src = reg;
                    }
                }
                case MEM -> {
                    Address address = memory(operand);
                    if (dst < 0) {
                        dst = address.base();
                    } else {
                        src = address.base();
                    }
                    offset = address.offset();
                }
                case IMM32 -> imm = imm32(operand);
                case IMM64 -> {
                    long value = imm64(operand);
                    imm = (int) value;
                    high = (int) (value >>> 32);
                }
                case TARGET -> target = operand;
            }
        }
        switch (form.discriminator()) {
            case OFFSET -> offset = op.discriminator();
            case IMM -> imm = op.discriminator();
            case SRC -> src = op.discriminator();
            case NONE -> { }
        }
        if (target != null) {
            // ja32 and local calls keep their distance in imm, every other jump in the offset field
            boolean inImm = !form.usesOffset();
            int distance = jumpDistance(target, inImm);
            if (inImm) {
                imm = distance;
            } else {
                offset = distance;
            }
        }
        slots.add(new Instruction(op, Math.max(dst, 0), src, offset, imm));
        if (op == Op.EXIT && firstExit < 0) {
            firstExit = slots.size() - 1;
        }
        if (op.isWide()) {
            slots.add(new Instruction(Op.WIDE_HI, 0, 0, 0, high));
        }
    }

    private int register(Token token) throws AsmException {
        String text = token.text();
        if (!text.startsWith("%")) {
            throw error(token.column(), "expected a register, found '" + text + "'");
        }
        if (REGISTER.matcher(text).matches() && Integer.parseInt(text.substring(2)) < Decoder.REGISTER_COUNT) {
            return Integer.parseInt(text.substring(2));
        }
        throw error(token.column(), "invalid register '" + text + "' (registers are %r0 to %r10)");
    }

    /** Parses {@code [%rN]}, {@code [%rN+off]} or {@code [%rN-off]} into base register and offset. */
    private Address memory(Token token) throws AsmException {
        String text = token.text();
        if (!text.startsWith("[") || !text.endsWith("]") || text.length() < 3) {
            throw error(token.column(), "expected a memory operand like " + MEMORY_EXAMPLE + ", found '" + text + "'");
        }
        String inner = text.substring(1, text.length() - 1);
        int sign = firstSign(inner);
        String base = sign < 0 ? inner : inner.substring(0, sign);
        int baseStart = skipBlanks(base, 0);
        int reg = register(new Token(base.strip(), token.column() + 1 + baseStart));
        if (sign < 0) {
            return new Address(reg, 0);
        }
        Token displacement = new Token(inner.charAt(sign) + inner.substring(sign + 1).strip(), token.column() + 1 + sign);
        Num num = number(displacement.text());
        if (num == null) {
            throw error(displacement.column(), "expected a number as offset, found '" + displacement.text() + "'");
        }
        if (!fits(num.value(), Short.MIN_VALUE, Short.MAX_VALUE)) {
            throw error(displacement.column(), "offset out of 16-bit range: " + displacement.text());
        }
        return new Address(reg, num.value().intValue());
    }

    private static int firstSign(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '+' || text.charAt(i) == '-') {
                return i;
            }
        }
        return -1;
    }

    private int imm32(Token token) throws AsmException {
        Num num = immediate(token);
        long max = num.hex() ? 0xffff_ffffL : Integer.MAX_VALUE;
        if (!fits(num.value(), Integer.MIN_VALUE, max)) {
            throw error(token.column(), "immediate out of 32-bit range: " + token.text());
        }
        return num.value().intValue();
    }

    private long imm64(Token token) throws AsmException {
        Num num = immediate(token);
        BigInteger max = num.hex() ? BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE) : BigInteger.valueOf(Long.MAX_VALUE);
        if (num.value().compareTo(BigInteger.valueOf(Long.MIN_VALUE)) < 0 || num.value().compareTo(max) > 0) {
            throw error(token.column(), "immediate out of 64-bit range: " + token.text());
        }
        return num.value().longValue();
    }

    private Num immediate(Token token) throws AsmException {
        Num num = number(token.text());
        if (num == null) {
            throw error(token.column(), "expected an immediate, found '" + token.text() + "'");
        }
        return num;
    }

    /** The distance to a {@code +N}/{@code -N} target now, or 0 and a fixup for a label. */
    private int jumpDistance(Token target, boolean inImm) throws AsmException {
        String text = target.text();
        if (text.startsWith("+") || text.startsWith("-")) {
            Num num = number(text);
            if (num == null) {
                throw error(target.column(), "expected a jump target (a label or +N/-N), found '" + text + "'");
            }
            boolean fits = inImm ? fits(num.value(), Integer.MIN_VALUE, Integer.MAX_VALUE)
                    : fits(num.value(), Short.MIN_VALUE, Short.MAX_VALUE);
            if (!fits) {
                throw error(target.column(), "jump offset out of " + (inImm ? 32 : 16) + "-bit range: " + text);
            }
            return num.value().intValue();
        }
        if (!LABEL.matcher(text).matches()) {
            throw error(target.column(), "expected a jump target (a label or +N/-N), found '" + text + "'");
        }
        fixups.add(new Fixup(slots.size(), target, line, inImm));
        return 0;
    }

    private void defineLabel(Token name) throws AsmException {
        if (!LABEL.matcher(name.text()).matches()) {
            throw error(name.column(), "invalid label name '" + name.text() + "'");
        }
        Label earlier = labels.putIfAbsent(name.text(), new Label(slots.size(), line));
        if (earlier != null) {
            throw error(name.column(), "duplicate label '" + name.text() + "' (first defined on line " + earlier.line() + ")");
        }
    }

    private void resolveLabels() throws AsmException {
        for (Fixup fixup : fixups) {
            String name = fixup.label().text();
            Label label = labels.get(name);
            int target;
            if (label != null) {
                target = label.slot();
            } else if (name.equals("exit") && firstExit >= 0) {
                target = firstExit;
            } else {
                throw new AsmException(fixup.line(), fixup.label().column(), "undefined label '" + name + "'");
            }
            int distance = target - fixup.slot() - 1;
            Instruction insn = slots.get(fixup.slot());
            if (fixup.inImm()) {
                slots.set(fixup.slot(), new Instruction(insn.op(), insn.dst(), insn.src(), insn.offset(), distance));
            } else if (distance == (short) distance) {
                slots.set(fixup.slot(), new Instruction(insn.op(), insn.dst(), insn.src(), distance, insn.imm()));
            } else {
                throw new AsmException(fixup.line(), fixup.label().column(),
                        "label '" + name + "' is " + distance + " slots away, beyond the 16-bit jump offset");
            }
        }
    }

    /** A decimal or {@code 0x} hex number with an optional sign, or null when {@code text} is not one. */
    private static Num number(String text) {
        int at = 0;
        boolean negative = false;
        if (text.startsWith("+") || text.startsWith("-")) {
            negative = text.charAt(0) == '-';
            at = 1;
        }
        boolean hex = text.startsWith("0x", at) || text.startsWith("0X", at);
        String digits = text.substring(hex ? at + 2 : at);
        if (digits.isEmpty()) {
            return null;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), hex ? 16 : 10) < 0) {
                return null;
            }
        }
        BigInteger value = new BigInteger(digits, hex ? 16 : 10);
        return new Num(negative ? value.negate() : value, hex);
    }

    private static boolean fits(BigInteger value, long min, long max) {
        return value.compareTo(BigInteger.valueOf(min)) >= 0 && value.compareTo(BigInteger.valueOf(max)) <= 0;
    }

    private AsmException error(int column, String reason) {
        return new AsmException(line, column, reason);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static int skipBlanks(String s, int from) {
        int i = from;
        while (i < s.length() && isBlank(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The end of the word at {@code from}: words end at a blank or a comma. */
    private static int wordEnd(String s, int from) {
        int i = from;
        while (i < s.length() && !isBlank(s.charAt(i)) && s.charAt(i) != ',') {
            i++;
        }
        return i;
    }

    private static boolean isWord(String s, int at, String word) {
        int end = at + word.length();
        return s.startsWith(word, at) && (end == s.length() || isBlank(s.charAt(end)));
    }
}
