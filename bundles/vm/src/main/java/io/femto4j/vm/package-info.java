/**
 * The femto4j eBPF interpreter: runs verified programs inside checked memory regions.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * VerifiedProgram p = Verifier.verify(bytecode, policy).orThrow();
 * Vm vm = Vm.load(p, HelperTable.builder().register(1, "now", (ctx, a, b, c, d, e) -> clock()).build());
 * Outcome o = vm.run(Memory.of(Region.writable("ctx", 0x1000, ctxBytes)), 0x1000, ctxBytes.length, 100_000);
 * }</pre>
 * {@link io.femto4j.vm.Vm#load} translates the program once; the {@code Vm} is immutable and may be run by many
 * threads at once, each run with its own {@link io.femto4j.vm.Memory} (memories and helpers shared between
 * concurrent runs must be safe for that).
 *
 * <h2>Execution model</h2>
 * <ul>
 * <li>Eleven 64-bit registers. At entry r1 and r2 are the arguments of {@code run}, r10 is
 * {@link io.femto4j.vm.Memory#STACK_AREA_END}, all others are 0. r10 is read-only: the VM turns any instruction
 * that would write it into an {@link io.femto4j.vm.Fault.InvalidInstruction} fault (the verifier should already
 * refuse such programs).</li>
 * <li>A fresh zeroed stack per run of {@code policy.maxCallDepth()} frames of {@code policy.frameSize()} bytes at
 * fixed guest addresses just below {@code STACK_AREA_END}. A BPF-to-BPF call ({@code call local}) moves r10 one
 * frame down and preserves r6 to r9; one call too deep ends the run with
 * {@link io.femto4j.vm.Fault.CallDepthExceeded}.</li>
 * <li>Helpers ({@code call N}, {@code callx rX}) get r1 to r5 and return in r0. r1 to r5 keep their values (RFC 9669
 * leaves them undefined after a call; keeping them is the cheapest definition and leaks nothing). {@code callx}
 * faults with {@link io.femto4j.vm.Fault.UnknownHelper} for a number that is not registered and with
 * {@link io.femto4j.vm.Fault.HelperNotAllowed} for one the program's policy does not allow. A helper ends the run
 * with {@link io.femto4j.vm.Fault.HelperFailed} by throwing {@link io.femto4j.vm.HelperFault}; an unexpected
 * {@code RuntimeException} from a helper is reported the same way. Errors ({@code OutOfMemoryError} and the like)
 * thrown by helper code are not caught.</li>
 * <li>Every load, store and atomic must lie entirely inside the stack or one region, with write permission for
 * writes; the address arithmetic wraps at 2^64 but an access never does. Violations end the run with
 * {@link io.femto4j.vm.Fault.OutOfBounds} or {@link io.femto4j.vm.Fault.ReadOnlyWrite}. Helpers reach memory only
 * through {@link io.femto4j.vm.HelperContext}, with the same checks.</li>
 * <li>Atomics are atomic with respect to other atomics on the same region (they synchronize on its byte array);
 * stack atomics need no lock. Plain loads and stores are not synchronized.</li>
 * <li>Arithmetic follows RFC 9669: division by zero gives 0, modulo by zero leaves dst (32-bit forms zero-extend
 * it), signed overflow wraps, shift counts are masked.</li>
 * <li>The Femto-Container opcodes 0xB8/0xD8 yield the start of {@code .data}/{@code .rodata} plus imm64 from the
 * {@link io.femto4j.vm.Sections} given to {@code load}, and fault with
 * {@link io.femto4j.vm.Fault.MissingSection} when that section was not given.</li>
 * <li>Every run has a budget of instructions and cannot be run without one. Instructions are counted exactly
 * (a two-slot {@code lddw} is one): {@link io.femto4j.vm.Outcome#instructions()} includes a faulting instruction,
 * and a run that runs out stops after exactly {@code budget} of them with
 * {@link io.femto4j.vm.Fault.BudgetExhausted}.</li>
 * <li>Nothing but an {@link io.femto4j.vm.Outcome} leaves {@code run} for anything the program does.</li>
 * </ul>
 *
 * <h2>How it is fast</h2>
 * Programs are translated into one {@code long} per instruction slot, with operations specialized where the
 * translator can decide something once (stack accesses proven inside the frame, division by a non-zero immediate)
 * and adjacent simple instructions fused into pairs. The dispatch loop is a single switch kept under HotSpot's
 * 8000-byte limit for compiled methods and free of calls; it charges the budget once per straight-line stretch of
 * code rather than per instruction, and leaves everything that needs a call (helpers, atomics, a memory access in a
 * region other than the last one used) to a driver around it.
 */
package io.femto4j.vm;
