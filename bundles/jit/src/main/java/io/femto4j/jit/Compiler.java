package io.femto4j.jit;

import io.femto4j.isa.Form;
import io.femto4j.isa.Instruction;
import io.femto4j.isa.Op;
import io.femto4j.isa.Program;
import io.femto4j.verifier.VerifiedProgram;
import io.femto4j.vm.EngineRun;
import io.femto4j.vm.Memory;
import io.femto4j.vm.Region;
import io.femto4j.vm.Sections;
import io.femto4j.vm.Vm;
import org.objectweb.asm.ClassTooLargeException;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.MethodVisitor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.objectweb.asm.Opcodes.*;

/**
 * Translates a verified program into one class: per eBPF function a static "fast" method and a static "step"
 * method. Registers are JVM locals ({@code long}); r10 is computed from the call depth, which is a parameter.
 *
 * <p>Budget, exactly as the interpreter counts it (see {@code Vm.execute}): the program is cut into units, each the
 * instructions from a slot up to and including the next control transfer (jump, local call, exit); entering a unit
 * over a control-flow edge (or at the start of a function) charges all of it at once. A fault inside a unit then
 * reports {@code budget - left - (instructions of the unit after the faulting one)}, a compile-time constant per
 * slot. When a unit does not fit in what is left, the fast method hands its live registers (see {@code liveIn}) to
 * the step method of its function, which runs the same instructions one at a time with a check before each, so that exactly the budget's
 * worth run (with their side effects and faults) and {@code BudgetExhausted} names the slot that would have run next.
 *
 * <p>Local calls are JVM calls of the callee's fast method with depth + 1: r0 to r9 go over in {@link JitRun#regs()},
 * r0 to r5 come back (the callee's r6 to r9 are dropped, so the caller's are preserved), the budget in
 * {@link JitRun#left}. Helper calls, atomics, memory lookups and faults go through {@link JitRun} to the
 * interpreter's own code ({@link EngineRun}).
 *
 * <p>Counted loops ({@link CountedLoop}): a loop that is one unit, whose back edge compares a register stepped by a
 * constant with a loop-invariant bound and whose memory accesses are at loop-invariant or stepped registers plus
 * constants, is written three times. Its first iteration runs as any unit; its back edge then computes the exact
 * number of iterations left and whether every access of them stays in the current read or write window
 * ({@code FunctionWriter.trips} and {@code window}, bytecode for the loop's kind and step). When both are known and
 * the budget covers them, it charges them at once and runs them as a JVM counted loop (an int from 0 to the count,
 * array indexes linear in it) with no budget, window or exit test inside, which C2 unrolls and strips of bounds
 * checks. Otherwise the third copy, the general loop, runs as without counted loops. Nothing in such a body can
 * fault or end the run, so charging all its iterations up front is exact.
 */
final class Compiler {
    /**
     * The class, or null and why not. A compiled program's summary is kept as numbers ({@link #reason()} spells it
     * out): its engine keeps them for its description for as long as its container is installed.
     */
    record Result(byte[] code, String failure, int functions, int bytecodeBytes, int uncheckedAccesses,
                  int countedLoops) {
        Result(String failure) {
            this(null, failure, 0, 0, 0, 0);
        }

        String reason() {
            return code == null ? failure : summary(functions, bytecodeBytes, uncheckedAccesses, countedLoops);
        }

        static String summary(int functions, int bytecodeBytes, int uncheckedAccesses, int countedLoops) {
            return functions + " function(s), " + bytecodeBytes + " bytes of bytecode, " + uncheckedAccesses
                    + " unchecked stack access(es), " + countedLoops + " counted loop(s)";
        }
    }

    private static final String CLASS = "io/femto4j/jit/CompiledProgram";
    private static final String RUN = "io/femto4j/jit/JitRun";
    private static final String RUN_DESC = "L" + RUN + ";";
    private static final String ALU = "io/femto4j/jit/Alu";
    private static final String FN_DESC = "(" + RUN_DESC + "I)Z";
    private static final long M32 = 0xffffffffL;

    // Local variable slots of every generated function method.
    private static final int C = 0, DEPTH = 1, R0 = 2, LEFT = 24, FRAME_TOP = 26, STACK = 27, TMP = 28, INDEX = 29;
    /** Their types, in frame form (a long is one entry): c, depth, r0 to r10, left, frame top, stack, tmp, index. */
    private static final Object[] FRAME_LOCALS = {RUN, INTEGER, LONG, LONG, LONG, LONG, LONG, LONG, LONG, LONG,
            LONG, LONG, LONG, LONG, INTEGER, "[B", INTEGER, LONG};
    /**
     * More locals of a method with counted loops: the iteration and the trip count, the read and write windows'
     * bytes, two longs for the guards' arithmetic, and from {@code BASES} on the window index of each memory base of
     * the loop running.
     */
    private static final int ITERATION = 31, TRIPS = 32, READS = 33, WRITES = 34, V = 35, B = 37, BASES = 39;

    private final Vm vm;
    private final VerifiedProgram verified;
    private final Program program;
    private final int n;
    private final int frameSize;
    private final int maxDepth;
    private final Sections sections;

    private int[] units;
    /**
     * Per slot, the registers r0 to r9 (bit i for ri) whose value at that slot may still be read: only those are
     * handed to a step method or out of an exit, so that HotSpot sees the others as dead in the generated code
     * (every register a method reads anywhere later is otherwise kept alive, in a CPU register or a spill slot,
     * through all of it).
     */
    private int[] liveIn;
    /** Whether function 0 is only entered by {@code run} (no local call targets it): it then starts from constants. */
    private boolean entryOnly;
    private boolean[] edge;
    private boolean[] secondHalf;
    private final List<Integer> starts = new ArrayList<>();
    private int[] functionOf;
    /** Whether some load or store is compiled without a check, into the stack array (then methods fetch it). */
    private boolean provenAccesses;
    /** Loads and stores compiled without a check (counted in the fast methods only). */
    private int unchecked;

    Compiler(Vm vm) {
        this.vm = vm;
        this.verified = vm.program();
        this.program = verified.program();
        this.n = program.size();
        this.frameSize = verified.policy().frameSize();
        this.maxDepth = verified.policy().maxCallDepth();
        this.sections = vm.sections();
    }

    Result compile() {
        String why = analyse();
        if (why != null) {
            return new Result(why);
        }
        // Counted loops copy their bodies twice more: a function they make too large is written again without them
        // (rare, so the class is written once in the common case).
        Set<Integer> withoutLoops = new HashSet<>();
        while (true) {
            unchecked = 0;
            Result result = generate(withoutLoops);
            if (result != null) {
                return result;
            }
        }
    }

