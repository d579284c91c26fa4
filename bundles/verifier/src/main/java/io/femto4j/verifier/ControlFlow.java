package io.femto4j.verifier;

import io.femto4j.isa.Form;
import io.femto4j.isa.Instruction;
import io.femto4j.isa.Op;

import java.util.Arrays;
import java.util.BitSet;
import java.util.function.IntUnaryOperator;

/**
 * The whole-program checks: how the program splits into functions, which paths can run past an end, and
 * what the call graph allows (no recursion, bounded depth).
 *
 * <p>Functions: slot 0 and every local-call target that follows an {@code exit} or {@code ja} start a
 * function, and a function runs up to the next start, as compilers lay them out. A call target that other
 * code can run into is inside another function, not the start of one.
 *
 * <p>Cost: every walk is iterative (explicit stacks), and each slot, call edge and function is visited a
 * bounded number of times, so the time is linear in the program size and no program can exhaust the Java stack.
 */
final class ControlFlow {

    /** Longest cycle or call chain spelled out in a message before it is abbreviated. */
    private static final int MAX_PATH_IN_MESSAGE = 9;

    private final Instruction[] slots;
    private final int n;
    private final Policy policy;
    private final Findings out;

    /** Function starts, in ascending order; {@code starts[0] == 0}. */
    private int[] starts;
    /** For each slot, the index (into {@link #starts}) of the function whose range contains it. */
    private int[] functionOf;
    /** Slots reachable from the start of their own function. */
    private final BitSet reachable;
    /** Call edges, grouped by caller: edges of function f are {@code edgeFrom[f] .. edgeFrom[f + 1] - 1}. */
    private int[] edgeFrom;
    private int[] edgeCallee;
    private int[] edgeSite;
    private boolean recursive;
    private int deepestChain;

    ControlFlow(Instruction[] slots, Policy policy, Findings out) {
        this.slots = slots;
        this.n = slots.length;
        this.policy = policy;
        this.out = out;
        this.reachable = new BitSet(n);
    }

    /** Runs all whole-program checks. */
    void check() {
        findFunctions();
        checkJumpsStayInFunction();
        for (int f = 0; f < starts.length; f++) {
            walkFunction(f);
        }
        buildCallGraph();
        checkCallGraph();
        reportUnreachableCode();
    }

    BitSet functionStarts() {
        BitSet set = new BitSet(n);
        for (int s : starts) {
            set.set(s);
        }
        return set;
    }

    /** Frames on the longest call chain from any function (1 when there are no calls); 0 if recursive. */
    int deepestChain() {
        return deepestChain;
    }

    // ---------------------------------------------------------------------------------------------- functions

    private void findFunctions() {
        BitSet startSet = new BitSet(n);
        startSet.set(0);
        for (int pc = 0; pc < n; pc++) {
            Instruction insn = slots[pc];
            if (insn == null || insn.op() != Op.CALL_LOCAL) {
                continue;
            }
            long target = InstructionChecks.target(pc, insn);
            if (!InstructionChecks.validTarget(target, slots)) {
                continue; // reported by InstructionChecks
            }
            int t = (int) target;
            if (t == 0 || endsFlow(t - 1)) {
                startSet.set(t);
            } else {
                int before = slots[t - 1] != null && slots[t - 1].op() == Op.WIDE_HI ? t - 2 : t - 1;
                out.error(Diagnostic.Code.CALL_NOT_FUNCTION, pc, "call target " + t + " is not the start of a "
                        + "function: insn " + before + " before it can continue into it, so it is inside other code; "
                        + "call the first instruction of a function (functions start after an exit or ja)");
            }
        }
        starts = startSet.stream().toArray();
        functionOf = new int[n];
        for (int f = 0; f < starts.length; f++) {
            int end = f + 1 < starts.length ? starts[f + 1] : n;
            Arrays.fill(functionOf, starts[f], end, f);
        }
    }

