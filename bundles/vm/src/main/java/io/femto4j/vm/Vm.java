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
public final class Vm implements Engine {
    private static final long M32 = 0xffffffffL;
    private static final long MIN = Long.MIN_VALUE;

    private final VerifiedProgram program;
    private final HelperTable helpers;
    private final Sections sections;
    /**
     * The translation without superinstructions, needed only to run a unit partially when the budget ends inside it
     * (see {@link #partial}): made then, from the program, not kept by every loaded program.
     */
    private volatile long[] code;
    private final long[] fused;
    final long[] consts;
    private final String[] reasons;
    final int[] units;
    private final boolean[] helperAllowed;
    private final int frameSize;
    private final int maxDepth;
    private final int stackSize;
    /**
     * Whether some instruction has r10 in its dst or src field. If none has, the program can reach its stack only
     * through an address it computed itself, so runs allocate the stack when it is first used (see {@link Run#stack}).
     */
    final boolean namesR10;

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
        // Asked once here, so no host predicate runs (or throws) during a run.
        helperAllowed = helpers.allowedBy(policy.allowedHelpers());
        Translator t = new Translator(program, helpers, helperAllowed, sections);
        fused = t.fused;
        consts = t.consts;
        reasons = t.reasons;
        units = t.units;
        frameSize = policy.frameSize();
        maxDepth = policy.maxCallDepth();
        stackSize = policy.stackSize();
        boolean names = false;
        for (int pc = 0; pc < program.program().size(); pc++) {
            long w = program.program().word(pc); // dst in bits 8-11, src in 12-15
            names |= (w >>> 8 & 15) == 10 || (w >>> 12 & 15) == 10;
        }
        namesR10 = names;
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

    @Override
    public Kind kind() {
        return Kind.INTERPRETER;
    }