    /** The class, or null after adding to {@code withoutLoops} a function that is too large with its loops. */
    private Result generate(Set<Integer> withoutLoops) {
        // Frames are written by hand (see FunctionWriter.label): every local has one type for the whole method, so
        // one frame fits every branch target, and ASM's frame computation (most of the generation time) is not needed.
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(V17, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, CLASS, null, "java/lang/Object",
                new String[] {"io/femto4j/jit/CompiledCode"});
        MethodVisitor init = cw.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(ALOAD, 0);
        init.visitMethodInsn(INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        MethodVisitor run = cw.visitMethod(ACC_PUBLIC, "run", "(" + RUN_DESC + ")Z", null, null);
        run.visitCode();
        if (!entryOnly) {
            // Function 0 is also a callee: it takes its registers from, and returns them in, JitRun.regs.
            for (int r = 1; r <= 2; r++) {
                run.visitVarInsn(ALOAD, 1);
                run.visitMethodInsn(INVOKEVIRTUAL, RUN, "regs", "()[J", false);
                run.visitInsn(ICONST_0 + r);
                run.visitVarInsn(ALOAD, 1);
                run.visitFieldInsn(GETFIELD, RUN, "r" + r, "J");
                run.visitInsn(LASTORE);
            }
        }
        run.visitVarInsn(ALOAD, 1);
        run.visitInsn(ICONST_0);
        run.visitMethodInsn(INVOKESTATIC, CLASS, fast(0), FN_DESC, false);
        if (!entryOnly) {
            run.visitInsn(DUP);
            Label failed = new Label();
            run.visitJumpInsn(IFEQ, failed);
            run.visitVarInsn(ALOAD, 1);
            run.visitVarInsn(ALOAD, 1);
            run.visitMethodInsn(INVOKEVIRTUAL, RUN, "regs", "()[J", false);
            run.visitInsn(ICONST_0);
            run.visitInsn(LALOAD);
            run.visitFieldInsn(PUTFIELD, RUN, "r0", "J");
            run.visitLabel(failed);
            run.visitFrame(F_NEW, 2, new Object[] {CLASS, RUN}, 1, new Object[] {INTEGER});
        }
        run.visitInsn(IRETURN);
        run.visitMaxs(0, 0);
        run.visitEnd();
        int total = 0;
        int counted = 0;
        for (int k = 0; k < starts.size(); k++) {
            int k2 = k;
            boolean withLoops = hasLoops(k) && !withoutLoops.contains(k);
            FunctionWriter fast = new FunctionWriter(cw, k, false, withLoops);
            fast.counting = true;
            int size = fast.write();
            if (size > Jit.MAX_METHOD_BYTES && withLoops) {
                withoutLoops.add(k);
                return null;
            }
            if (size > Jit.MAX_METHOD_BYTES) {
                return new Result("function at slot " + starts.get(k) + " compiles to " + size
                        + " bytes of bytecode, more than the " + Jit.MAX_METHOD_BYTES + " HotSpot compiles");
            }
            total += size;
            if (withLoops) {
                counted += (int) loops.keySet().stream().filter(pc -> functionOf[pc] == k2).count();
            }
            new FunctionWriter(cw, k, true, false).write();
        }
        cw.visitEnd();
        try {
            return new Result(cw.toByteArray(), null, starts.size(), total, unchecked, counted);
        } catch (MethodTooLargeException | ClassTooLargeException e) {
            return new Result("too large for the JVM: " + e.getMessage());
        }
    }

    private boolean hasLoops(int k) {
        return loops.keySet().stream().anyMatch(pc -> functionOf[pc] == k);
    }

    private static String fast(int k) {
        return "f" + k;
    }

    private static String step(int k) {
        return "s" + k;
    }

    private static boolean isTransfer(Op op) {
        return op.isJump() || op == Op.CALL_LOCAL || op == Op.EXIT;
    }

    private static boolean endsFlow(Op op) {
        return op == Op.JA || op == Op.JA32 || op == Op.EXIT;
    }

    private int target(int pc, Instruction in) {
        Op op = in.op();
        long rel = op.form() == Form.JA32 || op == Op.CALL_LOCAL ? in.imm() : in.offset();
        long t = pc + 1 + rel;
        return t < 0 || t >= n ? -1 : (int) t;
    }

    /**
     * Finds functions, units and edges; returns why the program is left to the interpreter, or null. Everything the
     * interpreter's translator would turn into an {@code InvalidInstruction} word is such a reason, so compiled
     * programs have the interpreter's units exactly.
     */
    private String analyse() {
        if (n == 0) {
            return "empty program";
        }
        secondHalf = new boolean[n];
        edge = new boolean[n];
        units = new int[n];
        functionOf = new int[n];
        for (int pc = 0; pc < n; pc++) {
            if (pc == 0 || verified.isFunctionStart(pc)) {
                starts.add(pc);
            }
            functionOf[pc] = starts.size() - 1;
        }
        for (int start : starts) {
            edge[start] = true;
        }
        for (int pc = 0; pc < n; ) {
            Instruction in = program.get(pc);
            Op op = in.op();
            if (op == Op.WIDE_HI) {
                return "slot " + pc + " is the second half of a 64-bit load without its first";
            }
            if (op.writesDst() && in.dst() == 10) {
                return "slot " + pc + " writes r10";
            }
            if (op.form() == Form.ATOMIC && in.src() == 10 && (in.imm() & 1) != 0 && in.imm() != 0xf1) {
                return "slot " + pc + " writes r10";
            }
            if (!supported(op)) {
                return "slot " + pc + ": " + op.mnemonic() + " is not implemented";
            }
            Form form = op.form();
            if (form == Form.LOAD && isProvenStack(pc, in.src(), in.offset(), op.accessSize())
                    || (form == Form.STORE_IMM || form == Form.STORE_REG)
                    && isProvenStack(pc, in.dst(), in.offset(), op.accessSize())) {
                provenAccesses = true;
            }
            if (op.isJump() || op == Op.CALL_LOCAL) {
                int t = target(pc, in);
                if (t < 0 || program.get(t).op() == Op.WIDE_HI) {
                    return "slot " + pc + " jumps outside the program or into a 64-bit load";
                }
                if (op == Op.CALL_LOCAL ? !verified.isFunctionStart(t) : functionOf[t] != functionOf[pc]) {
                    return "slot " + pc + " jumps into another function";
                }
                edge[t] = true;
            }
            if (op == Op.CALL && EngineRun.helperIndex(vm, in.imm()) == -2) {
                return "slot " + pc + " calls a helper its policy does not allow";
            }
            int next = pc + (op.isWide() ? 2 : 1);
            if (op.isWide()) {
                if (next > n) {
                    return "slot " + pc + " is a truncated 64-bit load";
                }
                secondHalf[pc + 1] = true;
            }
            if (!endsFlow(op)) {
                if (next >= n || functionOf[next] != functionOf[pc]) {
                    return "execution can run off the end of the function at slot " + pc;
                }
                if (isTransfer(op)) {
                    edge[next] = true;
                }
            }
            pc = next;
        }
        for (int pc = n - 1; pc >= 0; pc--) {
            if (secondHalf[pc]) {
                continue;
            }
            Op op = program.get(pc).op();
            units[pc] = isTransfer(op) ? 1 : 1 + units[pc + (op.isWide() ? 2 : 1)];
        }
        for (int pc = 0; pc < n; pc++) {
            if (edge[pc] && secondHalf[pc]) {
                return "slot " + pc + " is reached in the middle of a 64-bit load";
            }
        }
        entryOnly = true;
        for (int pc = 0; pc < n; pc++) {
            if (!secondHalf[pc] && program.get(pc).op() == Op.CALL_LOCAL && target(pc, program.get(pc)) == 0) {
                entryOnly = false;
            }
        }
        liveness();
        findCountedLoops();
        return null;
    }

    /**
     * One memory base of a counted loop: register {@code reg}, read through the read window or written through the
     * write window, with every access of the loop through it at {@code [reg + lo, reg + hi)} in its first iteration
     * (offsets include the register's increment when the access follows it).
     */
    private record Base(int reg, boolean write, int lo, int hi) {
    }

    /**
     * A single-unit loop from {@code head} to its conditional back edge at {@code jump} that the fast method runs as
     * a JVM counted loop when its guards hold (kinds in {@link Loops}): the back edge compares {@code iv}, whose only
     * change in the body is adding {@code step}, with a loop-invariant bound ({@code boundReg}, or the immediate
     * when it is -1), and every load and store is into the proven stack or at a loop-invariant or induction register
     * plus a constant. {@code strides} holds each register's change per iteration (0 for loop-invariant ones, which
     * is what every base register is); {@code access} maps the slot of each checked access to its index in
     * {@code bases} and {@code delta}, its offset from the base's lowest access.
     */
    private record CountedLoop(int head, int jump, int kind, int iv, long step, int boundReg, long boundImm,
                               long[] strides, List<Base> bases, Map<Integer, int[]> access) {
        boolean reads() {
            return bases.stream().anyMatch(b -> !b.write());
        }

        boolean writes() {
            return bases.stream().anyMatch(Base::write);
        }
    }

    /** Counted loops by the slot of their back edge. */
    private final Map<Integer, CountedLoop> loops = new LinkedHashMap<>();
    /** Largest stride of an induction register used to address memory in a counted loop (see FunctionWriter.window). */
    private static final long MAX_ACCESS_STRIDE = 1 << 16;
    /** Largest body of a loop compiled twice more as a counted loop. */
    private static final int MAX_LOOP_BODY = 64;

    private void findCountedLoops() {
        for (int pc = 0; pc < n; pc++) {
            if (secondHalf[pc]) {
                continue;
            }
            CountedLoop loop = countedLoop(pc);
            if (loop != null) {
                loops.put(pc, loop);
            }
        }
    }

    /**
     * The comparison of conditional jump {@code op}, read from its name (J + comparison + 64_/32_ + IMM/REG): EQ,
     * NE, SET, GT, GE, LT, LE (unsigned), SGT, SGE, SLT, SLE.
     */
    private static String comparison(Op op) {
        String name = op.name();
        return name.substring(1, name.indexOf(compares32(op) ? "32_" : "64_"));
    }

    /** Whether conditional jump {@code op} compares the low 32 bits (JMP32). */
    private static boolean compares32(Op op) {
        return op.name().contains("32_");
    }

    /** The counted loop whose back edge is at {@code jump}, or null. */
    private CountedLoop countedLoop(int jump) {
        Instruction j = program.get(jump);
        Op op = j.op();
        if (op.form() != Form.JUMP_IMM && op.form() != Form.JUMP_REG) {
            return null;
        }
        int head = target(jump, j);
        if (head > jump || jump - head > MAX_LOOP_BODY) {
            return null;
        }
        // The body: one unit, straight-line code without calls, atomics or a section that is missing.
        int[] writes = new int[11];
        long[] strides = new long[11];
        long[] strides32 = new long[11];
        int[] incAt = new int[11];
        for (int pc = head; pc < jump; ) {
            Instruction in = program.get(pc);
            Op o = in.op();
            switch (o.form()) {
                case ALU_IMM: case ALU_REG: case ALU_IMM_BY_OFFSET: case ALU_REG_BY_OFFSET: case UNARY: case ENDIAN:
                case LOAD: case STORE_IMM: case STORE_REG:
                    break;
                case WIDE:
                    if (o == Op.LDDW_DATA && sections.data() == null
                            || o == Op.LDDW_RODATA && sections.rodata() == null) {
                        return null;
                    }
                    break;
                default:
                    return null; // a transfer (the unit ends before the back edge), a call or an atomic
            }
            boolean noOp = (o == Op.ADD64_IMM || o == Op.SUB64_IMM) && in.imm() == 0;
            if (o.writesDst() && !noOp) {
                int d = in.dst();
                writes[d]++;
                long step = o == Op.ADD64_IMM ? in.imm() : o == Op.SUB64_IMM ? -(long) in.imm() : 0;
                strides[d] = step;
                strides32[d] = o == Op.ADD32_IMM ? in.imm() : o == Op.SUB32_IMM ? -(long) in.imm() : step;
                incAt[d] = pc;
            }
            pc += o.isWide() ? 2 : 1;
        }
        for (int r = 0; r < 11; r++) {
            if (writes[r] > 1 || writes[r] == 1 && strides[r] == 0) {
                strides[r] = Long.MIN_VALUE; // neither invariant nor an induction register
            }
        }
        // The back edge, as "iv OP bound". A 32-bit test compares the low halves, which a 32-bit add steps as well.
        boolean wide = !compares32(op);
        String cmp = comparison(op);
        long[] steps = new long[11];
        for (int r = 0; r < 11; r++) {
            steps[r] = writes[r] != 1 ? 0 : !wide ? strides32[r] : strides[r] == Long.MIN_VALUE ? 0 : strides[r];
        }
        int iv = j.dst();
        int boundReg = op.form() == Form.JUMP_REG ? j.src() : -1;
        if (boundReg >= 0 && writes[iv] == 0 && steps[boundReg] != 0) {
            iv = boundReg;
            boundReg = j.dst();
            cmp = switch (cmp) {
                case "GT" -> "LT"; case "GE" -> "LE"; case "LT" -> "GT"; case "LE" -> "GE";
                case "SGT" -> "SLT"; case "SGE" -> "SLE"; case "SLT" -> "SGT"; case "SLE" -> "SGE";
                default -> cmp;
            };
        }
        long step = steps[iv];
        if (step == 0 || boundReg >= 0 && writes[boundReg] != 0) {
            return null;
        }
        int kind;
        switch (cmp) {
            case "LT" -> kind = Loops.ULT; case "LE" -> kind = Loops.ULE;
            case "GT" -> kind = Loops.UGT; case "GE" -> kind = Loops.UGE;
            case "SLT" -> kind = Loops.SLT; case "SLE" -> kind = Loops.SLE;
            case "SGT" -> kind = Loops.SGT; case "SGE" -> kind = Loops.SGE;
            case "NE" -> kind = Loops.NE;
            default -> {
                return null; // EQ, SET: not the test of a counting loop
            }
        }
        boolean up = kind == Loops.ULT || kind == Loops.ULE || kind == Loops.SLT || kind == Loops.SLE;
        boolean down = kind == Loops.UGT || kind == Loops.UGE || kind == Loops.SGT || kind == Loops.SGE;
        if (up && step < 0 || down && step > 0) {
            return null; // moving away from the bound: it ends, if ever, by wrapping around
        }
        if (!wide) {
            kind |= Loops.LOW_HALVES;
        }
        // Memory: every access not proven is at an invariant or induction register plus a constant.
        List<Base> bases = new ArrayList<>();
        Map<Integer, int[]> access = new LinkedHashMap<>();
        Map<Integer, Integer> accessBase = new LinkedHashMap<>();
        Map<Integer, Integer> accessAt = new LinkedHashMap<>();
        for (int pc = head; pc < jump; pc += program.get(pc).op().isWide() ? 2 : 1) {
            Instruction in = program.get(pc);
            Form form = in.op().form();
            boolean write = form == Form.STORE_IMM || form == Form.STORE_REG;
            if (form != Form.LOAD && !write) {
                continue;
            }
            int base = write ? in.dst() : in.src();
            int size = in.op().accessSize();
            if (isProvenStack(pc, base, in.offset(), size)) {
                continue;
            }
            long stride = strides[base];
            if (stride == Long.MIN_VALUE || Math.abs(stride) > MAX_ACCESS_STRIDE) {
                return null;
            }
            int at = in.offset() + (stride != 0 && incAt[base] < pc ? (int) stride : 0);
            int key = base * 2 + (write ? 1 : 0);
            Integer index = accessBase.get(key);
            if (index == null) {
                index = bases.size();
                accessBase.put(key, index);
                bases.add(new Base(base, write, at, at + size));
            } else {
                Base b = bases.get(index);
                bases.set(index, new Base(base, write, Math.min(b.lo(), at), Math.max(b.hi(), at + size)));
            }
            accessAt.put(pc, at);
            access.put(pc, new int[] {index, 0});
        }
        for (Map.Entry<Integer, int[]> e : access.entrySet()) {
            e.getValue()[1] = accessAt.get(e.getKey()) - bases.get(e.getValue()[0]).lo();
        }
        return new CountedLoop(head, jump, kind, iv, step, boundReg, boundReg >= 0 ? 0 : j.imm(), strides, bases,
                access);
    }

    private static final int ALL = (1 << 10) - 1;
    private static final int ARGS = 0b111110; // r1 to r5

    private static int bit(int r) {
        return r < 10 ? 1 << r : 0; // r10 is computed, never kept
    }

    /** Registers the code generated for the instruction at {@code pc} may read (a superset is always safe). */
    private int uses(int pc) {
        Instruction in = program.get(pc);
        Op op = in.op();
        int d = bit(in.dst());
        int s = bit(in.src());
        switch (op.form()) {
            case ALU_IMM: case ALU_IMM_BY_OFFSET:
                return op == Op.MOV64_IMM || op == Op.MOV32_IMM ? 0 : d;
            case ALU_REG: case ALU_REG_BY_OFFSET:
                return op.name().startsWith("MOV") ? s : d | s;
            case UNARY: case ENDIAN: case JUMP_IMM: case STORE_IMM:
                return d;
            case JUMP_REG: case STORE_REG:
                return d | s;
            case LOAD:
                return s;
            case ATOMIC:
                return 1 | d | s;
            case CALL_HELPER:
                return ARGS;
            case CALLX:
                return ARGS | d;
            case CALL_LOCAL:
                return ALL; // the callee starts with all of the caller's registers
            case EXIT:
                return exitMask(pc);
            default:
                return 0; // WIDE, JA, JA32
        }
    }

    /** Registers the instruction at {@code pc} surely overwrites without reading (a subset is always safe). */
    private int kills(int pc) {
        Instruction in = program.get(pc);
        Op op = in.op();
        switch (op.form()) {
            case ALU_IMM: case ALU_IMM_BY_OFFSET: case ALU_REG: case ALU_REG_BY_OFFSET: case UNARY: case ENDIAN:
            case LOAD: case WIDE:
                return bit(in.dst()) & ~uses(pc);
            case CALL_HELPER: case CALLX:
                return 1;
            default:
                return 0;
        }
    }

    /** What an exit hands back: r0 out of the entry function, r0 to r5 to a caller (it continues with them). */
    private int exitMask(int pc) {
        return functionOf[pc] == 0 && entryOnly ? 1 : 0b111111;
    }

    /** Backward data flow to a fixed point: liveIn[pc] = uses | (live after it, less what it overwrites). */
    private void liveness() {
        liveIn = new int[n];
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int pc = n - 1; pc >= 0; pc--) {
                if (secondHalf[pc]) {
                    continue;
                }
                Instruction in = program.get(pc);
                Op op = in.op();
                int next = pc + (op.isWide() ? 2 : 1);
                int out = 0;
                if (!endsFlow(op) && next < n) {
                    out |= liveIn[next];
                }
                if (op.isJump()) {
                    out |= liveIn[target(pc, in)];
                }
                int live = uses(pc) | out & ~kills(pc);
                if (live != liveIn[pc]) {
                    liveIn[pc] = live;
                    changed = true;
                }
            }
        }
    }

    private boolean isProvenStack(int pc, int base, int off, int size) {
        return verified.isProvenStackAccess(pc) && base == 10 && off >= -frameSize && off + size <= 0;
    }

    private static boolean supported(Op op) {
        switch (op.form()) {
            case ALU_IMM: case ALU_REG: case ALU_IMM_BY_OFFSET: case ALU_REG_BY_OFFSET: case UNARY: case ENDIAN:
            case JA: case JA32: case JUMP_IMM: case JUMP_REG: case CALL_HELPER: case CALL_LOCAL: case CALLX: case EXIT:
            case LOAD: case STORE_IMM: case STORE_REG: case ATOMIC:
                return true;
            case WIDE:
                return op == Op.LDDW || op == Op.LDDW_DATA || op == Op.LDDW_RODATA;
            default:
                return false;
        }
    }

    /** Writes one function as a fast method or as a step method; returns its bytecode size. */
    private final class FunctionWriter {
        private final MethodVisitor mv;
        private final int k;
        private final boolean stepping;
        private final int start;
        private final int end;
        private final Label[] at = new Label[n];
        private final Label[] charged = new Label[n];
        private final Map<Integer, Label> stubs = new LinkedHashMap<>();
        private final Map<Integer, Label> ends = new LinkedHashMap<>();
        private final Map<Integer, Integer> endRest = new LinkedHashMap<>();
        private final Label returnFalse = new Label();
        private final Label common = new Label();
        private int lastFrameAt = -1;
        /** Whether counted loops get their fast version; then the method has the extra locals too. */
        private final boolean withLoops;
        private final Object[] frameLocals;
        /** The counted loop whose fast body is being written, else null. */
        private CountedLoop fastBody;
        /** Whether unchecked accesses written now count for the description (once each, in the fast method). */
        private boolean counting;

        FunctionWriter(ClassWriter cw, int k, boolean stepping, boolean withLoops) {
            this.k = k;
            this.stepping = stepping;
            this.withLoops = withLoops;
            this.start = starts.get(k);
            this.end = k + 1 < starts.size() ? starts.get(k + 1) : n;
            if (withLoops) {
                int bases = loops.values().stream().filter(l -> functionOf[l.jump()] == k)
                        .mapToInt(l -> l.bases().size()).max().orElse(0);
                List<Object> types = new ArrayList<>(List.of(FRAME_LOCALS));
                types.addAll(List.of(INTEGER, INTEGER, "[B", "[B", LONG, LONG));
                for (int b = 0; b < bases; b++) {
                    types.add(INTEGER);
                }
                frameLocals = types.toArray();
            } else {
                frameLocals = FRAME_LOCALS;
            }
            this.mv = cw.visitMethod(ACC_PRIVATE | ACC_STATIC, stepping ? step(k) : fast(k), FN_DESC, null, null);
            for (int pc = start; pc < end; pc++) {
                at[pc] = new Label();
                charged[pc] = new Label();
            }
        }

        int write() {
            mv.visitCode();
            if (k == 0 && entryOnly && !stepping) {
                // A run starts with r1 and r2 as given and every other register 0: constants HotSpot can fold.
                for (int r = 0; r < 10; r++) {
                    if (r != 1 && r != 2) {
                        mv.visitInsn(LCONST_0);
                        st(r);
                    }
                }
                for (int r = 1; r <= 2; r++) {
                    mv.visitVarInsn(ALOAD, C);
                    mv.visitFieldInsn(GETFIELD, RUN, "r" + r, "J");
                    st(r);
                }
            } else {
                loadRegisters(ALL);
            }
            // r10 = STACK_AREA_END - depth * frameSize; the frame's top as a stack index.
            lconst(Memory.STACK_AREA_END);
            loadDepth();
            mv.visitInsn(I2L);
            lconst(frameSize);
            mv.visitInsn(LMUL);
            mv.visitInsn(LSUB);
            mv.visitVarInsn(LSTORE, reg(10));
            if (provenAccesses) {
                mv.visitVarInsn(ALOAD, C);
                mv.visitMethodInsn(INVOKEVIRTUAL, RUN, "stack", "()[B", false);
                mv.visitInsn(DUP);
                mv.visitVarInsn(ASTORE, STACK);
                mv.visitInsn(ARRAYLENGTH);
                loadDepth();
                iconst(frameSize);
                mv.visitInsn(IMUL);
                mv.visitInsn(ISUB);
            } else {
                // Unused; set for the frame. Not asking for the stack lets a run that never uses it skip allocating it.
                mv.visitInsn(ACONST_NULL);
                mv.visitVarInsn(ASTORE, STACK);
                mv.visitInsn(ICONST_0);
            }
            mv.visitVarInsn(ISTORE, FRAME_TOP);
            mv.visitVarInsn(ALOAD, C);
            mv.visitFieldInsn(GETFIELD, RUN, "left", "J");
            mv.visitVarInsn(LSTORE, LEFT);
            mv.visitInsn(ICONST_0);
            mv.visitVarInsn(ISTORE, TMP);
            mv.visitInsn(LCONST_0);
            mv.visitVarInsn(LSTORE, INDEX);
            if (withLoops) {
                for (int local = ITERATION; local < BASES + frameLocals.length - FRAME_LOCALS.length - 6; local++) {
                    boolean array = local == READS || local == WRITES;
                    boolean wide = local == V || local == B;
                    mv.visitInsn(array ? ACONST_NULL : wide ? LCONST_0 : ICONST_0);
                    mv.visitVarInsn(array ? ASTORE : wide ? LSTORE : ISTORE, local);
                    if (wide) {
                        local++;
                    }
                }
            }
            if (stepping) {
                List<Integer> keys = new ArrayList<>();
                for (int pc = start; pc < end; pc++) {
                    if (edge[pc]) {
                        keys.add(pc);
                    }
                }
                Label bad = new Label();
                mv.visitVarInsn(ALOAD, C);
                mv.visitFieldInsn(GETFIELD, RUN, "stepPc", "I");
                mv.visitLookupSwitchInsn(bad, keys.stream().mapToInt(Integer::intValue).toArray(),
                        keys.stream().map(pc -> at[pc]).toArray(Label[]::new));
                label(bad);
                mv.visitVarInsn(ALOAD, C);
                iconst(-1);
                mv.visitMethodInsn(INVOKEVIRTUAL, RUN, "stepOverrun", "(I)Z", false);
                mv.visitInsn(IRETURN);
            }
            boolean fallsUncharged = false;
            for (int pc = start; pc < end; pc++) {
                if (secondHalf[pc]) {
                    continue;
                }
                Instruction in = program.get(pc);
                Op op = in.op();
                if (stepping) {
                    label(at[pc]);
                    Label ok = new Label();
                    mv.visitVarInsn(LLOAD, LEFT);
                    mv.visitInsn(LCONST_0);
                    mv.visitInsn(LCMP);
                    mv.visitJumpInsn(IFNE, ok);
                    mv.visitVarInsn(ALOAD, C);
                    iconst(pc);
                    mv.visitMethodInsn(INVOKEVIRTUAL, RUN, "exhausted", "(I)Z", false);
                    mv.visitInsn(IRETURN);
                    label(ok);
                    mv.visitVarInsn(LLOAD, LEFT);
                    mv.visitInsn(LCONST_1);
                    mv.visitInsn(LSUB);
                    mv.visitVarInsn(LSTORE, LEFT);
                    if (isTransfer(op)) {
                        // Never reached: a step method is entered only for a unit that does not fit.
                        mv.visitVarInsn(ALOAD, C);
                        iconst(pc);
                        mv.visitMethodInsn(INVOKEVIRTUAL, RUN, "stepOverrun", "(I)Z", false);
                        mv.visitInsn(IRETURN);
                        continue;
                    }
                    instruction(pc, in, 0);
                    continue;
                }
                if (edge[pc]) {
                    if (fallsUncharged) {
                        mv.visitJumpInsn(GOTO, at[pc]);
                    }
                    label(charged[pc]);
                    charge(pc);
                }
                label(at[pc]);
                boolean fallsThrough = instruction(pc, in, units[pc] - 1);
                fallsUncharged = fallsThrough && !isTransfer(op);
            }
            // Out-of-line paths, cold: budget stubs, fault and stop exits.
            for (Map.Entry<Integer, Label> e : stubs.entrySet()) {
                label(e.getValue());
                storeRegisters(liveIn[e.getKey()]);
                iconst(e.getKey());
                mv.visitVarInsn(ISTORE, TMP);
                mv.visitJumpInsn(GOTO, common);
            }
            if (!stubs.isEmpty()) {
                label(common);
                mv.visitVarInsn(ALOAD, C);
                mv.visitVarInsn(LLOAD, LEFT);
                mv.visitFieldInsn(PUTFIELD, RUN, "left", "J");
                mv.visitVarInsn(ALOAD, C);
                mv.visitVarInsn(ILOAD, TMP);
                mv.visitFieldInsn(PUTFIELD, RUN, "stepPc", "I");
                mv.visitVarInsn(ALOAD, C);
                loadDepth();
                mv.visitMethodInsn(INVOKESTATIC, CLASS, step(k), FN_DESC, false);
                mv.visitInsn(IRETURN);
            }
            for (Map.Entry<Integer, Label> e : ends.entrySet()) {
                label(e.getValue());
                mv.visitVarInsn(ALOAD, C);
                mv.visitVarInsn(LLOAD, LEFT);
                iconst(endRest.get(e.getKey()));
                mv.visitMethodInsn(INVOKEVIRTUAL, RUN, "end", "(JI)Z", false);
                mv.visitInsn(IRETURN);
            }
            label(returnFalse);
            mv.visitInsn(ICONST_0);
            mv.visitInsn(IRETURN);
            Label last = new Label();
            mv.visitLabel(last); // no frame: nothing follows
            int size = last.getOffset();
            mv.visitMaxs(0, 0);
            mv.visitEnd();
            return size;
        }

        /**
         * Places a branch target with its frame. Locals are all set at method entry and keep their types (longs for
         * registers and the budget, ints, the stack array), and no branch carries operands, so the frame is the same
         * everywhere. Labels at the same offset share one frame. Nothing is ever emitted unreachable without a label.
         */
        private void label(Label l) {
            mv.visitLabel(l);
            if (l.getOffset() != lastFrameAt) {
                mv.visitFrame(F_NEW, frameLocals.length, frameLocals, 0, null);
                lastFrameAt = l.getOffset();
            }
        }

        /** Charges the unit at {@code t}, or hands over to the step method when it does not fit. */
        private void charge(int t) {
            Label stub = stubs.computeIfAbsent(t, x -> new Label());
            mv.visitVarInsn(LLOAD, LEFT);
            lconst(units[t]);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFLT, stub);
            mv.visitVarInsn(LLOAD, LEFT);
            lconst(units[t]);
            mv.visitInsn(LSUB);
            mv.visitVarInsn(LSTORE, LEFT);
        }

        private Label endAt(int pc, int rest) {
            endRest.put(pc, rest);
            return ends.computeIfAbsent(pc, x -> new Label());
        }

        /**
         * Pushes the call depth: 0 in the entry function when only {@code run} enters it, a constant HotSpot can fold
         * (and one value fewer to keep in a register), else the parameter.
         */
        private void loadDepth() {
            if (k == 0 && entryOnly) {
                mv.visitInsn(ICONST_0);
            } else {
                mv.visitVarInsn(ILOAD, DEPTH);
            }
        }

        private int reg(int r) {
            return R0 + 2 * r;
        }

        private void ld(int r) {
            mv.visitVarInsn(LLOAD, reg(r));
        }

        private void st(int r) {
            mv.visitVarInsn(LSTORE, reg(r));
        }

        private void iconst(int v) {
            if (v >= -1 && v <= 5) {
                mv.visitInsn(ICONST_0 + v);
            } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
                mv.visitIntInsn(BIPUSH, v);
            } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
                mv.visitIntInsn(SIPUSH, v);
            } else {
                mv.visitLdcInsn(v);
            }
        }

        private void lconst(long v) {
            if (v == 0 || v == 1) {
                mv.visitInsn(v == 0 ? LCONST_0 : LCONST_1);
            } else {
                mv.visitLdcInsn(v);
            }
        }

        /** Sets the registers in {@code mask} from {@link JitRun#regs()}. */
        private void loadRegisters(int mask) {
            for (int r = 0; r < 10; r++) {
                if ((mask & 1 << r) != 0) {
                    mv.visitVarInsn(ALOAD, C);
                    mv.visitMethodInsn(INVOKEVIRTUAL, RUN, "regs", "()[J", false);
                    iconst(r);
                    mv.visitInsn(LALOAD);
                    st(r);
                }
            }
        }

        /** Puts the registers in {@code mask} into {@link JitRun#regs()}. */
        private void storeRegisters(int mask) {
            for (int r = 0; r < 10; r++) {
                if ((mask & 1 << r) != 0) {
                    mv.visitVarInsn(ALOAD, C);
                    mv.visitMethodInsn(INVOKEVIRTUAL, RUN, "regs", "()[J", false);
                    iconst(r);
                    ld(r);
                    mv.visitInsn(LASTORE);
                }
            }
        }

        private void alu(String owner, String name) {
            mv.visitMethodInsn(INVOKESTATIC, owner, name, "(JJ)J", false);
        }

        private void zext32() {
            mv.visitInsn(I2L);
            lconst(M32);
            mv.visitInsn(LAND);
        }

        /**
         * One instruction at {@code pc}; {@code rest} instructions of its unit follow it (for fault counts). False
         * when it always ends the run (then nothing may follow it without a label).
         */
        private boolean instruction(int pc, Instruction in, int rest) {
            Op op = in.op();
            int d = in.dst();
            int s = in.src();
            int imm = in.imm();
            Form form = op.form();
            switch (form) {
                case ALU_IMM: case ALU_REG: case ALU_IMM_BY_OFFSET: case ALU_REG_BY_OFFSET: case UNARY: case ENDIAN:
                    arithmetic(op, d, s, imm, form == Form.ALU_REG || form == Form.ALU_REG_BY_OFFSET);
                    return true;
                case JA: case JA32:
                    mv.visitJumpInsn(GOTO, charged[target(pc, in)]);
                    return true;
                case JUMP_IMM: case JUMP_REG: {
                    int t = target(pc, in);
                    if (t > pc) {
                        condition(op, d, s, imm, form == Form.JUMP_REG, false, charged[t]);
                        return true; // not taken: falls into the charge of the next slot's unit
                    }
                    // A loop's back edge: the test branches forward past an unconditional jump back. HotSpot puts
                    // the loop's safepoint on the backward branch, with the JVM state before it; on a GOTO that
                    // state has no comparison result on the operand stack to keep computed on every iteration.
                    Label stay = new Label();
                    condition(op, d, s, imm, form == Form.JUMP_REG, true, stay);
                    CountedLoop loop = withLoops ? loops.get(pc) : null;
                    if (loop == null) {
                        mv.visitJumpInsn(GOTO, charged[t]);
                    } else {
                        countedLoop(loop, stay);
                    }
                    label(stay);
                    return true;
                }
                case EXIT:
                    if (k == 0 && entryOnly) {
                        // Out of the run: r0 only, in a field (no register array for a run without calls).
                        mv.visitVarInsn(ALOAD, C);
                        ld(0);
                        mv.visitFieldInsn(PUTFIELD, RUN, "r0", "J");
                    } else {
                        storeRegisters(exitMask(pc));
                    }
                    mv.visitVarInsn(ALOAD, C);
                    mv.visitVarInsn(LLOAD, LEFT);
                    mv.visitFieldInsn(PUTFIELD, RUN, "left", "J");
                    mv.visitInsn(ICONST_1);
                    mv.visitInsn(IRETURN);
                    return true;
                case CALL_LOCAL:
                    localCall(pc, in, rest);
                    return true;
                case CALL_HELPER: {
                    int index = EngineRun.helperIndex(vm, imm);
                    if (index < 0) {
                        mv.visitVarInsn(ALOAD, C);
                        iconst(pc);
                        lconst(imm);
                        mv.visitVarInsn(LLOAD, LEFT);
                        iconst(rest);
                        mv.visitMethodInsn(INVOKEVIRTUAL, RUN, "unknownHelper", "(IJJI)Z", false);
                        mv.visitInsn(IRETURN);
                        return false;
                    }
                    mv.visitVarInsn(ALOAD, C);
                    iconst(index);
                    iconst(pc);
                    for (int r = 1; r <= 5; r++) {
                        ld(r);
                    }
                    mv.visitMethodInsn(INVOKEVIRTUAL, RUN, "call", "(IIJJJJJ)J", false);
                    afterCall(pc, rest);
                    return true;
                }
                case CALLX:
                    mv.visitVarInsn(ALOAD, C);
                    ld(d);
                    iconst(pc);
                    for (int r = 1; r <= 5; r++) {
                        ld(r);
                    }
                    mv.visitMethodInsn(INVOKEVIRTUAL, RUN, "callx", "(JIJJJJJ)J", false);
                    afterCall(pc, rest);
                    return true;
                case WIDE: {
                    long value = program.imm64(pc);
                    if (op != Op.LDDW) {
                        Region section = op == Op.LDDW_DATA ? sections.data() : sections.rodata();
                        if (section == null) {
                            mv.visitVarInsn(ALOAD, C);
                            iconst(pc);
                            iconst(op == Op.LDDW_DATA ? 1 : 0);
                            mv.visitVarInsn(LLOAD, LEFT);
                            iconst(rest);
                            mv.visitMethodInsn(INVOKEVIRTUAL, RUN, "missingSection", "(IZJI)Z", false);
                            mv.visitInsn(IRETURN);
                            return false;
                        }
                        value += section.start();
                    }
                    lconst(value);
                    st(d);
                    return true;
                }
                case LOAD:
                    load(pc, in, rest);
                    return true;
                case STORE_IMM: case STORE_REG:
                    store(pc, in, rest);
                    return true;
                case ATOMIC:
                    atomic(pc, in, rest);
                    return true;
                default:
                    throw new IllegalStateException("unsupported form " + form); // analyse() refused it
            }
        }

        private void afterCall(int pc, int rest) {
            st(0);
            mv.visitVarInsn(ALOAD, C);
            mv.visitFieldInsn(GETFIELD, RUN, "ended", "Z");
            mv.visitJumpInsn(IFNE, endAt(pc, rest));
        }

        private void localCall(int pc, Instruction in, int rest) {
            int t = target(pc, in);
            Label ok = new Label();
            loadDepth();
            iconst(2);
            mv.visitInsn(IADD);
            iconst(maxDepth);
            mv.visitJumpInsn(IF_ICMPLE, ok);
            mv.visitVarInsn(ALOAD, C);
            iconst(pc);
            loadDepth();
            iconst(2);
            mv.visitInsn(IADD);
            mv.visitVarInsn(LLOAD, LEFT);
            iconst(rest);
            mv.visitMethodInsn(INVOKEVIRTUAL, RUN, "callDepth", "(IIJI)Z", false);
            mv.visitInsn(IRETURN);
            label(ok);
            storeRegisters(ALL);
            mv.visitVarInsn(ALOAD, C);
            mv.visitVarInsn(LLOAD, LEFT);
            mv.visitFieldInsn(PUTFIELD, RUN, "left", "J");
            mv.visitVarInsn(ALOAD, C);
            loadDepth();
            mv.visitInsn(ICONST_1);
            mv.visitInsn(IADD);
            mv.visitMethodInsn(INVOKESTATIC, CLASS, fast(functionOf[t]), FN_DESC, false);
            mv.visitJumpInsn(IFEQ, returnFalse);
            loadRegisters(0b111111);
            mv.visitVarInsn(ALOAD, C);
            mv.visitFieldInsn(GETFIELD, RUN, "left", "J");
            mv.visitVarInsn(LSTORE, LEFT);
            // falls into the charge of the unit at the return address
        }

        /**
         * True when the access at {@code pc} needs no check: the verifier proved it (isProvenStackAccess), and the
         * encoding shows it too (r10, never written, plus a constant offset inside the frame), so that a verifier
         * bug could never turn into an index outside the stack array.
         */
        private boolean provenStack(int pc, int base, int off, int size) {
            boolean proven = isProvenStack(pc, base, off, size);
            if (proven && counting) {
                unchecked++;
            }
            return proven;
        }

        /**
         * Pushes the byte array and index of a {@code size}-byte access at {@code base + off}: the frame's stack
         * where the verifier proved it, else the run's read or write window (a miss leaves through the step that
         * ends at {@code pc}).
         */
        private void access(int pc, int base, int off, int size, int rest, boolean write) {
            int[] checked = fastBody == null ? null : fastBody.access().get(pc);
            if (checked != null) {
                // Inside the window for every iteration (FunctionWriter.window): an index linear in the iteration.
                long stride = fastBody.strides()[base];
                mv.visitVarInsn(ALOAD, write ? WRITES : READS);
                mv.visitVarInsn(ILOAD, BASES + checked[0]);
                if (checked[1] != 0) {
                    iconst(checked[1]);
                    mv.visitInsn(IADD);
                }
                if (stride != 0) {
                    mv.visitVarInsn(ILOAD, ITERATION);
                    if (stride != 1) {
                        iconst((int) stride);
                        mv.visitInsn(IMUL);
                    }
                    mv.visitInsn(IADD);
                }
                return;
            }
            if (provenStack(pc, base, off, size)) {
                mv.visitVarInsn(ALOAD, STACK);
                mv.visitVarInsn(ILOAD, FRAME_TOP);
                iconst(off);
                mv.visitInsn(IADD);
                return;
            }
            mv.visitVarInsn(ALOAD, C);
            ld(base);
            lconst(off);
            mv.visitInsn(LADD);
            iconst(size);
            iconst(pc);
            mv.visitMethodInsn(INVOKEVIRTUAL, RUN, write ? "wIdx" : "rIdx", "(JII)J", false);
            mv.visitInsn(DUP2);
            mv.visitVarInsn(LSTORE, INDEX);
            mv.visitInsn(LCONST_0);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFLT, endAt(pc, rest));
            mv.visitVarInsn(ALOAD, C);
            mv.visitFieldInsn(GETFIELD, RUN, write ? "wb" : "rb", "[B");
            mv.visitVarInsn(LLOAD, INDEX);
            mv.visitInsn(L2I);
        }

        /**
         * The rest of a counted loop after its first iteration, whose back edge was just taken: when the guards hold,
         * charges all the iterations left at once and runs them as a JVM counted loop; else the general loop.
         */
        /** Pushes the instructions of the iterations left: INDEX of them, {@code units} each. */
        private void instructionsLeft(int units) {
            mv.visitVarInsn(LLOAD, INDEX);
            lconst(units);
            mv.visitInsn(LMUL);
        }

        private void countedLoop(CountedLoop loop, Label exit) {
            Label general = new Label();
            int units = Compiler.this.units[loop.head()];
            trips(loop, general);
            // The budget covers them all: no check inside.
            mv.visitVarInsn(LLOAD, LEFT);
            instructionsLeft(units);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFLT, general);
            // Every access stays inside its window: no check inside but the JVM's own array bounds.
            for (int b = 0; b < loop.bases().size(); b++) {
                window(loop, b, general);
            }
            if (loop.reads()) {
                mv.visitVarInsn(ALOAD, C);
                mv.visitFieldInsn(GETFIELD, RUN, "rb", "[B");
                mv.visitVarInsn(ASTORE, READS);
            }
            if (loop.writes()) {
                mv.visitVarInsn(ALOAD, C);
                mv.visitFieldInsn(GETFIELD, RUN, "wb", "[B");
                mv.visitVarInsn(ASTORE, WRITES);
            }
            mv.visitVarInsn(LLOAD, LEFT);
            instructionsLeft(units);
            mv.visitInsn(LSUB);
            mv.visitVarInsn(LSTORE, LEFT);
            mv.visitVarInsn(LLOAD, INDEX);
            mv.visitInsn(L2I);
            mv.visitVarInsn(ISTORE, TRIPS);
            mv.visitVarInsn(ALOAD, C);
            mv.visitInsn(DUP);
            mv.visitFieldInsn(GETFIELD, RUN, "countedLoops", "I");
            mv.visitInsn(ICONST_1);
            mv.visitInsn(IADD);
            mv.visitFieldInsn(PUTFIELD, RUN, "countedLoops", "I");
            mv.visitInsn(ICONST_0);
            mv.visitVarInsn(ISTORE, ITERATION);
            Label top = new Label();
            label(top);
            fastBody = loop;
            body(loop);
            fastBody = null;
            mv.visitIincInsn(ITERATION, 1);
            mv.visitVarInsn(ILOAD, ITERATION);
            mv.visitVarInsn(ILOAD, TRIPS);
            mv.visitJumpInsn(IF_ICMPLT, top);
            mv.visitJumpInsn(GOTO, exit);
            // The general loop, as without counted loops.
            label(general);
            charge(loop.head());
            body(loop);
            Instruction j = program.get(loop.jump());
            condition(j.op(), j.dst(), j.src(), j.imm(), j.op().form() == Form.JUMP_REG, true, exit);
            mv.visitJumpInsn(GOTO, general);
        }

        /**
         * Leaves in INDEX the number of iterations the loop runs from here (its back edge was just taken), or jumps
         * to {@code general} when that is not known: the arithmetic of {@code LoopModel} (in the tests), written
         * out for the loop's kind and step so that nothing is left to HotSpot's inlining decisions (a call here costs
         * more than the loop saves). V and B hold the counter and the bound, in the range compared; INDEX the
         * distance.
         */
        private void trips(CountedLoop loop, Label general) {
            int kind = loop.kind() & ~Loops.LOW_HALVES;
            boolean low = (loop.kind() & Loops.LOW_HALVES) != 0;
            boolean unsigned = kind <= Loops.UGE;
            boolean down = kind == Loops.UGT || kind == Loops.UGE || kind == Loops.SGT || kind == Loops.SGE;
            long c = loop.step();
            long a = Math.abs(c);
            ld(loop.iv());
            normalise(low, unsigned);
            mv.visitVarInsn(LSTORE, V);
            if (loop.boundReg() >= 0) {
                ld(loop.boundReg());
            } else {
                lconst(loop.boundImm());
            }
            normalise(low, unsigned);
            mv.visitVarInsn(LSTORE, B);
            if (!low) {
                // In 64 bits, only values in [0 or -2^61, 2^61]: then no sum or product below overflows.
                for (int local : new int[] {V, B}) {
                    outside(local, unsigned ? 0 : -Loops.LIMIT, Loops.LIMIT, general);
                }
            }
            mv.visitVarInsn(LLOAD, down ? V : B);
            mv.visitVarInsn(LLOAD, down ? B : V);
            mv.visitInsn(LSUB);
            mv.visitVarInsn(LSTORE, INDEX);
            Label positive = new Label();
            Label known = new Label();
            switch (kind) {
                case Loops.ULT, Loops.SLT, Loops.UGT, Loops.SGT -> {
                    // The first k with the distance covered: ceil(d / a), at least 1.
                    oneUnless(IFGT, positive, known);
                    if (a != 1) {
                        mv.visitVarInsn(LLOAD, INDEX);
                        lconst(a - 1);
                        mv.visitInsn(LADD);
                        lconst(a);
                        mv.visitInsn(LDIV);
                        mv.visitVarInsn(LSTORE, INDEX);
                    }
                }
                case Loops.NE -> {
                    // The k with v + k*c == b exactly, if it is at least 1.
                    if (a != 1) {
                        mv.visitVarInsn(LLOAD, INDEX);
                        lconst(c);
                        mv.visitInsn(LREM);
                        mv.visitInsn(LCONST_0);
                        mv.visitInsn(LCMP);
                        mv.visitJumpInsn(IFNE, general);
                    }
                    if (c != 1) {
                        mv.visitVarInsn(LLOAD, INDEX);
                        lconst(c);
                        mv.visitInsn(LDIV);
                        mv.visitVarInsn(LSTORE, INDEX);
                    }
                    mv.visitVarInsn(LLOAD, INDEX);
                    mv.visitInsn(LCONST_1);
                    mv.visitInsn(LCMP);
                    mv.visitJumpInsn(IFLT, general);
                }
                default -> {
                    // Not strict: the first k past the distance, floor(d / a) + 1, at least 1.
                    oneUnless(IFGE, positive, known);
                    mv.visitVarInsn(LLOAD, INDEX);
                    if (a != 1) {
                        lconst(a);
                        mv.visitInsn(LDIV);
                    }
                    mv.visitInsn(LCONST_1);
                    mv.visitInsn(LADD);
                    mv.visitVarInsn(LSTORE, INDEX);
                }
            }
            label(known);
            mv.visitVarInsn(LLOAD, INDEX);
            lconst(Integer.MAX_VALUE);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFGT, general);
            if (kind != Loops.NE && (down && unsigned || low)) {
                // The last value, v + t*c, must not have wrapped: below 0 in unsigned, past the int range in 32 bits.
                mv.visitVarInsn(LLOAD, V);
                mv.visitVarInsn(LLOAD, INDEX);
                lconst(c);
                mv.visitInsn(LMUL);
                mv.visitInsn(LADD);
                mv.visitVarInsn(LSTORE, B);
                outside(B, unsigned ? 0 : Integer.MIN_VALUE, low ? unsigned ? M32 : Integer.MAX_VALUE : Long.MAX_VALUE,
                        general);
            }
        }

        /** INDEX = 1 and on to {@code known} unless INDEX passes {@code test} against 0, else on to {@code positive}. */
        private void oneUnless(int test, Label positive, Label known) {
            mv.visitVarInsn(LLOAD, INDEX);
            mv.visitInsn(LCONST_0);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(test, positive);
            mv.visitInsn(LCONST_1);
            mv.visitVarInsn(LSTORE, INDEX);
            mv.visitJumpInsn(GOTO, known);
            label(positive);
        }

        /** Makes the long on the stack the value a JMP32 test compares (zero- or sign-extended low half). */
        private void normalise(boolean low, boolean unsigned) {
            if (low && unsigned) {
                lconst(M32);
                mv.visitInsn(LAND);
            } else if (low) {
                mv.visitInsn(L2I);
                mv.visitInsn(I2L);
            }
        }

        /** Jumps to {@code general} when the long in {@code local} is outside {@code [min, max]}. */
        private void outside(int local, long min, long max, Label general) {
            if (min != Long.MIN_VALUE) {
                mv.visitVarInsn(LLOAD, local);
                lconst(min);
                mv.visitInsn(LCMP);
                mv.visitJumpInsn(IFLT, general);
            }
            if (max != Long.MAX_VALUE) {
                mv.visitVarInsn(LLOAD, local);
                lconst(max);
                mv.visitInsn(LCMP);
                mv.visitJumpInsn(IFGT, general);
            }
        }

        /**
         * Checks that every access through base {@code b} in the INDEX iterations left is inside its window (as
         * {@code LoopModel.window} in the tests) and sets its index local to the window index of its lowest access
         * now; else jumps to {@code general}. V holds r - window start, B the shift of the last iteration.
         */
        private void window(CountedLoop loop, int b, Label general) {
            Base base = loop.bases().get(b);
            long stride = loop.strides()[base.reg()];
            ld(base.reg());
            mv.visitVarInsn(ALOAD, C);
            mv.visitFieldInsn(GETFIELD, RUN, base.write() ? "ws" : "rs", "J");
            mv.visitInsn(LSUB);
            mv.visitVarInsn(LSTORE, V);
            outside(V, -Loops.LIMIT, Loops.LIMIT, general);
            if (stride != 0) {
                mv.visitVarInsn(LLOAD, INDEX);
                mv.visitInsn(LCONST_1);
                mv.visitInsn(LSUB);
                lconst(stride);
                mv.visitInsn(LMUL);
                mv.visitVarInsn(LSTORE, B);
            }
            // Lowest: x + lo (+ the shift when stepping down) >= 0.
            mv.visitVarInsn(LLOAD, V);
            lconst(base.lo());
            mv.visitInsn(LADD);
            if (stride < 0) {
                mv.visitVarInsn(LLOAD, B);
                mv.visitInsn(LADD);
            }
            mv.visitInsn(LCONST_0);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFLT, general);
            // Highest: x + hi (+ the shift when stepping up) <= the window's length.
            mv.visitVarInsn(LLOAD, V);
            lconst(base.hi());
            mv.visitInsn(LADD);
            if (stride > 0) {
                mv.visitVarInsn(LLOAD, B);
                mv.visitInsn(LADD);
            }
            mv.visitVarInsn(ALOAD, C);
            mv.visitFieldInsn(GETFIELD, RUN, base.write() ? "wl" : "rl", "J");
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFGT, general);
            mv.visitVarInsn(LLOAD, V);
            lconst(base.lo());
            mv.visitInsn(LADD);
            mv.visitInsn(L2I);
            mv.visitVarInsn(ISTORE, BASES + b);
        }

        /** The instructions of a counted loop's body, without its back edge. */
        private void body(CountedLoop loop) {
            boolean was = counting;
            counting = false;
            for (int pc = loop.head(); pc < loop.jump(); pc += program.get(pc).op().isWide() ? 2 : 1) {
                instruction(pc, program.get(pc), units[pc] - 1);
            }
            counting = was;
        }

        private void load(int pc, Instruction in, int rest) {
            Op op = in.op();
            int size = op.accessSize();
            boolean signed = op == Op.LDXSB || op == Op.LDXSH || op == Op.LDXSW;
            String getter = switch (size) {
                case 1 -> signed ? "s8" : "u8";
                case 2 -> signed ? "s16" : "u16";
                case 4 -> signed ? "s32" : "u32";
                default -> "u64";
            };
            access(pc, in.src(), in.offset(), size, rest, false);
            mv.visitMethodInsn(INVOKESTATIC, ALU, getter, "([BI)J", false);
            st(in.dst());
        }

        private void store(int pc, Instruction in, int rest) {
            Op op = in.op();
            int size = op.accessSize();
            access(pc, in.dst(), in.offset(), size, rest, true);
            if (op.form() == Form.STORE_IMM) {
                lconst(in.imm());
            } else {
                ld(in.src());
            }
            mv.visitMethodInsn(INVOKESTATIC, ALU, "put" + 8 * size, "([BIJ)V", false);
        }

        private void atomic(int pc, Instruction in, int rest) {
            int d = in.dst();
            int s = in.src();
            for (int r : new int[] {0, d, s}) {
                mv.visitVarInsn(ALOAD, C);
                mv.visitMethodInsn(INVOKEVIRTUAL, RUN, "hr", "()[J", false);
                iconst(r);
                ld(r);
                mv.visitInsn(LASTORE);
            }
            mv.visitVarInsn(ALOAD, C);
            iconst(in.op().accessSize() == 8 ? 1 : 0);
            iconst(d);
            iconst(s);
            iconst(in.offset());
            iconst(in.imm());
            iconst(pc);
            mv.visitMethodInsn(INVOKEVIRTUAL, RUN, "atomic", "(ZIIIII)Z", false);
            mv.visitJumpInsn(IFEQ, endAt(pc, rest));
            for (int r : s == 10 ? new int[] {0} : new int[] {0, s}) {
                mv.visitVarInsn(ALOAD, C);
                mv.visitMethodInsn(INVOKEVIRTUAL, RUN, "hr", "()[J", false);
                iconst(r);
                mv.visitInsn(LALOAD);
                st(r);
            }
        }

        /** Pushes the second operand of a 64-bit operation: r[s], or the immediate sign-extended. */
        private void operand64(boolean reg, int s, int imm) {
            if (reg) {
                ld(s);
            } else {
                lconst(imm);
            }
        }

        private void operand32(boolean reg, int s, int imm) {
            if (reg) {
                ld(s);
                mv.visitInsn(L2I);
            } else {
                iconst(imm);
            }
        }

        private void arithmetic(Op op, int d, int s, int imm, boolean reg) {
            String name = op.name();
            switch (op) {
                case NEG64: ld(d); mv.visitInsn(LNEG); st(d); return;
                case NEG32: ld(d); mv.visitInsn(L2I); mv.visitInsn(INEG); zext32(); st(d); return;
                case MOV64_IMM: lconst(imm); st(d); return;
                case MOV64_REG: ld(s); st(d); return;
                case MOV32_IMM: lconst(imm & M32); st(d); return;
                case MOV32_REG: ld(s); lconst(M32); mv.visitInsn(LAND); st(d); return;
                case MOVSX8_64: ld(s); mv.visitInsn(L2I); mv.visitInsn(I2B); mv.visitInsn(I2L); st(d); return;
                case MOVSX16_64: ld(s); mv.visitInsn(L2I); mv.visitInsn(I2S); mv.visitInsn(I2L); st(d); return;
                case MOVSX32_64: ld(s); mv.visitInsn(L2I); mv.visitInsn(I2L); st(d); return;
                case MOVSX8_32: ld(s); mv.visitInsn(L2I); mv.visitInsn(I2B); zext32(); st(d); return;
                case MOVSX16_32: ld(s); mv.visitInsn(L2I); mv.visitInsn(I2S); zext32(); st(d); return;
                case LE16: ld(d); lconst(0xffff); mv.visitInsn(LAND); st(d); return;
                case LE32: ld(d); lconst(M32); mv.visitInsn(LAND); st(d); return;
                case LE64: return;
                case BE16: case BSWAP16: ld(d); mv.visitMethodInsn(INVOKESTATIC, ALU, "bswap16", "(J)J", false); st(d); return;
                case BE32: case BSWAP32: ld(d); mv.visitMethodInsn(INVOKESTATIC, ALU, "bswap32", "(J)J", false); st(d); return;
                case BE64: case BSWAP64: ld(d); mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "reverseBytes", "(J)J", false); st(d); return;
                // Division and modulo by an immediate: zero is known now (div gives 0, mod leaves dst).
                case DIV64_IMM: if (imm == 0) { lconst(0); st(d); } else { ld(d); lconst(imm); alu("java/lang/Long", "divideUnsigned"); st(d); } return;
                case MOD64_IMM: if (imm != 0) { ld(d); lconst(imm); alu("java/lang/Long", "remainderUnsigned"); st(d); } return;
                case SDIV64_IMM: if (imm == 0) { lconst(0); st(d); } else { ld(d); lconst(imm); mv.visitInsn(LDIV); st(d); } return;
                case SMOD64_IMM: if (imm != 0) { ld(d); lconst(imm); mv.visitInsn(LREM); st(d); } return;
                case DIV32_IMM: if (imm == 0) { lconst(0); st(d); } else { ld(d); lconst(M32); mv.visitInsn(LAND); lconst(imm & M32); mv.visitInsn(LDIV); st(d); } return;
                case MOD32_IMM: ld(d); lconst(M32); mv.visitInsn(LAND); if (imm != 0) { lconst(imm & M32); mv.visitInsn(LREM); } st(d); return;
                case SDIV32_IMM: if (imm == 0) { lconst(0); st(d); } else { ld(d); mv.visitInsn(L2I); iconst(imm); mv.visitInsn(IDIV); zext32(); st(d); } return;
                case SMOD32_IMM: ld(d); mv.visitInsn(L2I); if (imm != 0) { iconst(imm); mv.visitInsn(IREM); } zext32(); st(d); return;
                case DIV64_REG: ld(d); ld(s); alu(ALU, "udiv"); st(d); return;
                case MOD64_REG: ld(d); ld(s); alu(ALU, "umod"); st(d); return;
                case SDIV64_REG: ld(d); ld(s); alu(ALU, "sdiv"); st(d); return;
                case SMOD64_REG: ld(d); ld(s); alu(ALU, "smod"); st(d); return;
                case DIV32_REG: ld(d); ld(s); alu(ALU, "udiv32"); st(d); return;
                case MOD32_REG: ld(d); ld(s); alu(ALU, "umod32"); st(d); return;
                case SDIV32_REG: ld(d); ld(s); alu(ALU, "sdiv32"); st(d); return;
                case SMOD32_REG: ld(d); ld(s); alu(ALU, "smod32"); st(d); return;
                default:
                    break;
            }
            boolean is32 = name.contains("32_");
            String kind = name.substring(0, name.indexOf(is32 ? "32_" : "64_"));
            boolean shift = kind.equals("LSH") || kind.equals("RSH") || kind.equals("ARSH");
            if (is32) {
                ld(d);
                mv.visitInsn(L2I);
                if (shift && !reg) {
                    iconst(imm & 31);
                } else {
                    operand32(reg, s, imm);
                }
                mv.visitInsn(switch (kind) {
                    case "ADD" -> IADD; case "SUB" -> ISUB; case "MUL" -> IMUL; case "OR" -> IOR; case "AND" -> IAND;
                    case "XOR" -> IXOR; case "LSH" -> ISHL; case "RSH" -> IUSHR; case "ARSH" -> ISHR;
                    default -> throw new IllegalStateException(name);
                });
                zext32();
            } else {
                ld(d);
                if (shift) {
                    if (reg) {
                        ld(s);
                        mv.visitInsn(L2I);
                    } else {
                        iconst(imm & 63);
                    }
                } else {
                    operand64(reg, s, imm);
                }
                mv.visitInsn(switch (kind) {
                    case "ADD" -> LADD; case "SUB" -> LSUB; case "MUL" -> LMUL; case "OR" -> LOR; case "AND" -> LAND;
                    case "XOR" -> LXOR; case "LSH" -> LSHL; case "RSH" -> LUSHR; case "ARSH" -> LSHR;
                    default -> throw new IllegalStateException(name);
                });
            }
            st(d);
        }

        /** A conditional jump to {@code to}, with the interpreter's comparisons; when {@code negate}, if false. */
        private void condition(Op op, int d, int s, int imm, boolean reg, boolean negate, Label to) {
            boolean is32 = compares32(op);
            String kind = comparison(op);
            boolean unsigned = kind.equals("GT") || kind.equals("GE") || kind.equals("LT") || kind.equals("LE");
            int cmp = switch (kind) {
                case "EQ" -> IFEQ; case "NE", "SET" -> IFNE; case "GT", "SGT" -> IFGT; case "GE", "SGE" -> IFGE;
                case "LT", "SLT" -> IFLT; case "LE", "SLE" -> IFLE;
                default -> throw new IllegalStateException(op.name());
            };
            if (kind.equals("SET")) {
                if (is32) {
                    ld(d);
                    mv.visitInsn(L2I);
                    operand32(reg, s, imm);
                    mv.visitInsn(IAND);
                } else {
                    ld(d);
                    operand64(reg, s, imm);
                    mv.visitInsn(LAND);
                    mv.visitInsn(LCONST_0);
                    mv.visitInsn(LCMP);
                }
                mv.visitJumpInsn(negate ? IFEQ : IFNE, to);
                return;
            }
            if (is32 && !unsigned) {
                ld(d);
                mv.visitInsn(L2I);
                operand32(reg, s, imm);
                mv.visitJumpInsn((negate ? opposite(cmp) : cmp) - IFEQ + IF_ICMPEQ, to);
                return;
            }
            if (is32) {
                // Unsigned 32-bit: both sides zero-extended, then a signed 64-bit compare is exact.
                ld(d);
                lconst(M32);
                mv.visitInsn(LAND);
                if (reg) {
                    ld(s);
                    lconst(M32);
                    mv.visitInsn(LAND);
                } else {
                    lconst(imm & M32);
                }
            } else if (unsigned) {
                // Unsigned 64-bit: flipping the sign bits turns it into a signed compare.
                ld(d);
                lconst(Long.MIN_VALUE);
                mv.visitInsn(LXOR);
                if (reg) {
                    ld(s);
                    lconst(Long.MIN_VALUE);
                    mv.visitInsn(LXOR);
                } else {
                    lconst((long) imm ^ Long.MIN_VALUE);
                }
            } else {
                ld(d);
                operand64(reg, s, imm);
            }
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(negate ? opposite(cmp) : cmp, to);
        }

        /** The IFxx opcode testing the opposite of {@code cmp}. */
        private int opposite(int cmp) {
            return switch (cmp) {
                case IFEQ -> IFNE; case IFNE -> IFEQ; case IFLT -> IFGE; case IFGE -> IFLT; case IFGT -> IFLE;
                case IFLE -> IFGT;
                default -> throw new IllegalStateException("not a comparison: " + cmp);
            };
        }
    }
}