    /** True when execution cannot continue from slot {@code pc} to the next one. */
    private boolean endsFlow(int pc) {
        Instruction insn = slots[pc];
        if (insn == null) {
            return false;
        }
        Op op = insn.op();
        return op == Op.EXIT || op == Op.JA || op == Op.JA32;
    }

    private int end(int function) {
        return function + 1 < starts.length ? starts[function + 1] : n;
    }

    private String describeFunction(int function) {
        int last = end(function) - 1;
        return "the function at " + starts[function] + (last == starts[function]
                ? " (instruction " + last + ")"
                : " (instructions " + starts[function] + " to " + last + ")");
    }

    /** Jumps, reachable or not, must stay inside their function: entering another takes a call. */
    private void checkJumpsStayInFunction() {
        for (int pc = 0; pc < n; pc++) {
            Instruction insn = slots[pc];
            if (insn == null || !insn.op().isJump()) {
                continue;
            }
            long target = InstructionChecks.target(pc, insn);
            if (InstructionChecks.validTarget(target, slots) && functionOf[(int) target] != functionOf[pc]) {
                out.error(Diagnostic.Code.JUMP_ACROSS_FUNCTION, pc, "jump target " + target + " is in "
                        + describeFunction(functionOf[(int) target]) + ", but this " + insn.op().mnemonic()
                        + " is in " + describeFunction(functionOf[pc]) + ": jumps must stay in their function; "
                        + "use call local to run another function");
            }
        }
    }

    /** Marks what the function's start reaches and reports every path that runs past the function's end. */
    private void walkFunction(int function) {
        int end = end(function);
        int[] work = new int[Math.max(1, end - starts[function])];
        int top = 0;
        work[top++] = starts[function];
        reachable.set(starts[function]);
        while (top > 0) {
            int pc = work[--top];
            Instruction insn = slots[pc];
            Op op = insn == null ? null : insn.op();
            int next = op != null && op.isWide() ? pc + 2 : pc + 1;
            boolean fallsThrough = op == null || (op != Op.EXIT && op != Op.JA && op != Op.JA32);
            if (op != null && op.isJump()) {
                long target = InstructionChecks.target(pc, insn);
                // invalid and cross-function targets are reported elsewhere and followed nowhere
                if (InstructionChecks.validTarget(target, slots) && functionOf[(int) target] == function
                        && !reachable.get((int) target)) {
                    reachable.set((int) target);
                    work[top++] = (int) target;
                }
            }
            if (!fallsThrough) {
                continue;
            }
            if (op != null && op.isWide() && pc + 1 >= n) {
                continue; // the missing second slot is already reported as BAD_WIDE_LOAD
            }
            if (next >= end) {
                reportFallOff(pc, op, function);
            } else if (!reachable.get(next)) {
                reachable.set(next);
                work[top++] = next;
            }
        }
    }

    /**
     * A function ends where the next one starts, and a start always follows an exit or ja (see
     * {@link #findFunctions}), so a path can only run past the last slot of the program, never into the next
     * function.
     */
    private void reportFallOff(int pc, Op op, int function) {
        String name = op == null ? "instruction" : op.mnemonic();
        String how = op != null && (op.form() == Form.JUMP_IMM || op.form() == Form.JUMP_REG)
                ? "when this " + name + " is not taken, execution runs past the end of the program"
                : "after this " + name + ", execution runs past the end of the program";
        out.error(Diagnostic.Code.FALLS_OFF_END, pc, how + ": end every path of "
                + (starts.length == 1 ? "the program" : describeFunction(function)) + " with exit");
    }

    // --------------------------------------------------------------------------------------------- call graph

