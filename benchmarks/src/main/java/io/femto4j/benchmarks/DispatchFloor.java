package io.femto4j.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The least a switch interpreter can do on {@code fletcher32.bin}: an experiment that bounds what any
 * interpreter written this way can reach on the JVM, measured by {@link DispatchFloorBenchmark} beside
 * femto4j's {@code Vm}.
 *
 * <p>It knows only the 20 opcodes {@code fletcher32.bin} uses, has no instruction budget, no faults (a bad access
 * throws), no calls and one memory region, and it reads each instruction's registers and constants from its
 * code as every interpreter must. What it varies is how many instructions one dispatch runs: one
 * ({@link Fusion#NONE}), or fixed sequences of opcodes (whatever their registers) run by one handler each:
 * the four pairs of the word loop, the loop as two quads, or the loop's whole body of eight.
 */
final class DispatchFloor {

    /** How many instructions of the word loop one dispatch runs. */
    enum Fusion {
        /** One instruction per dispatch. */
        NONE(0),
        /** The loop's four pairs: 2 per dispatch. */
        PAIRS(PAIR_LOAD, new int[] {LDXH, ADD32_R}, new int[] {ADD_I, MOV32_R}, new int[] {ADD32_R, ADD_I},
                new int[] {MOV32_R, JLT_R}),
        /** The loop as two quads: 4 per dispatch. */
        QUADS(QUAD_LOAD, new int[] {LDXH, ADD32_R, ADD_I, MOV32_R}, new int[] {ADD32_R, ADD_I, MOV32_R, JLT_R}),
        /** The loop's body of eight: one dispatch per iteration. */
        LOOP(BODY, new int[] {LDXH, ADD32_R, ADD_I, MOV32_R, ADD32_R, ADD_I, MOV32_R, JLT_R});

        /** The op of the handler of {@code sequences[0]}; the others follow it. */
        final int firstOp;
        /** Opcode sequences, each run by one handler. */
        final int[][] sequences;

        Fusion(int firstOp, int[]... sequences) {
            this.firstOp = firstOp;
            this.sequences = sequences;
        }
    }

    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long M32 = 0xffffffffL;
    private static final long MIN = Long.MIN_VALUE;

    // Internal ops, one per eBPF opcode the program uses, numbered densely for the switch.
    private static final int EXIT = 0, MOV32_I = 1, JLT_I = 2, RSH_I = 3, MOV_R = 4, MOV_I = 5, LDXH = 6,
            ADD32_R = 7, ADD_I = 8, MOV32_R = 9, JLT_R = 10, RSH32_I = 11, AND32_I = 12, SUB_R = 13, LSH_I = 14,
            ADD_R = 15, JEQ_I = 16, JA = 17, MUL32_I = 18, OR32_R = 19;
    // Handlers of the fused sequences (see Fusion).
    private static final int PAIR_LOAD = 20, PAIR_ADD_MOV = 21, PAIR_ADD32_ADD = 22, PAIR_MOV_JLT = 23,
            QUAD_LOAD = 24, QUAD_JLT = 25, BODY = 26;
    /** eBPF opcode of each internal op, by index. */
    private static final int[] OPCODES = {0x95, 0xb4, 0xa5, 0x77, 0xbf, 0xb7, 0x69, 0x0c, 0x07, 0xbc, 0xad, 0x74,
            0x54, 0x1f, 0x67, 0x0f, 0x15, 0x05, 0x24, 0x4c};

    /** One word per slot: op in bits 0-7, dst 8-11, src 12-15, offset 16-31, imm 32-63 (the VM's layout). */
    private final long[] code;

    private DispatchFloor(long[] code) {
        this.code = code;
    }

    /** Decodes {@code program} (raw eBPF, 8 bytes an instruction) and fuses its sequences as {@code fusion} says. */
    static DispatchFloor of(byte[] program, Fusion fusion) {
        if (program.length % 8 != 0) {
            throw new IllegalArgumentException("program of " + program.length + " bytes is not whole instructions");
        }
        long[] code = new long[program.length / 8];
        for (int pc = 0; pc < code.length; pc++) {
            long raw = (long) I64.get(program, 8 * pc);
            int op = indexOf((int) raw & 0xff);
            if (op < 0) {
                throw new IllegalArgumentException(String.format("opcode 0x%02x at %d is not one this experiment runs",
                        (int) raw & 0xff, pc));
            }
            code[pc] = raw & ~0xffL | op; // dst, src, offset and imm sit where eBPF has them
        }
        long[] fused = code.clone();
        for (int pc = 0; pc < code.length; pc++) {
            for (int k = 0; k < fusion.sequences.length; k++) {
                if (startsAt(code, pc, fusion.sequences[k])) {
                    // Only the first slot changes, so a jump into the sequence still finds its instructions.
                    fused[pc] = code[pc] & ~0xffL | fusion.firstOp + k;
                    pc += fusion.sequences[k].length - 1;
                    break;
                }
            }
        }
        return new DispatchFloor(fused);
    }

    private static int indexOf(int opcode) {
        for (int op = 0; op < OPCODES.length; op++) {
            if (OPCODES[op] == opcode) {
                return op;
            }
        }
        return -1;
    }

    private static boolean startsAt(long[] code, int pc, int[] sequence) {
        if (pc + sequence.length > code.length) {
            return false;
        }
        for (int i = 0; i < sequence.length; i++) {
            if (((int) code[pc + i] & 0xff) != sequence[i]) {
                return false;
            }
        }
        return true;
    }

    /** Slots whose first instruction starts a fused sequence. */
    int fusedSlots() {
        return (int) Arrays.stream(code).filter(w -> ((int) w & 0xff) >= PAIR_LOAD).count();
    }

    /** Runs the program with r1 = {@code base}, the address of {@code memory}, and r2 its length; returns r0. */
    long run(byte[] memory, long base) {
        return run(code, memory, base);
    }

    private static long run(long[] code, byte[] memory, long base) {
        long[] r = new long[16];
        r[1] = base;
        r[2] = memory.length;
        int pc = 0;
        for (;;) {
            long w = code[pc++];
            int d = (int) w >>> 8 & 15;
            int s = (int) w >>> 12 & 15;
            switch ((int) w & 0xff) {
                case MOV32_I: r[d] = w >>> 32; continue;
                case JLT_I: if ((r[d] ^ MIN) < (w >> 32 ^ MIN)) pc += (short) (w >>> 16); continue;
                case RSH_I: r[d] >>>= w >> 32; continue;
                case MOV_R: r[d] = r[s]; continue;
                case MOV_I: r[d] = w >> 32; continue;
                case LDXH: ldxh(r, w, memory, base); continue;
                case ADD32_R: add32(r, w); continue;
                case ADD_I: add(r, w); continue;
                case MOV32_R: mov32(r, w); continue;
                case JLT_R: pc = jlt(r, w, pc); continue;
                case RSH32_I: r[d] = (int) r[d] >>> (int) (w >> 32) & M32; continue;
                case AND32_I: r[d] = (int) r[d] & (int) (w >> 32) & M32; continue;
                case SUB_R: r[d] -= r[s]; continue;
                case LSH_I: r[d] <<= w >> 32; continue;
                case ADD_R: r[d] += r[s]; continue;
                case JEQ_I: if (r[d] == w >> 32) pc += (short) (w >>> 16); continue;
                case JA: pc += (short) (w >>> 16); continue;
                case MUL32_I: r[d] = (int) r[d] * (int) (w >> 32) & M32; continue;
                case OR32_R: r[d] = ((int) r[d] | (int) r[s]) & M32; continue;
                case EXIT: return r[0];

                // The fused sequences: each step reads its instruction's registers and constants from its own slot.
                case PAIR_LOAD: ldxh(r, w, memory, base); add32(r, code[pc++]); continue;
                case PAIR_ADD_MOV: add(r, w); mov32(r, code[pc++]); continue;
                case PAIR_ADD32_ADD: add32(r, w); add(r, code[pc++]); continue;
                case PAIR_MOV_JLT: mov32(r, w); w = code[pc++]; pc = jlt(r, w, pc); continue;
                case QUAD_LOAD: ldxh(r, w, memory, base); add32(r, code[pc++]); add(r, code[pc++]);
                    mov32(r, code[pc++]); continue;
                case QUAD_JLT: add32(r, w); add(r, code[pc++]); mov32(r, code[pc++]); w = code[pc++];
                    pc = jlt(r, w, pc); continue;
                case BODY: ldxh(r, w, memory, base); add32(r, code[pc++]); add(r, code[pc++]); mov32(r, code[pc++]);
                    add32(r, code[pc++]); add(r, code[pc++]); mov32(r, code[pc++]); w = code[pc++];
                    pc = jlt(r, w, pc); continue;
                default:
                    throw new IllegalStateException("unknown op at " + (pc - 1));
            }
        }
    }

    // The operations of the word loop, shared by their own cases and the fused handlers (C2 inlines them).

    private static void ldxh(long[] r, long w, byte[] memory, long base) {
        r[(int) w >>> 8 & 15] = load16(memory, r[(int) w >>> 12 & 15] + (short) (w >>> 16) - base);
    }

    private static void add32(long[] r, long w) {
        int d = (int) w >>> 8 & 15;
        r[d] = (int) r[d] + (int) r[(int) w >>> 12 & 15] & M32;
    }

    private static void add(long[] r, long w) {
        r[(int) w >>> 8 & 15] += w >> 32;
    }

    private static void mov32(long[] r, long w) {
        r[(int) w >>> 8 & 15] = r[(int) w >>> 12 & 15] & M32;
    }

    /** {@code jlt} reg, reg: the next pc, {@code pc} being the slot after the jump. */
    private static int jlt(long[] r, long w, int pc) {
        if ((r[(int) w >>> 8 & 15] ^ MIN) < (r[(int) w >>> 12 & 15] ^ MIN)) {
            return pc + (short) (w >>> 16);
        }
        return pc;
    }

    private static long load16(byte[] memory, long at) {
        if (at < 0 || at > memory.length - 2) {
            throw outside(at);
        }
        return (short) I16.get(memory, (int) at) & 0xffff;
    }

    private static IllegalStateException outside(long at) {
        return new IllegalStateException("load of 2 bytes at offset " + at + " outside the input");
    }
}