    @Override
    public String description() {
        return "interpreter";
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
    @Override
    public Outcome run(Memory memory, long r1, long r2, long budget) {
        Objects.requireNonNull(memory, "memory");
        if (budget <= 0) {
            throw new IllegalArgumentException("budget must be at least 1 instruction: " + budget);
        }
        Run m = new Run(this, withSections(memory), stackSize, namesR10, frameSize, maxDepth, budget);
        m.startWindowsAt(r1);
        long[] r = new long[16]; // 16, not 11: register fields are 4 bits, so indexing can never go out of bounds
        r[1] = r1;
        r[2] = r2;
        r[10] = Memory.STACK_AREA_END;
        m.regs = r;
        return execute(m, r);
    }

    /** {@code memory} plus the sections, merged once per distinct memory (see {@link #lastMemory}). */
    Memory withSections(Memory memory) {
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

    // Why the dispatch loop returned to its driver. m.pc is then the slot that exited (for X_BUDGET: the unit that
    // could not be paid for), relative to the code array the loop ran.
    private static final int X_RETURN = 0, X_BUDGET = 1, X_READ = 2, X_WRITE = 3, X_CALL = 4, X_CALLX = 5,
            X_ATOMIC = 6, X_CALL_LOCAL = 7, X_UNKNOWN_HELPER = 8, X_MISSING_SECTION = 9, X_INVALID = 10, X_TRAP = 11;

    /**
     * Runs {@link #loop} and does for it everything that involves a call: helpers, atomics, refilling a memory
     * window, building outcomes. The split is for speed: a call anywhere in the dispatch loop makes HotSpot's C2
     * keep the loop's values in memory rather than registers (every register is caller-saved in its calling
     * convention), which measured 2-3 times slower per instruction. So the loop has no calls, only exits.
     *
     * <p>Budget accounting is per unit (see {@link Translator#units}): {@code m.left} is the budget minus the
     * instructions of every unit entered so far, so at slot {@code pc} of the current unit the instructions executed
     * before it are {@code budget - left - units[pc]}. When a unit does not fit in what is left, the instructions
     * that do fit are run from a copy of just that stretch of code ending in a {@link Ops#TRAP}, so the run stops
     * after exactly {@code budget} instructions.
     */
    private Outcome execute(Run m, long[] r) {
        long[] active = fused; // the program (with superinstructions), or the copied stretch of a partial unit
        int base = 0;         // slot of active[0] in the program
        long avail = 0;       // in a partial unit: the budget that was left when it started
        m.left = m.budget - units[0];
        if (m.left < 0) {
            avail = m.budget;
            active = partial(0, avail);
        }
        for (;;) {
            int exit = loop(m, active);
            int rel = m.pc;
            int pc = base + rel;
            long w = active[rel];
            // Instructions executed up to and including slot pc.
            long done = active == fused ? m.budget - m.left - units[pc] + 1
                    : m.budget - avail + instructions(active, rel);
            switch (exit) {
                case X_RETURN:
                    return new Outcome.Returned(r[0], done);
                case X_BUDGET:
                    if (m.left == 0) {
                        return new Outcome.Faulted(new Fault.BudgetExhausted(pc, m.budget), m.budget);
                    }
                    avail = m.left;
                    base = pc;
                    active = partial(pc, avail);
                    m.pc = 0;
                    continue;
                case X_TRAP:
                    return new Outcome.Faulted(new Fault.BudgetExhausted(pc, m.budget), m.budget);
                case X_READ:
                case X_WRITE: {
                    // The access missed the window and the stack; re-execute it once the window holds its region.
                    int op = Ops.op(w);
                    long address = r[exit == X_READ ? Ops.src(w) : Ops.dst(w)] + Ops.offset(w);
                    int size = op == PAIR_LOAD ? Ops.imm(w) : ACCESS_SIZE[op];
                    if (m.stackIndex(address, size) >= 0) {
                        continue; // the stack, allocated only now (see Run.stack)
                    }
                    if (!m.refill(address, size, exit == X_WRITE, pc)) {
                        return new Outcome.Faulted(m.fault, done);
                    }
                    continue;
                }
                case X_ATOMIC:
                    if (!m.atomic(w, r, pc)) {
                        return new Outcome.Faulted(m.fault, done);
                    }
                    m.pc = rel + 1;
                    continue;
                case X_CALL:
                case X_CALLX: {
                    boolean ok = exit == X_CALL ? m.call(Ops.imm(w), pc, r) : m.callx(r[Ops.dst(w)], pc, r);
                    if (!ok) {
                        return m.fault == null ? new Outcome.Returned(r[0], done) : new Outcome.Faulted(m.fault, done);
                    }
                    m.pc = rel + 1;
                    continue;
                }
                case X_CALL_LOCAL:
                    if (m.depth + 2 > maxDepth) {
                        return new Outcome.Faulted(new Fault.CallDepthExceeded(pc, m.depth + 2), done);
                    }
                    // First call of the run: allocate the frame records here, outside the loop. Then re-execute.
                    m.saved = new long[5 * maxDepth];
                    continue;
                case X_UNKNOWN_HELPER:
                    return new Outcome.Faulted(new Fault.UnknownHelper(pc, Ops.imm(w)), done);
                case X_MISSING_SECTION:
                    return new Outcome.Faulted(new Fault.MissingSection(pc, Ops.imm(w) == 0 ? ".data" : ".rodata"), done);
                default:
                    return new Outcome.Faulted(new Fault.InvalidInstruction(pc, Ops.op(w) == INVALID
                            ? reasons[Ops.imm(w)] : "internal op " + Ops.op(w)), done);
            }
        }
    }

    /** Instructions in a partial unit's stretch (see {@link #partial}) up to and including its slot {@code rel}. */
    private static long instructions(long[] stretch, int rel) {
        long count = 0;
        for (int at = 0; at <= rel; at += Ops.op(stretch[at]) == LDDW ? 2 : 1) {
            count++;
        }
        return count;
    }

    /**
     * The first {@code count} instructions from slot {@code from} (all inside one unit, so straight-line), then a
     * TRAP. Copying only this stretch keeps the cost of exhaustion proportional to a unit, not to the program.
     */
    private long[] partial(int from, long count) {
        long[] code = this.code;
        if (code == null) {
            // the translator is deterministic: the same words the loaded program was translated to
            this.code = code = new Translator(program, helpers, helperAllowed, sections).code;
        }
        int to = from;
        for (long k = 0; k < count; k++) {
            to += Ops.op(code[to]) == LDDW ? 2 : 1;
        }
        long[] part = java.util.Arrays.copyOfRange(code, from, to + 1);
        part[to - from] = Ops.word(TRAP, 0, 0, 0, 0);
        return part;
    }

    /** The second instruction's dst in a packed pair whose first one has no offset (see Translator#pack). */
    private static int w2d(long w) {
        return (int) w >>> 16 & 15;
    }

    /** The second instruction's src in such a packed pair. */
    private static int w2s(long w) {
        return (int) w >>> 20 & 15;
    }

    /** Bytes accessed by each internal load or store op; 0 for the others. */
    private static final int[] ACCESS_SIZE = new int[256];

    static {
        int[][] sizes = {{LDXB, 1}, {LDXH, 2}, {LDXW, 4}, {LDXDW, 8}, {LDXSB, 1}, {LDXSH, 2}, {LDXSW, 4},
                {STB, 1}, {STH, 2}, {STW, 4}, {STDW, 8}, {STXB, 1}, {STXH, 2}, {STXW, 4}, {STXDW, 8}};
        for (int[] e : sizes) {
            ACCESS_SIZE[e[0]] = e[1];
        }
    }

    /**
     * The dispatch loop: executes from {@code m.pc} until something needs the driver. Kept under the JIT's
     * 8000-byte limit on compiled methods (HotSpot's DontCompileHugeMethods) and free of calls (see
     * {@link #execute}). {@code pc} is advanced before dispatch, so a jump adds its offset to it and an exit
     * reports {@code pc - 1}. Loads and stores look in the last region used (the window), then in the stack;
     * anything else exits to the driver, which refills the window and runs the instruction again.
     */
    private static int loop(Run m, long[] code) {
        // A local copy of the registers whose length C2 can see: with 4-bit register fields it then drops the
        // bounds checks on every register access. Copied back at the single exit below.
        final long[] r = new long[16];
        System.arraycopy(m.regs, 0, r, 0, 16);
        int pc = m.pc;
        long left = m.left;
        int exit;
        // Nothing else is kept in locals on purpose: every local live across the loop is kept by C2 in a register
        // or spill slot for the deoptimization states of all the cases it pruned, so run state is read from m in
        // the cases that need it (an L1 load) instead of occupying registers all the time.
        run:
        for (;;) {
            long w = code[pc++];
            int d = (int) w >>> 8 & 15;
            int s = (int) w >>> 12 & 15;
            switch ((int) w & 0xff) {
                case NOP: continue;
                case ADD_I: r[d] += w >> 32; continue;
                case SUB_I: r[d] -= w >> 32; continue;
                case MUL_I: r[d] *= w >> 32; continue;
                // Unsigned 64-bit division written out (as in Hacker's Delight): Long.divideUnsigned is too large
                // for C2 to inline at a lukewarm site, and one real call in this loop costs every case dearly.
                case DIV_I: case DIV_R: case MOD_I: case MOD_R: {
                    int op = (int) w & 0xff;
                    long v = op == DIV_I || op == MOD_I ? w >> 32 : r[s];
                    long a = r[d];
                    long q;
                    if (v == 0) {
                        q = 0; // only DIV_R and MOD_R can get here: division gives 0, modulo leaves dst (below)
                    } else if (v < 0) {
                        q = (a ^ MIN) >= (v ^ MIN) ? 1 : 0;
                    } else {
                        q = (a >>> 1) / v << 1;
                        if ((a - q * v ^ MIN) >= (v ^ MIN)) {
                            q++;
                        }
                    }
                    r[d] = op == DIV_I || op == DIV_R ? q : a - q * v;
                    continue;
                }
                case SDIV_I: r[d] /= w >> 32; continue;
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
                case SDIV_R: { long v = r[s]; r[d] = v == 0 ? 0 : r[d] / v; continue; }
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
                case DIV32_I: r[d] = (r[d] & M32) / (w >>> 32); continue;
                case SDIV32_I: r[d] = (int) r[d] / (int) (w >> 32) & M32; continue;
                case MOD32_I: r[d] = (r[d] & M32) % (w >>> 32); continue;
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
                case DIV32_R: { long v = r[s] & M32; r[d] = v == 0 ? 0 : (r[d] & M32) / v; continue; }
                case SDIV32_R: { int v = (int) r[s]; r[d] = v == 0 ? 0 : (int) r[d] / v & M32; continue; }
                case MOD32_R: { long v = r[s] & M32; r[d] = v == 0 ? r[d] & M32 : (r[d] & M32) % v; continue; }
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

                case JA: pc += (int) (w >> 32); break;
                case JEQ_I: if (r[d] == w >> 32) pc += (short) (w >>> 16); break;
                case JGT_I: if ((r[d] ^ MIN) > (w >> 32 ^ MIN)) pc += (short) (w >>> 16); break;
                case JGE_I: if ((r[d] ^ MIN) >= (w >> 32 ^ MIN)) pc += (short) (w >>> 16); break;
                case JSET_I: if ((r[d] & w >> 32) != 0) pc += (short) (w >>> 16); break;
                case JNE_I: if (r[d] != w >> 32) pc += (short) (w >>> 16); break;
                case JSGT_I: if (r[d] > w >> 32) pc += (short) (w >>> 16); break;
                case JSGE_I: if (r[d] >= w >> 32) pc += (short) (w >>> 16); break;
                case JLT_I: if ((r[d] ^ MIN) < (w >> 32 ^ MIN)) pc += (short) (w >>> 16); break;
                case JLE_I: if ((r[d] ^ MIN) <= (w >> 32 ^ MIN)) pc += (short) (w >>> 16); break;
                case JSLT_I: if (r[d] < w >> 32) pc += (short) (w >>> 16); break;
                case JSLE_I: if (r[d] <= w >> 32) pc += (short) (w >>> 16); break;
                case JEQ_R: if (r[d] == r[s]) pc += (short) (w >>> 16); break;
                case JGT_R: if ((r[d] ^ MIN) > (r[s] ^ MIN)) pc += (short) (w >>> 16); break;
                case JGE_R: if ((r[d] ^ MIN) >= (r[s] ^ MIN)) pc += (short) (w >>> 16); break;
                case JSET_R: if ((r[d] & r[s]) != 0) pc += (short) (w >>> 16); break;
                case JNE_R: if (r[d] != r[s]) pc += (short) (w >>> 16); break;
                case JSGT_R: if (r[d] > r[s]) pc += (short) (w >>> 16); break;
                case JSGE_R: if (r[d] >= r[s]) pc += (short) (w >>> 16); break;
                case JLT_R: if ((r[d] ^ MIN) < (r[s] ^ MIN)) pc += (short) (w >>> 16); break;
                case JLE_R: if ((r[d] ^ MIN) <= (r[s] ^ MIN)) pc += (short) (w >>> 16); break;
                case JSLT_R: if (r[d] < r[s]) pc += (short) (w >>> 16); break;
                case JSLE_R: if (r[d] <= r[s]) pc += (short) (w >>> 16); break;
                case JEQ32_I: if ((int) r[d] == (int) (w >> 32)) pc += (short) (w >>> 16); break;
                case JGT32_I: if ((r[d] & M32) > (w >>> 32)) pc += (short) (w >>> 16); break;
                case JGE32_I: if ((r[d] & M32) >= (w >>> 32)) pc += (short) (w >>> 16); break;
                case JSET32_I: if (((int) r[d] & (int) (w >> 32)) != 0) pc += (short) (w >>> 16); break;
                case JNE32_I: if ((int) r[d] != (int) (w >> 32)) pc += (short) (w >>> 16); break;
                case JSGT32_I: if ((int) r[d] > (int) (w >> 32)) pc += (short) (w >>> 16); break;
                case JSGE32_I: if ((int) r[d] >= (int) (w >> 32)) pc += (short) (w >>> 16); break;
                case JLT32_I: if ((r[d] & M32) < (w >>> 32)) pc += (short) (w >>> 16); break;
                case JLE32_I: if ((r[d] & M32) <= (w >>> 32)) pc += (short) (w >>> 16); break;
                case JSLT32_I: if ((int) r[d] < (int) (w >> 32)) pc += (short) (w >>> 16); break;
                case JSLE32_I: if ((int) r[d] <= (int) (w >> 32)) pc += (short) (w >>> 16); break;
                case JEQ32_R: if ((int) r[d] == (int) r[s]) pc += (short) (w >>> 16); break;
                case JGT32_R: if ((r[d] & M32) > (r[s] & M32)) pc += (short) (w >>> 16); break;
                case JGE32_R: if ((r[d] & M32) >= (r[s] & M32)) pc += (short) (w >>> 16); break;
                case JSET32_R: if (((int) r[d] & (int) r[s]) != 0) pc += (short) (w >>> 16); break;
                case JNE32_R: if ((int) r[d] != (int) r[s]) pc += (short) (w >>> 16); break;
                case JSGT32_R: if ((int) r[d] > (int) r[s]) pc += (short) (w >>> 16); break;
                case JSGE32_R: if ((int) r[d] >= (int) r[s]) pc += (short) (w >>> 16); break;
                case JLT32_R: if ((r[d] & M32) < (r[s] & M32)) pc += (short) (w >>> 16); break;
                case JLE32_R: if ((r[d] & M32) <= (r[s] & M32)) pc += (short) (w >>> 16); break;
                case JSLT32_R: if ((int) r[d] < (int) r[s]) pc += (short) (w >>> 16); break;
                case JSLE32_R: if ((int) r[d] <= (int) r[s]) pc += (short) (w >>> 16); break;

                case LDDW: r[d] = m.consts[(int) (w >> 32)]; pc++; continue;

                // Checked loads and stores, one case per kind with the access size from the op (they are numbered in
                // size order), which keeps the loop under the JIT's size limit; the size tests are predictable.
                case LDXB: case LDXH: case LDXW: case LDXDW: {
                    int size = 1 << ((int) w & 0xff) - LDXB;
                    long a = r[s] + (short) (w >>> 16); byte[] b = m.rb; long x = a - m.rs;
                    if (x < 0 || x > m.rl - size) { b = m.stack; x = a - m.stackBase; if (x < 0 || x > b.length - size) { m.pc = pc - 1; exit = X_READ; break run; } }
                    r[d] = size == 2 ? (short) I16.get(b, (int) x) & 0xffff : size == 1 ? b[(int) x] & 0xff
                            : size == 4 ? (int) I32.get(b, (int) x) & M32 : (long) I64.get(b, (int) x);
                    continue;
                }
                case LDXSB: case LDXSH: case LDXSW: {
                    int size = 1 << ((int) w & 0xff) - LDXSB;
                    long a = r[s] + (short) (w >>> 16); byte[] b = m.rb; long x = a - m.rs;
                    if (x < 0 || x > m.rl - size) { b = m.stack; x = a - m.stackBase; if (x < 0 || x > b.length - size) { m.pc = pc - 1; exit = X_READ; break run; } }
                    r[d] = size == 1 ? b[(int) x] : size == 2 ? (short) I16.get(b, (int) x) : (int) I32.get(b, (int) x);
                    continue;
                }
                case STB: case STH: case STW: case STDW: case STXB: case STXH: case STXW: case STXDW: {
                    int op = (int) w & 0xff;
                    boolean fromReg = op >= STXB;
                    int size = 1 << op - (fromReg ? STXB : STB);
                    long v = fromReg ? r[s] : w >> 32;
                    long a = r[d] + (short) (w >>> 16); byte[] b = m.wb; long x = a - m.ws;
                    if (x < 0 || x > m.wl - size) { b = m.stack; x = a - m.stackBase; if (x < 0 || x > b.length - size) { m.pc = pc - 1; exit = X_WRITE; break run; } }
                    if (size == 4) I32.set(b, (int) x, (int) v);
                    else if (size == 8) I64.set(b, (int) x, v);
                    else if (size == 1) b[(int) x] = (byte) v;
                    else I16.set(b, (int) x, (short) v);
                    continue;
                }

                // Frame accesses the translator proved in bounds: r10 is END - depth * frameSize, and (int) END is
                // 0, so (int) r10 + stack.length is the frame's top as a stack index.
                case LDXB_FP: r[d] = m.stack[(int) r[10] + m.stack.length + (short) (w >>> 16)] & 0xff; continue;
                case LDXH_FP: r[d] = (short) I16.get(m.stack, (int) r[10] + m.stack.length + (short) (w >>> 16)) & 0xffff; continue;
                case LDXW_FP: r[d] = (int) I32.get(m.stack, (int) r[10] + m.stack.length + (short) (w >>> 16)) & M32; continue;
                case LDXDW_FP: r[d] = (long) I64.get(m.stack, (int) r[10] + m.stack.length + (short) (w >>> 16)); continue;
                case LDXSB_FP: r[d] = m.stack[(int) r[10] + m.stack.length + (short) (w >>> 16)]; continue;
                case LDXSH_FP: r[d] = (short) I16.get(m.stack, (int) r[10] + m.stack.length + (short) (w >>> 16)); continue;
                case LDXSW_FP: r[d] = (int) I32.get(m.stack, (int) r[10] + m.stack.length + (short) (w >>> 16)); continue;
                case STB_FP: m.stack[(int) r[10] + m.stack.length + (short) (w >>> 16)] = (byte) (w >> 32); continue;
                case STH_FP: I16.set(m.stack, (int) r[10] + m.stack.length + (short) (w >>> 16), (short) (w >> 32)); continue;
                case STW_FP: I32.set(m.stack, (int) r[10] + m.stack.length + (short) (w >>> 16), (int) (w >> 32)); continue;
                case STDW_FP: I64.set(m.stack, (int) r[10] + m.stack.length + (short) (w >>> 16), w >> 32); continue;
                case STXB_FP: m.stack[(int) r[10] + m.stack.length + (short) (w >>> 16)] = (byte) r[s]; continue;
                case STXH_FP: I16.set(m.stack, (int) r[10] + m.stack.length + (short) (w >>> 16), (short) r[s]); continue;
                case STXW_FP: I32.set(m.stack, (int) r[10] + m.stack.length + (short) (w >>> 16), (int) r[s]); continue;
                case STXDW_FP: I64.set(m.stack, (int) r[10] + m.stack.length + (short) (w >>> 16), r[s]); continue;

                case CALL_LOCAL: {
                    long[] saved = m.saved;
                    int depth = m.depth;
                    if (saved == null || depth + 2 > m.maxDepth) {
                        m.pc = pc - 1;
                        exit = X_CALL_LOCAL; break run;
                    }
                    int k = 5 * depth;
                    saved[k] = r[6];
                    saved[k + 1] = r[7];
                    saved[k + 2] = r[8];
                    saved[k + 3] = r[9];
                    saved[k + 4] = pc;
                    m.depth = depth + 1;
                    r[10] -= m.frameSize;
                    pc += (int) (w >> 32);
                    break;
                }
                case EXIT: {
                    int depth = m.depth;
                    if (depth == 0) {
                        m.pc = pc - 1;
                        exit = X_RETURN; break run;
                    }
                    long[] saved = m.saved;
                    int k = 5 * (depth - 1);
                    r[6] = saved[k];
                    r[7] = saved[k + 1];
                    r[8] = saved[k + 2];
                    r[9] = saved[k + 3];
                    pc = (int) saved[k + 4];
                    m.depth = depth - 1;
                    r[10] += m.frameSize;
                    break;
                }

                case ATOMIC32: case ATOMIC64: m.pc = pc - 1; exit = X_ATOMIC; break run;
                case CALL: m.pc = pc - 1; exit = X_CALL; break run;
                case CALLX: m.pc = pc - 1; exit = X_CALLX; break run;
                case UNKNOWN_HELPER: m.pc = pc - 1; exit = X_UNKNOWN_HELPER; break run;
                case MISSING_SECTION: m.pc = pc - 1; exit = X_MISSING_SECTION; break run;
                case PAIR_LOAD:
                case PAIR:
                case ADDI_MOV32R: case ADD32R_ADDI: case ADD32R_MOV32R: case MOVR_ADDI: case MOV32I_MOV32R:
                case LSH32I_ARSH32I: case ARSH32I_ADD32R: case MOV32R_JLTR: {
                    // Runs of pairs are executed here, one after the other, without going round the main loop.
                    for (;;) {
                        next: {
                            jumped: {
                                switch ((int) w & 0xff) {
                                    // Packed pairs: both instructions in one word (see Translator.pack), one dispatch.
                                    case ADDI_MOV32R: r[d] += w >> 32; r[w2d(w)] = r[w2s(w)] & M32; pc++; break next;
                                    case ADD32R_ADDI: r[d] = (int) r[d] + (int) r[s] & M32; r[w2d(w)] += w >> 32; pc++; break next;
                                    case ADD32R_MOV32R: r[d] = (int) r[d] + (int) r[s] & M32; r[w2d(w)] = r[w2s(w)] & M32; pc++; break next;
                                    case MOVR_ADDI: r[d] = r[s]; r[w2d(w)] += w >> 32; pc++; break next;
                                    case MOV32I_MOV32R: r[d] = w >>> 32; r[w2d(w)] = r[w2s(w)] & M32; pc++; break next;
                                    case LSH32I_ARSH32I: r[d] = (int) r[d] << ((int) w >>> 16) >> (int) (w >>> 32) & M32; pc++; break next;
                                    case ARSH32I_ADD32R: { r[d] = (int) r[d] >> (int) (w >>> 32) & M32; int d2 = w2d(w); r[d2] = (int) r[d2] + (int) r[w2s(w)] & M32; pc++; break next; }
                                    case MOV32R_JLTR:
                                        r[d] = r[s] & M32;
                                        pc++;
                                        if ((r[(int) (w >>> 32) & 15] ^ MIN) < (r[(int) (w >>> 36) & 15] ^ MIN)) pc += (short) (w >>> 16);
                                        break jumped;
                                    default: // a generic pair: first half here, second half from the next slot
                                        if (((int) w & 0xff) == PAIR_LOAD) {
                                            // First half a load: as LDXB..LDXDW, with the size in imm.
                                            int size = (int) (w >> 32);
                                            long a = r[s] + (short) (w >>> 16);
                                            byte[] b = m.rb;
                                            long x = a - m.rs;
                                            if (x < 0 || x > m.rl - size) {
                                                b = m.stack;
                                                x = a - m.stackBase;
                                                if (x < 0 || x > b.length - size) {
                                                    m.pc = pc - 1;
                                                    exit = X_READ;
                                                    break run;
                                                }
                                            }
                                            r[d] = size == 2 ? (short) I16.get(b, (int) x) & 0xffff : size == 1 ? b[(int) x] & 0xff
                                                    : size == 4 ? (int) I32.get(b, (int) x) & M32 : (long) I64.get(b, (int) x);
                                        } else switch ((short) (w >>> 16)) {
                                            // First half: its op is in the offset field, its operands where they always are.
                                            case ADD_I: r[d] += w >> 32; break;
                                            case AND_I: r[d] &= w >> 32; break;
                                            case LSH_I: r[d] <<= w >> 32; break;
                                            case RSH_I: r[d] >>>= w >> 32; break;
                                            case MOV_I: r[d] = w >> 32; break;
                                            case ADD_R: r[d] += r[s]; break;
                                            case SUB_R: r[d] -= r[s]; break;
                                            case MOV_R: r[d] = r[s]; break;
                                            case ADD32_I: r[d] = (int) r[d] + (int) (w >> 32) & M32; break;
                                            case ADD32_R: r[d] = (int) r[d] + (int) r[s] & M32; break;
                                            case MOV32_R: r[d] = r[s] & M32; break;
                                            case MOV32_I: r[d] = w >>> 32; break;
                                            default: break; // the translator pairs only the ops above
                                        }
                                }
                                // Second half, from the next slot, without a trip around the loop.
                                w = code[pc++];
                                d = (int) w >>> 8 & 15;
                                s = (int) w >>> 12 & 15;
                                switch ((int) w & 0xff) {
                                    case ADD_I: r[d] += w >> 32; break next;
                                    case AND_I: r[d] &= w >> 32; break next;
                                    case LSH_I: r[d] <<= w >> 32; break next;
                                    case RSH_I: r[d] >>>= w >> 32; break next;
                                    case MOV_I: r[d] = w >> 32; break next;
                                    case ADD_R: r[d] += r[s]; break next;
                                    case SUB_R: r[d] -= r[s]; break next;
                                    case MOV_R: r[d] = r[s]; break next;
                                    case ADD32_I: r[d] = (int) r[d] + (int) (w >> 32) & M32; break next;
                                    case ADD32_R: r[d] = (int) r[d] + (int) r[s] & M32; break next;
                                    case MOV32_R: r[d] = r[s] & M32; break next;
                                    case MOV32_I: r[d] = w >>> 32; break next;
                                    case JA: pc += (int) (w >> 32); break;
                                    case JEQ_I: if (r[d] == w >> 32) pc += (short) (w >>> 16); break;
                                    case JNE_I: if (r[d] != w >> 32) pc += (short) (w >>> 16); break;
                                    case JGT_I: if ((r[d] ^ MIN) > (w >> 32 ^ MIN)) pc += (short) (w >>> 16); break;
                                    case JLT_I: if ((r[d] ^ MIN) < (w >> 32 ^ MIN)) pc += (short) (w >>> 16); break;
                                    case JSGT_I: if (r[d] > w >> 32) pc += (short) (w >>> 16); break;
                                    case JSLT_I: if (r[d] < w >> 32) pc += (short) (w >>> 16); break;
                                    case JEQ_R: if (r[d] == r[s]) pc += (short) (w >>> 16); break;
                                    case JNE_R: if (r[d] != r[s]) pc += (short) (w >>> 16); break;
                                    case JGT_R: if ((r[d] ^ MIN) > (r[s] ^ MIN)) pc += (short) (w >>> 16); break;
                                    case JLT_R: if ((r[d] ^ MIN) < (r[s] ^ MIN)) pc += (short) (w >>> 16); break;
                                    case JGT32_I: if ((r[d] & M32) > (w >>> 32)) pc += (short) (w >>> 16); break;
                                    case JSGT32_I: if ((int) r[d] > (int) (w >> 32)) pc += (short) (w >>> 16); break;
                                    case JSLT32_I: if ((int) r[d] < (int) (w >> 32)) pc += (short) (w >>> 16); break;
                                    default: m.pc = pc - 1; exit = X_INVALID; break run; // never: the translator pairs only these
                                }
                            }
                            // A jump ended the pair: charge the unit it leads to, as the main loop does, and go on.
                            int cost = m.units[pc];
                            if ((left -= cost) < 0) {
                                left += cost;
                                m.pc = pc;
                                exit = X_BUDGET;
                                break run;
                            }
                        }
                        // If the next slot is another pair, run it right here.
                        w = code[pc];
                        if (((int) w & 0xff) < PAIR) {
                            continue run;
                        }
                        pc++;
                        d = (int) w >>> 8 & 15;
                        s = (int) w >>> 12 & 15;
                    }
                }
                case TRAP: m.pc = pc - 1; exit = X_TRAP; break run;
                default: m.pc = pc - 1; exit = X_INVALID; break run;
            }
            // Only control transfers get here: charge the unit that starts at pc, that is the instructions up to
            // and including its next control transfer (see Translator.units). Straight-line code costs nothing.
            int cost = m.units[pc];
            if ((left -= cost) < 0) {
                left += cost;
                m.pc = pc;
                exit = X_BUDGET;
                break;
            }
        }
        m.left = left;
        System.arraycopy(r, 0, m.regs, 0, 16);
        return exit;
    }
}