    /** Edges from every reachable local call to the function it starts. */
    private void buildCallGraph() {
        int functions = starts.length;
        int[] count = new int[functions + 1];
        for (int pc = reachable.nextSetBit(0); pc >= 0; pc = reachable.nextSetBit(pc + 1)) {
            if (isCallToFunction(pc)) {
                count[functionOf[pc] + 1]++;
            }
        }
        edgeFrom = new int[functions + 1];
        for (int f = 0; f < functions; f++) {
            edgeFrom[f + 1] = edgeFrom[f] + count[f + 1];
        }
        edgeCallee = new int[edgeFrom[functions]];
        edgeSite = new int[edgeFrom[functions]];
        int[] fill = Arrays.copyOf(edgeFrom, functions);
        for (int pc = reachable.nextSetBit(0); pc >= 0; pc = reachable.nextSetBit(pc + 1)) {
            if (isCallToFunction(pc)) {
                int e = fill[functionOf[pc]]++;
                edgeCallee[e] = functionOf[(int) InstructionChecks.target(pc, slots[pc])];
                edgeSite[e] = pc;
            }
        }
    }

    private boolean isCallToFunction(int pc) {
        Instruction insn = slots[pc];
        if (insn == null || insn.op() != Op.CALL_LOCAL) {
            return false;
        }
        long target = InstructionChecks.target(pc, insn);
        return InstructionChecks.validTarget(target, slots) && starts[functionOf[(int) target]] == target;
    }

    /**
     * One iterative depth-first search over all functions (each treated as a possible root, so recursion among
     * functions only dead code calls is still an error): a call to a function still on the search stack closes a
     * cycle. On the way back it computes each function's deepest chain, {@code 1 + max(callee chains)}.
     */
    private void checkCallGraph() {
        int functions = starts.length;
        final int unseen = 0;
        final int onStack = 1;
        final int done = 2;
        int[] state = new int[functions];
        int[] depth = new int[functions];
        int[] deepestEdge = new int[functions];
        Arrays.fill(deepestEdge, -1);
        int[] stack = new int[functions];
        int[] nextEdge = new int[functions];
        int[] positionOnStack = new int[functions];
        for (int root = 0; root < functions; root++) {
            if (state[root] != unseen) {
                continue;
            }
            int top = 0;
            stack[top++] = root;
            state[root] = onStack;
            positionOnStack[root] = 0;
            nextEdge[root] = edgeFrom[root];
            while (top > 0) {
                int f = stack[top - 1];
                if (nextEdge[f] < edgeFrom[f + 1]) {
                    int e = nextEdge[f]++;
                    int callee = edgeCallee[e];
                    if (state[callee] == unseen) {
                        state[callee] = onStack;
                        positionOnStack[callee] = top;
                        nextEdge[callee] = edgeFrom[callee];
                        stack[top++] = callee;
                    } else if (state[callee] == onStack) {
                        recursive = true;
                        reportCycle(e, stack, positionOnStack[callee], top);
                    }
                    continue;
                }
                // all callees done: the deepest chain from f is one frame more than its deepest callee's
                int best = 0;
                for (int e = edgeFrom[f]; e < edgeFrom[f + 1]; e++) {
                    int callee = edgeCallee[e];
                    if (state[callee] == done && depth[callee] > best) {
                        best = depth[callee];
                        deepestEdge[f] = e;
                    }
                }
                depth[f] = best + 1;
                state[f] = done;
                top--;
            }
        }
        if (recursive) {
            return; // depth is unbounded; the cycles are the findings
        }
        int deepestRoot = 0;
        for (int f = 1; f < functions; f++) {
            if (depth[f] > depth[deepestRoot]) {
                deepestRoot = f;
            }
        }
        deepestChain = depth[deepestRoot];
        if (deepestChain > policy.maxCallDepth()) {
            reportTooDeep(deepestRoot, deepestEdge);
        }
    }

