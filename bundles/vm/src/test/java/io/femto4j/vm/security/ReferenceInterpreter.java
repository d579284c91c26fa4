package io.femto4j.vm.security;

import io.femto4j.isa.Instruction;
import io.femto4j.isa.Op;
import io.femto4j.isa.Program;
import io.femto4j.verifier.Policy;
import io.femto4j.verifier.VerifiedProgram;
import io.femto4j.vm.Helper;
import io.femto4j.vm.HelperContext;
import io.femto4j.vm.HelperFault;
import io.femto4j.vm.HelperTable;
import io.femto4j.vm.Memory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The test oracle: a deliberately naive eBPF interpreter written from RFC 9669, independent of the VM's
 * translator and dispatch loop. It steps through {@link Instruction} records one at a time and checks every
 * access against an explicit list of regions with a linear scan, so it is slow and obviously right about
 * memory. It works on its own copies of the regions: after a run the harness compares the VM's region bytes with
 * these shadow copies, which shows any byte the VM wrote where (or what) the program had no right to.
 *
 * <p>It reports how a run ended as a short kind ("Returned" or the simple name of the VM's fault record), the
 * value of r0 and the number of instructions executed, which is what the VM promises too.
 */
final class ReferenceInterpreter {
    private static final long M32 = 0xffffffffL;

    /** A region as the oracle sees it: its own copy of the bytes. */
    record ShadowRegion(String name, long start, byte[] bytes, boolean writable) {
        boolean holds(long address, long size) {
            // unsigned: address - start in [0, length - size]
            return size <= bytes.length && Long.compareUnsigned(address - start, bytes.length - size) <= 0;
        }
    }

    /** The end of a reference run. */
    record Result(String kind, long r0, long instructions) {
    }

    /** Thrown inside the oracle for a fault; caught by {@link #run}. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String kind;

        Stop(String kind) {
            super(kind, null, false, false);
            this.kind = kind;
        }
    }

    private final Program program;
    private final Policy policy;
    private final HelperTable helpers;
    private final List<ShadowRegion> regions;
    private final byte[] stack;
    private final long stackBase;
    private final long[] r = new long[11];
    private long count;
    private boolean stopped;
    private long stopValue;

    ReferenceInterpreter(VerifiedProgram verified, HelperTable helpers, List<ShadowRegion> regions) {
        this.program = verified.program();
        this.policy = verified.policy();
        this.helpers = helpers;
        this.regions = regions;
        this.stack = new byte[policy.stackSize()];
        this.stackBase = Memory.STACK_AREA_END - stack.length;
    }

    Result run(long r1, long r2, long budget) {
        r[1] = r1;
        r[2] = r2;
        r[10] = Memory.STACK_AREA_END;
        try {
            long r0 = execute(budget);
            return new Result("Returned", r0, count);
        } catch (Stop s) {
            return new Result(s.kind, 0, count);
        }
    }

    private long execute(long budget) {
        int pc = 0;
        int depth = 0;
        long[][] saved = new long[policy.maxCallDepth()][];
        for (;;) {
            if (count == budget) {
                count = budget;
                throw new Stop("BudgetExhausted");
            }
            count++;
            Instruction in = program.get(pc);
            int d = in.dst();
            int s = in.src();
            long imm = in.imm();
            Op op = in.op();
            int next = pc + 1;
            switch (op.form()) {
                case ALU_IMM, ALU_IMM_BY_OFFSET, ALU_REG, ALU_REG_BY_OFFSET, UNARY, ENDIAN -> {
                    boolean reg = op.form() == io.femto4j.isa.Form.ALU_REG || op.form() == io.femto4j.isa.Form.ALU_REG_BY_OFFSET;
                    r[d] = alu(op, r[d], reg ? r[s] : imm);
                }
                case JA -> next = pc + 1 + in.offset();
                case JA32 -> next = pc + 1 + in.imm();
                case JUMP_IMM, JUMP_REG -> {
                    long b = op.form() == io.femto4j.isa.Form.JUMP_REG ? r[s] : imm;
                    if (condition(op, r[d], b)) {
                        next = pc + 1 + in.offset();
                    }
                }
                case WIDE -> {
                    long value = program.imm64(pc);
                    if (op != Op.LDDW) {
                        throw new Stop("MissingSection"); // the harness never loads .data/.rodata sections
                    }
                    r[d] = value;
                    next = pc + 2;
                }
                case LOAD -> {
                    long a = r[s] + in.offset();
                    int size = op.accessSize();
                    long v = read(a, size);
                    r[d] = switch (op) {
                        case LDXSB -> (byte) v;
                        case LDXSH -> (short) v;
                        case LDXSW -> (int) v;
                        default -> v;
                    };
                }
                case STORE_IMM -> write(r[d] + in.offset(), op.accessSize(), imm);
                case STORE_REG -> write(r[d] + in.offset(), op.accessSize(), r[s]);
                case ATOMIC -> atomic(op, r[d] + in.offset(), s);
                case CALL_HELPER -> {
                    if (callHelper(in.imm())) {
                        return stopValue;
                    }
                }
                case CALLX -> {
                    long number = r[d];
                    if (number != (int) number || !helpers.contains((int) number)) {
                        throw new Stop("UnknownHelper");
                    }
                    if (!policy.allowedHelpers().test((int) number)) {
                        throw new Stop("HelperNotAllowed");
                    }
                    if (callHelper((int) number)) {
                        return stopValue;
                    }
                }
                case CALL_LOCAL -> {
                    if (depth + 2 > policy.maxCallDepth()) {
                        throw new Stop("CallDepthExceeded");
                    }
                    saved[depth] = new long[] {r[6], r[7], r[8], r[9], pc + 1};
                    depth++;
                    r[10] -= policy.frameSize();
                    next = pc + 1 + in.imm();
                }
                case EXIT -> {
                    if (depth == 0) {
                        return r[0];
                    }
                    depth--;
                    long[] f = saved[depth];
                    r[6] = f[0];
                    r[7] = f[1];
                    r[8] = f[2];
                    r[9] = f[3];
                    next = (int) f[4];
                    r[10] += policy.frameSize();
                }
                default -> throw new Stop("InvalidInstruction");
            }
            pc = next;
        }
    }

    /** True when the helper stopped the program. */
    private boolean callHelper(int number) {
        if (!helpers.contains(number)) {
            throw new Stop("UnknownHelper");
        }
        Helper h = helpers.helper(number);
        Context ctx = new Context(number, helpers.name(number));
        try {
            r[0] = h.call(ctx, r[1], r[2], r[3], r[4], r[5]);
        } catch (Stop e) {
            throw e;
        } catch (HelperFault e) {
            throw new Stop("HelperFailed");
        } catch (RuntimeException e) {
            throw new Stop("HelperFailed");
        }
        if (stopped) {
            return true;
        }
        return false;
    }

    static long alu(Op op, long a, long b) {
        int sh64 = (int) (b & 63);
        int sh32 = (int) (b & 31);
        int a32 = (int) a;
        int b32 = (int) b;
        return switch (op) {
            case ADD64_IMM, ADD64_REG -> a + b;
            case SUB64_IMM, SUB64_REG -> a - b;
            case MUL64_IMM, MUL64_REG -> a * b;
            case DIV64_IMM, DIV64_REG -> b == 0 ? 0 : Long.divideUnsigned(a, b);
            case MOD64_IMM, MOD64_REG -> b == 0 ? a : Long.remainderUnsigned(a, b);
            case SDIV64_IMM, SDIV64_REG -> b == 0 ? 0 : b == -1 ? -a : a / b;
            case SMOD64_IMM, SMOD64_REG -> b == 0 ? a : b == -1 ? 0 : a % b;
            case OR64_IMM, OR64_REG -> a | b;
            case AND64_IMM, AND64_REG -> a & b;
            case XOR64_IMM, XOR64_REG -> a ^ b;
            case LSH64_IMM, LSH64_REG -> a << sh64;
            case RSH64_IMM, RSH64_REG -> a >>> sh64;
            case ARSH64_IMM, ARSH64_REG -> a >> sh64;
            case MOV64_IMM, MOV64_REG -> b;
            case MOVSX8_64 -> (byte) b;
            case MOVSX16_64 -> (short) b;
            case MOVSX32_64 -> (int) b;
            case NEG64 -> -a;
            case ADD32_IMM, ADD32_REG -> (a32 + b32) & M32;
            case SUB32_IMM, SUB32_REG -> (a32 - b32) & M32;
            case MUL32_IMM, MUL32_REG -> (a32 * b32) & M32;
            case DIV32_IMM, DIV32_REG -> b32 == 0 ? 0 : Integer.divideUnsigned(a32, b32) & M32;
            case MOD32_IMM, MOD32_REG -> b32 == 0 ? a & M32 : Integer.remainderUnsigned(a32, b32) & M32;
            case SDIV32_IMM, SDIV32_REG -> b32 == 0 ? 0 : (b32 == -1 ? -a32 : a32 / b32) & M32;
            case SMOD32_IMM, SMOD32_REG -> b32 == 0 ? a & M32 : (b32 == -1 ? 0 : a32 % b32) & M32;
            case OR32_IMM, OR32_REG -> (a32 | b32) & M32;
            case AND32_IMM, AND32_REG -> (a32 & b32) & M32;
            case XOR32_IMM, XOR32_REG -> (a32 ^ b32) & M32;
            case LSH32_IMM, LSH32_REG -> (a32 << sh32) & M32;
            case RSH32_IMM, RSH32_REG -> (a32 >>> sh32) & M32;
            case ARSH32_IMM, ARSH32_REG -> (a32 >> sh32) & M32;
            case MOV32_IMM, MOV32_REG -> b & M32;
            case MOVSX8_32 -> (byte) b & M32;
            case MOVSX16_32 -> (short) b & M32;
            case NEG32 -> -a32 & M32;
            case LE16 -> a & 0xffff;
            case LE32 -> a & M32;
            case LE64 -> a;
            case BE16, BSWAP16 -> Short.reverseBytes((short) a) & 0xffffL;
            case BE32, BSWAP32 -> Integer.reverseBytes(a32) & M32;
            case BE64, BSWAP64 -> Long.reverseBytes(a);
            default -> throw new Stop("InvalidInstruction");
        };
    }

    static boolean condition(Op op, long a, long b) {
        int a32 = (int) a;
        int b32 = (int) b;
        return switch (op) {
            case JEQ64_IMM, JEQ64_REG -> a == b;
            case JNE64_IMM, JNE64_REG -> a != b;
            case JGT64_IMM, JGT64_REG -> Long.compareUnsigned(a, b) > 0;
            case JGE64_IMM, JGE64_REG -> Long.compareUnsigned(a, b) >= 0;
            case JLT64_IMM, JLT64_REG -> Long.compareUnsigned(a, b) < 0;
            case JLE64_IMM, JLE64_REG -> Long.compareUnsigned(a, b) <= 0;
            case JSGT64_IMM, JSGT64_REG -> a > b;
            case JSGE64_IMM, JSGE64_REG -> a >= b;
            case JSLT64_IMM, JSLT64_REG -> a < b;
            case JSLE64_IMM, JSLE64_REG -> a <= b;
            case JSET64_IMM, JSET64_REG -> (a & b) != 0;
            case JEQ32_IMM, JEQ32_REG -> a32 == b32;
            case JNE32_IMM, JNE32_REG -> a32 != b32;
            case JGT32_IMM, JGT32_REG -> Integer.compareUnsigned(a32, b32) > 0;
            case JGE32_IMM, JGE32_REG -> Integer.compareUnsigned(a32, b32) >= 0;
            case JLT32_IMM, JLT32_REG -> Integer.compareUnsigned(a32, b32) < 0;
            case JLE32_IMM, JLE32_REG -> Integer.compareUnsigned(a32, b32) <= 0;
            case JSGT32_IMM, JSGT32_REG -> a32 > b32;
            case JSGE32_IMM, JSGE32_REG -> a32 >= b32;
            case JSLT32_IMM, JSLT32_REG -> a32 < b32;
            case JSLE32_IMM, JSLE32_REG -> a32 <= b32;
            case JSET32_IMM, JSET32_REG -> (a32 & b32) != 0;
            default -> throw new Stop("InvalidInstruction");
        };
    }

    // ---- memory: the stack first, then a linear scan of the regions -----------------------------------------

    private ByteBuffer locate(long address, long size, boolean write, boolean forHelper) {
        if (size <= stack.length && Long.compareUnsigned(address - stackBase, stack.length - size) <= 0) {
            return ByteBuffer.wrap(stack, (int) (address - stackBase), (int) size).slice().order(ByteOrder.LITTLE_ENDIAN);
        }
        for (ShadowRegion region : regions) {
            if (region.holds(address, size)) {
                if (write && !region.writable()) {
                    throw new Stop(forHelper ? "HelperOutOfBounds" : "ReadOnlyWrite");
                }
                return ByteBuffer.wrap(region.bytes(), (int) (address - region.start()), (int) size).slice()
                        .order(ByteOrder.LITTLE_ENDIAN);
            }
        }
        throw new Stop(forHelper ? "HelperOutOfBounds" : "OutOfBounds");
    }

    private long read(long address, int size) {
        return get(locate(address, size, false, false), size);
    }

    private void write(long address, int size, long value) {
        put(locate(address, size, true, false), size, value);
    }

    private static long get(ByteBuffer b, int size) {
        return switch (size) {
            case 1 -> b.get(0) & 0xffL;
            case 2 -> b.getShort(0) & 0xffffL;
            case 4 -> b.getInt(0) & M32;
            default -> b.getLong(0);
        };
    }

    private static void put(ByteBuffer b, int size, long v) {
        switch (size) {
            case 1 -> b.put(0, (byte) v);
            case 2 -> b.putShort(0, (short) v);
            case 4 -> b.putInt(0, (int) v);
            default -> b.putLong(0, v);
        }
    }

    private void atomic(Op op, long address, int s) {
        int size = op.accessSize();
        boolean wide = size == 8;
        ByteBuffer b = locate(address, size, true, false);
        long old = get(b, size);
        long v = r[s];
        int code = op.discriminator();
        boolean fetch = (code & 1) != 0;
        long result;
        switch (code & ~1) {
            case 0x00 -> result = old + v;
            case 0x40 -> result = old | v;
            case 0x50 -> result = old & v;
            case 0xa0 -> result = old ^ v;
            case 0xe0 -> {
                result = v;
                fetch = true;
            }
            case 0xf0 -> {
                long expected = wide ? r[0] : r[0] & M32;
                result = old == expected ? v : old;
                r[0] = old;
                put(b, size, result);
                return;
            }
            default -> throw new Stop("InvalidInstruction");
        }
        put(b, size, result);
        if (fetch) {
            r[s] = old;
        }
    }

    /** What helpers see: the same checks, on the oracle's memory. */
    private final class Context implements HelperContext {
        private final int number;
        private final String name;

        Context(int number, String name) {
            this.number = number;
            this.name = name;
        }

        @Override
        public int helperNumber() {
            return number;
        }

        @Override
        public String helperName() {
            return name;
        }

        @Override
        public void read(long address, byte[] dst, int offset, int length) {
            if (length == 0) {
                return;
            }
            locate(address, length, false, true).get(0, dst, offset, length);
        }

        @Override
        public byte[] read(long address, int length) {
            if (length < 0) {
                throw new IllegalArgumentException("negative length " + length);
            }
            if (length > 0) {
                locate(address, length, false, true); // checks the range before the copy is allocated
            }
            byte[] out = new byte[length];
            read(address, out, 0, length);
            return out;
        }

        @Override
        public void write(long address, byte[] src, int offset, int length) {
            if (length == 0) {
                return;
            }
            locate(address, length, true, true).put(0, src, offset, length);
        }

        @Override
        public long readInt(long address, int size) {
            return get(locate(address, size, false, true), size);
        }

        @Override
        public void writeInt(long address, int size, long value) {
            put(locate(address, size, true, true), size, value);
        }

        @Override
        public void stop(long r0) {
            stopped = true;
            stopValue = r0;
        }
    }
}
