package io.femto4j.vm;

import io.femto4j.verifier.Policy;
import io.femto4j.verifier.VerifiedProgram;

import java.util.Objects;

import static io.femto4j.vm.Ops.*;
import static io.femto4j.vm.Run.I16;
import static io.femto4j.vm.Run.I32;
import static io.femto4j.vm.Run.I64;

/**
 * The interpreter. {@link #load} translates a verified program once into an internal form; the result is
 * immutable and may be shared by any number of threads, each calling {@link #run} with its own memory.
 *
 * <p>Execution model (the one the conformance suite expects): r1 and r2 as given, r10 the top of the stack frame,
 * every other register 0; a fresh zeroed stack of {@code policy.maxCallDepth()} frames of {@code policy.frameSize()}
 * bytes per run; BPF-to-BPF calls get their own frame and preserve r6 to r9; helpers take r1 to r5 and return in r0
 * (r1 to r5 keep their values). Every executed instruction counts against the run's budget. A run always ends with
 * an {@link Outcome}: faults of the program, of the helpers it calls and of the budget are all outcomes.
 */
public final class Vm {
    private static final long M32 = 0xffffffffL;

    private final VerifiedProgram program;
    private final HelperTable helpers;
    private final Sections sections;
    private final long[] code;
    private final long[] consts;
    private final String[] reasons;
    private final boolean[] helperAllowed;
    private final int frameSize;
    private final int maxDepth;
    private final int stackSize;

    // The last memory given to run() and the same plus the sections, so that a host reusing one Memory does not
    // pay for merging and re-checking on every run. Replaced as a whole, so racing threads see a consistent pair.
    private volatile MemoryPair lastMemory;

    private record MemoryPair(Memory given, Memory merged) {
    }

    private Vm(VerifiedProgram program, HelperTable helpers, Sections sections) {
        this.program = program;
        this.helpers = helpers;
        this.sections = sections;
        Policy policy = program.policy();
        helperAllowed = new boolean[helpers.size()];
        for (int i = 0; i < helperAllowed.length; i++) {
            // Asked once here, so no host predicate runs (or throws) during a run.
            helperAllowed[i] = policy.allowedHelpers().test(helpers.numberAt(i));
        }
        Translator t = new Translator(program, helpers, helperAllowed, sections);
        code = t.code;
        consts = t.consts;
        reasons = t.reasons;
        frameSize = policy.frameSize();
        maxDepth = policy.maxCallDepth();
        stackSize = policy.stackSize();
    }

    /** Loads a program without {@code .data} and {@code .rodata}. */
    public static Vm load(VerifiedProgram program, HelperTable helpers) {
        return load(program, helpers, Sections.NONE);
    }

    /**
     * Loads a program whose 0xB8/0xD8 instructions refer to {@code sections}. The section regions become part of
     * the memory of every run.
     */
    public static Vm load(VerifiedProgram program, HelperTable helpers, Sections sections) {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(helpers, "helpers");
        Objects.requireNonNull(sections, "sections");
        // Validate the sections against the stack area and each other now, not on the first run.
        Memory.of(sections.regions());
        return new Vm(program, helpers, sections);
    }

    public VerifiedProgram program() {
        return program;
    }

    public HelperTable helpers() {
        return helpers;
    }

    public Sections sections() {
        return sections;
    }

    /**
     * Runs the program once.
     *
     * @param memory regions the program may access besides its stack (and the sections it was loaded with)
     * @param r1     initial r1, by convention the address of the context
     * @param r2     initial r2, by convention its length
     * @param budget most instructions to execute, at least 1
     * @throws IllegalArgumentException if the budget is not positive, or memory overlaps the sections
     */
    public Outcome run(Memory memory, long r1, long r2, long budget) {
        Objects.requireNonNull(memory, "memory");
        if (budget <= 0) {
            throw new IllegalArgumentException("budget must be at least 1 instruction: " + budget);
        }
        Run m = new Run(this, withSections(memory), new byte[stackSize]);
        long[] r = new long[16]; // 16, not 11: register fields are 4 bits, so indexing can never go out of bounds
        r[1] = r1;
        r[2] = r2;
        r[10] = Memory.STACK_AREA_END;
        return execute(m, r, budget);
    }