    private void reportCycle(int edge, int[] stack, int from, int top) {
        int callee = edgeCallee[edge];
        int site = edgeSite[edge];
        if (from == top - 1) {
            out.error(Diagnostic.Code.RECURSION, site, "the function at " + starts[callee] + " calls itself: "
                    + "recursion is not allowed because the stack must stay bounded; rewrite it as a loop");
            return;
        }
        // the cycle is the search stack from the callee up, then the callee again; only its ends are printed,
        // so reporting stays cheap even when many calls close long cycles
        int length = top - from + 1;
        String cycle = path(i -> starts[i < length - 1 ? stack[from + i] : callee], length);
        out.error(Diagnostic.Code.RECURSION, site, "this call to the function at " + starts[callee]
                + " closes the cycle " + cycle + ": recursion is not allowed because the stack must stay "
                + "bounded; rewrite it as a loop");
    }

    /** Reports at the call that pushes the first frame beyond the policy's limit, on the deepest chain. */
    private void reportTooDeep(int root, int[] deepestEdge) {
        int limit = policy.maxCallDepth();
        int[] chain = new int[limit + 1];
        int f = root;
        int site = -1;
        for (int frames = 1; frames <= limit + 1; frames++) {
            chain[frames - 1] = starts[f];
            if (frames <= limit) {
                int e = deepestEdge[f];
                site = edgeSite[e];
                f = edgeCallee[e];
            }
        }
        int frame = policy.frameSize();
        String chainText = path(i -> chain[i], chain.length) + (deepestChain > limit + 1 ? " ..." : "");
        String holds = limit + (limit == 1 ? " frame" : " frames") + " (" + policy.stackSize() + " bytes)";
        out.error(Diagnostic.Code.CALL_TOO_DEEP, site, "this call makes frame " + (limit + 1) + " on the call chain "
                + chainText + ", which needs " + deepestChain + " frames of " + frame + " bytes ("
                + (long) deepestChain * frame + " bytes); the policy's stack holds " + holds + ": nest calls less "
                + "deeply, inline functions, or raise call-depth");
    }

    /** {@code a -> b -> c}, or the first and last four of a longer path around {@code ...}. */
    private static String path(IntUnaryOperator functionStartAt, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            if (length > MAX_PATH_IN_MESSAGE && i == 4) {
                s.append(" -> ...");
                i = length - 4;
            }
            s.append(i == 0 ? "" : " -> ").append(functionStartAt.applyAsInt(i));
        }
        return s.toString();
    }

    // ------------------------------------------------------------------------------------------- dead code

    /**
     * Warns about code no run can reach: slots their function's start does not reach, and functions that no
     * reachable call calls. Each maximal run of such slots is one warning.
     */
    private void reportUnreachableCode() {
        boolean[] liveFunction = new boolean[starts.length];
        int[] work = new int[starts.length];
        int top = 0;
        liveFunction[0] = true;
        work[top++] = 0;
        while (top > 0) {
            int f = work[--top];
            for (int e = edgeFrom[f]; e < edgeFrom[f + 1]; e++) {
                if (!liveFunction[edgeCallee[e]]) {
                    liveFunction[edgeCallee[e]] = true;
                    work[top++] = edgeCallee[e];
                }
            }
        }
        int runStart = -1;
        for (int pc = 0; pc <= n; pc++) {
            boolean dead = pc < n && isDead(pc, liveFunction);
            if (dead && runStart < 0) {
                runStart = pc;
            } else if (!dead && runStart >= 0) {
                int last = pc - 1;
                out.warning(Diagnostic.Code.UNREACHABLE_CODE, runStart, (runStart == last
                        ? "this instruction"
                        : "instructions " + runStart + " to " + last) + " can never run: no path from the entry "
                        + "reaches " + (runStart == last ? "it" : "them") + "; remove dead code");
                runStart = -1;
            }
        }
    }

    private boolean isDead(int pc, boolean[] liveFunction) {
        Instruction insn = slots[pc];
        int owner = insn != null && insn.op() == Op.WIDE_HI ? pc - 1 : pc;
        return !reachable.get(owner) || !liveFunction[functionOf[owner]];
    }
}
