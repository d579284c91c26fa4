package io.femto4j.runtime;

import io.femto4j.runtime.store.ContainerId;
import io.femto4j.runtime.store.TenantId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every pointer-taking helper given a bad pointer, length or permission faults the calling container's run and
 * nothing else: the host does not throw, stores are unchanged, and another container keeps running.
 */
class HelperSafetyTest {
    static final TenantId T = TenantId.of("t");
    static final ContainerId BAD = ContainerId.of("bad");
    static final ContainerId VICTIM = ContainerId.of("victim");
    /** Read-only context, as most hooks give. */
    static final HookSpec HOOK = new HookSpec("ro", 512, true, HelperNumbers.ALL);
    static final String UNMAPPED = "0x1234";
    static final String CTX = "0x" + Long.toHexString(ContainerRuntime.CONTEXT_ADDRESS);
    static final HelperFaultKind OOB = HelperFaultKind.OUT_OF_BOUNDS;
    static final HelperFaultKind FAILED = HelperFaultKind.FAILED;

    enum HelperFaultKind { OUT_OF_BOUNDS, FAILED }

    final ContainerRuntime runtime = new ContainerRuntime(RuntimeConfig.defaults());

    HelperSafetyTest() throws InstallException {
        runtime.putTenant(Tenant.trusted("t"));
        runtime.install(VICTIM, Asm.returning(42), T, HOOK, null);
        runtime.attach(VICTIM);
    }

    static String set(int reg, String value) {
        return "lddw %r" + reg + ", " + value;
    }

    static String[] stack(int reg, int offset) {
        return new String[] {"mov %r" + reg + ", %r10", "add %r" + reg + ", " + offset};
    }

    static String[] concat(String[]... parts) {
        return Stream.of(parts).flatMap(Arrays::stream).toArray(String[]::new);
    }

    static Arguments bad(String name, HelperFaultKind kind, String context, String... program) {
        return Arguments.of(name, kind, context, program);
    }