    private Memory withSections(Memory memory) {
        if (sections.data() == null && sections.rodata() == null) {
            return memory;
        }
        MemoryPair last = lastMemory;
        if (last != null && last.given == memory) {
            return last.merged;
        }
        Memory merged = memory.plus(sections.regions());
        lastMemory = new MemoryPair(memory, merged);
        return merged;
    }

    Helper helperAt(int index) {
        return helpers.helperAt(index);
    }

    int helperNumber(int index) {
        return helpers.numberAt(index);
    }

    String helperName(int index) {
        return helpers.nameAt(index);
    }

    int helperIndex(int number) {
        return helpers.indexOf(number);
    }

    boolean helperAllowed(int index) {
        return helperAllowed[index];
    }

    private Outcome end(Run m, long[] r, long executed) {
        return m.fault == null ? new Outcome.Returned(r[0], executed) : new Outcome.Faulted(m.fault, executed);
    }

    private static Outcome fail(Fault fault, long executed) {
        return new Outcome.Faulted(fault, executed);
    }

    /**
     * The dispatch loop. Kept well under the JIT's 8000-byte limit on compiled methods (HotSpot's
     * DontCompileHugeMethods): rare or long operations live in {@link Run} and are called from here.
     * {@code pc} is advanced before dispatch, so a jump adds its offset to it and a fault reports {@code pc - 1}.
     */
    private Outcome execute(Run m, long[] r, long budget) {
        final long[] code = this.code;
        final long[] consts = this.consts;
        final byte[] stack = m.stack;
        final int frameSize = this.frameSize;
        int fp = stack.length; // index in stack of the current frame's top, which r10 addresses
        int depth = 0;         // frames live besides the entry function's
        long[] saved = null;   // per call: r6..r9 and the return pc
        int pc = 0;
        long left = budget;
        for (;;) {
            if (--left < 0) {
                return fail(new Fault.BudgetExhausted(pc, budget), budget);
            }
            long w = code[pc++];
            int d = (int) w >>> 8 & 15;
            int s = (int) w >>> 12 & 15;
            switch ((int) w & 0xff) {
                case NOP: continue;
                case ADD_I: r[d] += w >> 32; continue;
                case SUB_I: r[d] -= w >> 32; continue;
                case MUL_I: r[d] *= w >> 32; continue;
                case DIV_I: r[d] = Long.divideUnsigned(r[d], w >> 32); continue;
                case SDIV_I: r[d] /= w >> 32; continue;
                case MOD_I: r[d] = Long.remainderUnsigned(r[d], w >> 32); continue;
                case SMOD_I: r[d] %= w >> 32; continue;
                case OR_I: r[d] |= w >> 32; continue;
                case AND_I: r[d] &= w >> 32; continue;
                case XOR_I: r[d] ^= w >> 32; continue;
                case LSH_I: r[d] <<= w >> 32; continue;
                case RSH_I: r[d] >>>= w >> 32; continue;
                case ARSH_I: r[d] >>= w >> 32; continue;
                case MOV_I: r[d] = w >> 32; continue;
                case ADD_R: r[d] += r[s]; continue;
                case SUB_R: r[d] -= r[s]; continue;
                case MUL_R: r[d] *= r[s]; continue;
                case DIV_R: { long v = r[s]; r[d] = v == 0 ? 0 : Long.divideUnsigned(r[d], v); continue; }
                case SDIV_R: { long v = r[s]; r[d] = v == 0 ? 0 : r[d] / v; continue; }
                case MOD_R: { long v = r[s]; if (v != 0) r[d] = Long.remainderUnsigned(r[d], v); continue; }
                case SMOD_R: { long v = r[s]; if (v != 0) r[d] %= v; continue; }
                case OR_R: r[d] |= r[s]; continue;
                case AND_R: r[d] &= r[s]; continue;
                case XOR_R: r[d] ^= r[s]; continue;
                case LSH_R: r[d] <<= r[s]; continue;
                case RSH_R: r[d] >>>= r[s]; continue;
                case ARSH_R: r[d] >>= r[s]; continue;
                case MOV_R: r[d] = r[s]; continue;
                case MOVSX8: r[d] = (byte) r[s]; continue;
                case MOVSX16: r[d] = (short) r[s]; continue;
                case MOVSX32: r[d] = (int) r[s]; continue;
                case NEG: r[d] = -r[d]; continue;

                case ADD32_I: r[d] = (int) r[d] + (int) (w >> 32) & M32; continue;
                case SUB32_I: r[d] = (int) r[d] - (int) (w >> 32) & M32; continue;
                case MUL32_I: r[d] = (int) r[d] * (int) (w >> 32) & M32; continue;
                case DIV32_I: r[d] = Integer.divideUnsigned((int) r[d], (int) (w >> 32)) & M32; continue;
                case SDIV32_I: r[d] = (int) r[d] / (int) (w >> 32) & M32; continue;
                case MOD32_I: r[d] = Integer.remainderUnsigned((int) r[d], (int) (w >> 32)) & M32; continue;
                case SMOD32_I: r[d] = (int) r[d] % (int) (w >> 32) & M32; continue;
                case OR32_I: r[d] = ((int) r[d] | (int) (w >> 32)) & M32; continue;
                case AND32_I: r[d] = (int) r[d] & (int) (w >> 32) & M32; continue;
                case XOR32_I: r[d] = ((int) r[d] ^ (int) (w >> 32)) & M32; continue;
                case LSH32_I: r[d] = (int) r[d] << (int) (w >> 32) & M32; continue;
                case RSH32_I: r[d] = (int) r[d] >>> (int) (w >> 32) & M32; continue;
                case ARSH32_I: r[d] = (int) r[d] >> (int) (w >> 32) & M32; continue;
                case MOV32_I: r[d] = w >>> 32; continue;
                case ADD32_R: r[d] = (int) r[d] + (int) r[s] & M32; continue;
                case SUB32_R: r[d] = (int) r[d] - (int) r[s] & M32; continue;
                case MUL32_R: r[d] = (int) r[d] * (int) r[s] & M32; continue;
                case DIV32_R: { int v = (int) r[s]; r[d] = v == 0 ? 0 : Integer.divideUnsigned((int) r[d], v) & M32; continue; }
                case SDIV32_R: { int v = (int) r[s]; r[d] = v == 0 ? 0 : (int) r[d] / v & M32; continue; }
                case MOD32_R: { int v = (int) r[s]; r[d] = (v == 0 ? (int) r[d] : Integer.remainderUnsigned((int) r[d], v)) & M32; continue; }
                case SMOD32_R: { int v = (int) r[s]; r[d] = (v == 0 ? (int) r[d] : (int) r[d] % v) & M32; continue; }
                case OR32_R: r[d] = ((int) r[d] | (int) r[s]) & M32; continue;
                case AND32_R: r[d] = (int) r[d] & (int) r[s] & M32; continue;
                case XOR32_R: r[d] = ((int) r[d] ^ (int) r[s]) & M32; continue;
                case LSH32_R: r[d] = (int) r[d] << (int) r[s] & M32; continue;
                case RSH32_R: r[d] = (int) r[d] >>> (int) r[s] & M32; continue;
                case ARSH32_R: r[d] = (int) r[d] >> (int) r[s] & M32; continue;
                case MOV32_R: r[d] = r[s] & M32; continue;
                case MOVSX8_32: r[d] = (byte) r[s] & M32; continue;
                case MOVSX16_32: r[d] = (short) r[s] & M32; continue;
                case NEG32: r[d] = -(int) r[d] & M32; continue;
                case ZEXT16: r[d] &= 0xffff; continue;
                case ZEXT32: r[d] &= M32; continue;
                case BSWAP16: r[d] = Character.reverseBytes((char) r[d]); continue;
                case BSWAP32: r[d] = Integer.reverseBytes((int) r[d]) & M32; continue;
                case BSWAP64: r[d] = Long.reverseBytes(r[d]); continue;

                case JA: pc += (int) (w >> 32); continue;
                case JEQ_I: if (r[d] == w >> 32) pc += (short) (w >>> 16); continue;
                case JGT_I: if (Long.compareUnsigned(r[d], w >> 32) > 0) pc += (short) (w >>> 16); continue;
                case JGE_I: if (Long.compareUnsigned(r[d], w >> 32) >= 0) pc += (short) (w >>> 16); continue;
                case JSET_I: if ((r[d] & w >> 32) != 0) pc += (short) (w >>> 16); continue;
                case JNE_I: if (r[d] != w >> 32) pc += (short) (w >>> 16); continue;
                case JSGT_I: if (r[d] > w >> 32) pc += (short) (w >>> 16); continue;
                case JSGE_I: if (r[d] >= w >> 32) pc += (short) (w >>> 16); continue;
                case JLT_I: if (Long.compareUnsigned(r[d], w >> 32) < 0) pc += (short) (w >>> 16); continue;
                case JLE_I: if (Long.compareUnsigned(r[d], w >> 32) <= 0) pc += (short) (w >>> 16); continue;
                case JSLT_I: if (r[d] < w >> 32) pc += (short) (w >>> 16); continue;
                case JSLE_I: if (r[d] <= w >> 32) pc += (short) (w >>> 16); continue;
                case JEQ_R: if (r[d] == r[s]) pc += (short) (w >>> 16); continue;
                case JGT_R: if (Long.compareUnsigned(r[d], r[s]) > 0) pc += (short) (w >>> 16); continue;
                case JGE_R: if (Long.compareUnsigned(r[d], r[s]) >= 0) pc += (short) (w >>> 16); continue;
                case JSET_R: if ((r[d] & r[s]) != 0) pc += (short) (w >>> 16); continue;
                case JNE_R: if (r[d] != r[s]) pc += (short) (w >>> 16); continue;
                case JSGT_R: if (r[d] > r[s]) pc += (short) (w >>> 16); continue;
                case JSGE_R: if (r[d] >= r[s]) pc += (short) (w >>> 16); continue;
                case JLT_R: if (Long.compareUnsigned(r[d], r[s]) < 0) pc += (short) (w >>> 16); continue;
                case JLE_R: if (Long.compareUnsigned(r[d], r[s]) <= 0) pc += (short) (w >>> 16); continue;
                case JSLT_R: if (r[d] < r[s]) pc += (short) (w >>> 16); continue;
                case JSLE_R: if (r[d] <= r[s]) pc += (short) (w >>> 16); continue;
                case JEQ32_I: if ((int) r[d] == (int) (w >> 32)) pc += (short) (w >>> 16); continue;
                case JGT32_I: if (Integer.compareUnsigned((int) r[d], (int) (w >> 32)) > 0) pc += (short) (w >>> 16); continue;
                case JGE32_I: if (Integer.compareUnsigned((int) r[d], (int) (w >> 32)) >= 0) pc += (short) (w >>> 16); continue;
                case JSET32_I: if (((int) r[d] & (int) (w >> 32)) != 0) pc += (short) (w >>> 16); continue;
                case JNE32_I: if ((int) r[d] != (int) (w >> 32)) pc += (short) (w >>> 16); continue;
                case JSGT32_I: if ((int) r[d] > (int) (w >> 32)) pc += (short) (w >>> 16); continue;
                case JSGE32_I: if ((int) r[d] >= (int) (w >> 32)) pc += (short) (w >>> 16); continue;
                case JLT32_I: if (Integer.compareUnsigned((int) r[d], (int) (w >> 32)) < 0) pc += (short) (w >>> 16); continue;
                case JLE32_I: if (Integer.compareUnsigned((int) r[d], (int) (w >> 32)) <= 0) pc += (short) (w >>> 16); continue;
                case JSLT32_I: if ((int) r[d] < (int) (w >> 32)) pc += (short) (w >>> 16); continue;
                case JSLE32_I: if ((int) r[d] <= (int) (w >> 32)) pc += (short) (w >>> 16); continue;
                case JEQ32_R: if ((int) r[d] == (int) r[s]) pc += (short) (w >>> 16); continue;
                case JGT32_R: if (Integer.compareUnsigned((int) r[d], (int) r[s]) > 0) pc += (short) (w >>> 16); continue;
                case JGE32_R: if (Integer.compareUnsigned((int) r[d], (int) r[s]) >= 0) pc += (short) (w >>> 16); continue;
                case JSET32_R: if (((int) r[d] & (int) r[s]) != 0) pc += (short) (w >>> 16); continue;
                case JNE32_R: if ((int) r[d] != (int) r[s]) pc += (short) (w >>> 16); continue;
                case JSGT32_R: if ((int) r[d] > (int) r[s]) pc += (short) (w >>> 16); continue;
                case JSGE32_R: if ((int) r[d] >= (int) r[s]) pc += (short) (w >>> 16); continue;
                case JLT32_R: if (Integer.compareUnsigned((int) r[d], (int) r[s]) < 0) pc += (short) (w >>> 16); continue;
                case JLE32_R: if (Integer.compareUnsigned((int) r[d], (int) r[s]) <= 0) pc += (short) (w >>> 16); continue;
                case JSLT32_R: if ((int) r[d] < (int) r[s]) pc += (short) (w >>> 16); continue;
                case JSLE32_R: if ((int) r[d] <= (int) r[s]) pc += (short) (w >>> 16); continue;

                case LDDW: r[d] = consts[(int) (w >> 32)]; pc++; continue;

                case LDXB: { int i = m.rd(r[s] + (short) (w >>> 16), 1, pc - 1); if (i < 0) return end(m, r, budget - left); r[d] = m.rb[i] & 0xff; continue; }
                case LDXH: { int i = m.rd(r[s] + (short) (w >>> 16), 2, pc - 1); if (i < 0) return end(m, r, budget - left); r[d] = (short) I16.get(m.rb, i) & 0xffff; continue; }
                case LDXW: { int i = m.rd(r[s] + (short) (w >>> 16), 4, pc - 1); if (i < 0) return end(m, r, budget - left); r[d] = (int) I32.get(m.rb, i) & M32; continue; }
                case LDXDW: { int i = m.rd(r[s] + (short) (w >>> 16), 8, pc - 1); if (i < 0) return end(m, r, budget - left); r[d] = (long) I64.get(m.rb, i); continue; }
                case LDXSB: { int i = m.rd(r[s] + (short) (w >>> 16), 1, pc - 1); if (i < 0) return end(m, r, budget - left); r[d] = m.rb[i]; continue; }
                case LDXSH: { int i = m.rd(r[s] + (short) (w >>> 16), 2, pc - 1); if (i < 0) return end(m, r, budget - left); r[d] = (short) I16.get(m.rb, i); continue; }
                case LDXSW: { int i = m.rd(r[s] + (short) (w >>> 16), 4, pc - 1); if (i < 0) return end(m, r, budget - left); r[d] = (int) I32.get(m.rb, i); continue; }
                case STB: { int i = m.wr(r[d] + (short) (w >>> 16), 1, pc - 1); if (i < 0) return end(m, r, budget - left); m.wb[i] = (byte) (w >> 32); continue; }
                case STH: { int i = m.wr(r[d] + (short) (w >>> 16), 2, pc - 1); if (i < 0) return end(m, r, budget - left); I16.set(m.wb, i, (short) (w >> 32)); continue; }
                case STW: { int i = m.wr(r[d] + (short) (w >>> 16), 4, pc - 1); if (i < 0) return end(m, r, budget - left); I32.set(m.wb, i, (int) (w >> 32)); continue; }
                case STDW: { int i = m.wr(r[d] + (short) (w >>> 16), 8, pc - 1); if (i < 0) return end(m, r, budget - left); I64.set(m.wb, i, w >> 32); continue; }
                case STXB: { int i = m.wr(r[d] + (short) (w >>> 16), 1, pc - 1); if (i < 0) return end(m, r, budget - left); m.wb[i] = (byte) r[s]; continue; }
                case STXH: { int i = m.wr(r[d] + (short) (w >>> 16), 2, pc - 1); if (i < 0) return end(m, r, budget - left); I16.set(m.wb, i, (short) r[s]); continue; }
                case STXW: { int i = m.wr(r[d] + (short) (w >>> 16), 4, pc - 1); if (i < 0) return end(m, r, budget - left); I32.set(m.wb, i, (int) r[s]); continue; }
                case STXDW: { int i = m.wr(r[d] + (short) (w >>> 16), 8, pc - 1); if (i < 0) return end(m, r, budget - left); I64.set(m.wb, i, r[s]); continue; }

                case LDXB_FP: r[d] = stack[fp + (short) (w >>> 16)] & 0xff; continue;
                case LDXH_FP: r[d] = (short) I16.get(stack, fp + (short) (w >>> 16)) & 0xffff; continue;
                case LDXW_FP: r[d] = (int) I32.get(stack, fp + (short) (w >>> 16)) & M32; continue;
                case LDXDW_FP: r[d] = (long) I64.get(stack, fp + (short) (w >>> 16)); continue;
                case LDXSB_FP: r[d] = stack[fp + (short) (w >>> 16)]; continue;
                case LDXSH_FP: r[d] = (short) I16.get(stack, fp + (short) (w >>> 16)); continue;
                case LDXSW_FP: r[d] = (int) I32.get(stack, fp + (short) (w >>> 16)); continue;
                case STB_FP: stack[fp + (short) (w >>> 16)] = (byte) (w >> 32); continue;
                case STH_FP: I16.set(stack, fp + (short) (w >>> 16), (short) (w >> 32)); continue;
                case STW_FP: I32.set(stack, fp + (short) (w >>> 16), (int) (w >> 32)); continue;
                case STDW_FP: I64.set(stack, fp + (short) (w >>> 16), w >> 32); continue;
                case STXB_FP: stack[fp + (short) (w >>> 16)] = (byte) r[s]; continue;
                case STXH_FP: I16.set(stack, fp + (short) (w >>> 16), (short) r[s]); continue;
                case STXW_FP: I32.set(stack, fp + (short) (w >>> 16), (int) r[s]); continue;
                case STXDW_FP: I64.set(stack, fp + (short) (w >>> 16), r[s]); continue;

                case ATOMIC32:
                case ATOMIC64:
                    if (!m.atomic(w, r, pc - 1)) return end(m, r, budget - left);
                    continue;

                case CALL:
                    if (!m.call((int) (w >> 32), pc - 1, r)) return end(m, r, budget - left);
                    continue;
                case CALLX:
                    if (!m.callx(r[d], pc - 1, r)) return end(m, r, budget - left);
                    continue;
                case CALL_LOCAL: {
                    if (depth + 2 > maxDepth) {
                        return fail(new Fault.CallDepthExceeded(pc - 1, depth + 2), budget - left);
                    }
                    if (saved == null) {
                        saved = new long[5 * maxDepth];
                    }
                    int k = 5 * depth++;
                    saved[k] = r[6];
                    saved[k + 1] = r[7];
                    saved[k + 2] = r[8];
                    saved[k + 3] = r[9];
                    saved[k + 4] = pc;
                    fp -= frameSize;
                    r[10] -= frameSize;
                    pc += (int) (w >> 32);
                    continue;
                }
                case EXIT: {
                    if (depth == 0) {
                        return new Outcome.Returned(r[0], budget - left);
                    }
                    int k = 5 * --depth;
                    r[6] = saved[k];
                    r[7] = saved[k + 1];
                    r[8] = saved[k + 2];
                    r[9] = saved[k + 3];
                    pc = (int) saved[k + 4];
                    fp += frameSize;
                    r[10] += frameSize;
                    continue;
                }

                case UNKNOWN_HELPER: return fail(new Fault.UnknownHelper(pc - 1, (int) (w >> 32)), budget - left);
                case MISSING_SECTION: return fail(new Fault.MissingSection(pc - 1, w >> 32 == 0 ? ".data" : ".rodata"), budget - left);
                case INVALID: return fail(new Fault.InvalidInstruction(pc - 1, reasons[(int) (w >> 32)]), budget - left);
                default: return fail(new Fault.InvalidInstruction(pc - 1, "internal op " + ((int) w & 0xff)), budget - left);
            }
        }
    }
}