    static Stream<Arguments> badCalls() {
        String[] findLed = {set(1, "0"), "call 0x30", "mov %r1, %r0"}; // r1 = handle of device 0
        return Stream.of(
                bad("printf format unmapped", OOB, "", set(1, UNMAPPED), "call 1", "exit"),
                bad("printf %s unmapped", OOB, "%s\0", set(2, UNMAPPED), "call 1", "exit"),
                bad("memcpy dest unmapped", OOB, "x", concat(new String[] {set(1, UNMAPPED)}, stack(2, -16),
                        new String[] {set(3, "8"), "call 2", "exit"})),
                bad("memcpy src unmapped", OOB, "x", concat(stack(1, -16), new String[] {set(2, UNMAPPED),
                        set(3, "8"), "call 2", "exit"})),
                bad("memcpy dest read-only", OOB, "abcdefgh", concat(stack(2, -16), new String[] {set(1, CTX),
                        set(3, "8"), "call 2", "exit"})),
                bad("memcpy past the stack top", OOB, "abcdefgh", concat(stack(1, -4), new String[] {set(2, CTX),
                        set(3, "8"), "call 2", "exit"})),
                bad("memcpy huge length", FAILED, "abcdefgh", concat(stack(1, -16), new String[] {set(2, CTX),
                        set(3, "0x7fffffffffff"), "call 2", "exit"})),
                bad("memcpy negative length", FAILED, "abcdefgh", concat(stack(1, -16), new String[] {set(2, CTX),
                        set(3, "-1"), "call 2", "exit"})),
                bad("memcpy overlapping", FAILED, "x", concat(stack(1, -16), stack(2, -12),
                        new String[] {set(3, "8"), "call 2", "exit"})),
                bad("fetch_local unmapped", OOB, "", set(2, UNMAPPED), "call 0x12", "exit"),
                bad("fetch_global read-only", OOB, "abcd", set(2, CTX), "call 0x13", "exit"),
                bad("fetch_tenant unmapped", OOB, "", set(2, UNMAPPED), "call 0x1001", "exit"),
                bad("add_local unmapped", OOB, "", set(1, "1"), set(2, "1"), set(3, UNMAPPED), "call 0x1010", "exit"),
                bad("add_tenant read-only", OOB, "abcd", set(1, "1"), set(2, "1"), set(3, CTX), "call 0x1011", "exit"),
                bad("add_global unmapped", OOB, "", set(1, "1"), set(2, "1"), set(3, UNMAPPED), "call 0x1012", "exit"),
                bad("cmpxchg_local unmapped", OOB, "", set(1, "1"), set(2, "0"), set(3, "5"), set(4, UNMAPPED),
                        "call 0x1020", "exit"),
                bad("cmpxchg_tenant read-only", OOB, "abcd", set(1, "1"), set(2, "0"), set(3, "5"), set(4, CTX),
                        "call 0x1021", "exit"),
                bad("cmpxchg_global unmapped", OOB, "", set(1, "1"), set(2, "0"), set(3, "5"), set(4, UNMAPPED),
                        "call 0x1022", "exit"),
                bad("saul_reg_read unmapped", OOB, "", concat(findLed, new String[] {set(2, UNMAPPED), "call 0x32",
                        "exit"})),
                bad("saul_reg_read read-only", OOB, "abcdefgh", concat(findLed, new String[] {set(2, CTX),
                        "call 0x32", "exit"})),
                bad("saul_reg_read 4 bytes before the stack top", OOB, "", concat(findLed, stack(2, -4),
                        new String[] {"call 0x32", "exit"})),
                bad("saul_reg_write unmapped", OOB, "", concat(findLed, new String[] {set(2, UNMAPPED), "call 0x33",
                        "exit"})),
                bad("fmt_s16_dfp unmapped", OOB, "", set(1, UNMAPPED), set(2, "1234"), set(3, "-2"), "call 0x50", "exit"),
                bad("fmt_s16_dfp read-only", OOB, "abcdefghijklmnop", set(1, CTX), set(2, "1234"), set(3, "-2"),
                        "call 0x50", "exit"),
                bad("fmt_s16_dfp digits out of range", FAILED, "", concat(stack(1, -16), new String[] {set(2, "1"),
                        set(3, "8"), "call 0x50", "exit"})),
                bad("fmt_u32_dec unmapped", OOB, "", set(1, UNMAPPED), set(2, "123"), "call 0x51", "exit"),
                bad("fmt_u32_dec past the stack top", OOB, "", concat(stack(1, -2), new String[] {set(2, "12345"),
                        "call 0x51", "exit"})),
                bad("strlen unmapped", OOB, "", set(1, UNMAPPED), "call 0x52", "exit"),
                bad("strlen unterminated", OOB, "no NUL here", "call 0x52", "exit"),
                bad("coap without a CoAP request", FAILED, "", "call 0x40", "exit"),
                bad("coap_get_pdu without a CoAP request", FAILED, "", "call 0x43", "exit"),
                bad("ztimer_periodic_wakeup in a hook", FAILED, "", concat(stack(1, -8), new String[] {set(2, "10"),
                        "call 0x61", "exit"})));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCalls")
    void badArgumentsFaultOnlyTheCaller(String name, HelperFaultKind kind, String context, String[] program)
            throws Exception {
        runtime.install(BAD, Asm.raw(program), T, HOOK, null);
        runtime.attach(BAD);
        RunResult r = runtime.run(BAD, Invocation.of(context.getBytes(StandardCharsets.ISO_8859_1)));
        FaultCause expected = kind == OOB ? FaultCause.HELPER_OUT_OF_BOUNDS : FaultCause.HELPER_FAILED;
        assertEquals(expected, r.faultCause().orElseThrow(() -> new AssertionError(name + " did not fault: "
                + r.outcome())), r.outcome().toString());
        assertEquals(1, runtime.stats(BAD).faults(expected));
        assertEquals(0, runtime.config().stores().global().size(), "nothing stored");
        assertEquals(0, runtime.config().stores().tenant(T).orElseThrow().size(), "nothing stored");
        assertEquals(0, runtime.config().stores().local(BAD).orElseThrow().size(), "nothing stored");
        assertEquals(42, runtime.run(VICTIM, Invocation.empty()).r0(), "the other container keeps running");
    }

    @Test
    void goodArgumentsWork() throws Exception {
        // fetch into the stack after an add, returning the fetched value
        runtime.install(BAD, Asm.raw(set(1, "7"), set(2, "5"), set(3, "0"), "call 0x1012",
                set(1, "7"), "mov %r2, %r10", "add %r2, -8", "call 0x13", "ldxw %r0, [%r10-8]", "exit"), T, HOOK, null);
        runtime.attach(BAD);
        assertEquals(5, runtime.run(BAD, Invocation.empty()).r0());
        assertEquals(10, runtime.run(BAD, Invocation.empty()).r0());
    }

    @Test
    void unknownSaulHandleIsAnErrorValueNotAFault() throws Exception {
        runtime.install(BAD, Asm.raw(set(1, "0x99"), "mov %r2, %r10", "add %r2, -8", "call 0x32", "exit"), T, HOOK,
                null);
        runtime.attach(BAD);
        assertEquals(-19, runtime.run(BAD, Invocation.empty()).r0());
    }

    @Test
    void fmtWithNullOutputOnlyMeasures() throws Exception {
        runtime.install(BAD, Asm.raw(set(1, "0"), set(2, "-1234"), set(3, "-2"), "call 0x50", "exit"), T, HOOK, null);
        runtime.attach(BAD);
        assertEquals("-12.34".length(), runtime.run(BAD, Invocation.empty()).r0());
        assertTrue(runtime.info(BAD).isPresent());
    }
}
