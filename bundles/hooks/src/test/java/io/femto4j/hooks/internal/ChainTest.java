package io.femto4j.hooks.internal;

import io.femto4j.hooks.ChainPolicy;
import io.femto4j.hooks.ChainResult;
import io.femto4j.hooks.HookManager;
import io.femto4j.hooks.HookPoint;
import io.femto4j.hooks.HookProvider;
import io.femto4j.runtime.ContainerState;
import io.femto4j.runtime.FaultCause;
import io.femto4j.runtime.HelperNumbers;
import io.femto4j.runtime.HookSpec;
import io.femto4j.runtime.Invocation;
import io.femto4j.runtime.RunResult;
import io.femto4j.runtime.store.ContainerId;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Attach order and the four chain policies, with real containers on a real runtime. */
class ChainTest {
    static final HookSpec SPEC = new HookSpec("event", 8, true, HelperNumbers.ALL);

    /** A hook with nothing of its own: the tests fire it. */
    static class PlainHook implements HookProvider {
        final HookSpec spec;

        PlainHook(HookSpec spec) {
            this.spec = spec;
        }

        @Override
        public HookSpec spec() {
            return spec;
        }

        @Override
        public String contextLayout() {
            return "uint64_t value";
        }

        @Override
        public Invocation manualEvent(HookPoint point, List<String> arguments) {
            return Invocation.of(new byte[8]);
        }
    }

    final TestDevice device = TestDevice.create("dev0");
    final HookRegistry hooks = new HookRegistry();

    ChainTest() {
        hooks.addDevice(device);
        hooks.addProvider(new PlainHook(SPEC));
    }

    private ContainerId install(String name, byte[] image) {
        return device.install(name, image, SPEC);
    }

    private void attach(ContainerId id, ChainPolicy policy) {
        hooks.attach("dev0", id, policy, HookManager.APPEND, Map.of());
    }

    private ChainResult fire() {
        return hooks.trigger("dev0", "event", List.of());
    }

    private static List<Long> results(ChainResult r) {
        return r.runs().stream().map(RunResult::r0).toList();
    }

    @Test
    void runsInAttachOrderThenByExplicitOrder() {
        ContainerId a = install("a", TestDevice.returning(1));
        ContainerId b = install("b", TestDevice.returning(2));
        ContainerId c = install("c", TestDevice.returning(3));
        hooks.attach("dev0", a, ChainPolicy.CONTINUE, 5, Map.of());
        hooks.attach("dev0", b, ChainPolicy.CONTINUE, 1, Map.of());
        hooks.attach("dev0", c, ChainPolicy.CONTINUE, HookManager.APPEND, Map.of()); // after the highest: 6

        ChainResult r = fire();

        assertEquals(List.of(2L, 1L, 3L), results(r));
        assertFalse(r.aborted());
        assertEquals(ContainerState.ATTACHED, device.runtime().info(a).orElseThrow().state());
    }

    @Test
    void equalOrdersRunInAttachOrder() {
        for (int i = 0; i < 4; i++) {
            hooks.attach("dev0", install("c" + i, TestDevice.returning(10 + i)), ChainPolicy.CONTINUE, 0, Map.of());
        }
        assertEquals(List.of(10L, 11L, 12L, 13L), results(fire()));
    }

    @Test
    void continueRunsEveryoneWhateverTheResult() {
        attach(install("neg", TestDevice.returning(-1)), ChainPolicy.CONTINUE);
        attach(install("pos", TestDevice.returning(7)), ChainPolicy.CONTINUE);
        attach(install("last", TestDevice.returning(0)), ChainPolicy.CONTINUE);
        ChainResult r = fire();
        assertEquals(3, r.runs().size());
        assertFalse(r.aborted());
    }

    @Test
    void abortOnNegativeStopsAfterANegativeResultOnly() {
        attach(install("zero", TestDevice.returning(0)), ChainPolicy.ABORT_ON_NEGATIVE);
        attach(install("pos", TestDevice.returning(5)), ChainPolicy.ABORT_ON_NEGATIVE);
        attach(install("neg", TestDevice.returning(-2)), ChainPolicy.ABORT_ON_NEGATIVE);
        attach(install("never", TestDevice.counting(1, 0)), ChainPolicy.CONTINUE);

        ChainResult r = fire();

        assertEquals(List.of(0L, 5L, -2L), results(r));
        assertTrue(r.aborted());
        assertEquals(0, device.global(1), "the container after the abort did not run");
    }

    @Test
    void abortOnPositiveStopsAfterAPositiveResultOnly() {
        attach(install("zero", TestDevice.returning(0)), ChainPolicy.ABORT_ON_POSITIVE);
        attach(install("neg", TestDevice.returning(-3)), ChainPolicy.ABORT_ON_POSITIVE);
        attach(install("pos", TestDevice.returning(1)), ChainPolicy.ABORT_ON_POSITIVE);
        attach(install("never", TestDevice.returning(9)), ChainPolicy.CONTINUE);

        ChainResult r = fire();

        assertEquals(List.of(0L, -3L, 1L), results(r));
        assertTrue(r.aborted());
    }

    @Test
    void singleStopsTheChainAfterItWhateverTheResult() {
        attach(install("first", TestDevice.returning(0)), ChainPolicy.CONTINUE);
        attach(install("single", TestDevice.returning(0)), ChainPolicy.SINGLE);
        attach(install("never", TestDevice.returning(9)), ChainPolicy.CONTINUE);

        ChainResult r = fire();

        assertEquals(List.of(0L, 0L), results(r));
        assertTrue(r.aborted());
    }

    @Test
    void aPolicyOnTheLastContainerIsNoAbort() {
        attach(install("neg", TestDevice.returning(-1)), ChainPolicy.ABORT_ON_NEGATIVE);
        assertFalse(fire().aborted());
    }

    @Test
    void theResultIsTheCIntOfR0() {
        // lddw r0, 0xffffffff: a zero-extended int -1, as a 32-bit mov would leave it
        attach(install("neg32", TestDevice.asm("lddw %r0, 0xffffffff", "exit")), ChainPolicy.ABORT_ON_NEGATIVE);
        attach(install("never", TestDevice.returning(9)), ChainPolicy.CONTINUE);
        assertTrue(fire().aborted());
    }

    @Test
    void aFaultingContainerIsAResultAndCannotSilenceTheOthers() {
        // reads address 0: out of bounds
        attach(install("faulty", TestDevice.asm("mov %r1, 0", "ldxdw %r0, [%r1]", "exit")),
                ChainPolicy.ABORT_ON_NEGATIVE);
        attach(install("next", TestDevice.counting(2, 0)), ChainPolicy.CONTINUE);

        ChainResult r = fire();

        assertEquals(2, r.runs().size());
        assertEquals(FaultCause.OUT_OF_BOUNDS, r.runs().get(0).faultCause().orElseThrow());
        assertEquals(1, device.global(2));
        assertFalse(r.aborted());
    }

    @Test
    void aSlowContainerStopsAtItsBudgetAndTheNextOneRuns() {
        ContainerId slow = install("slow", TestDevice.asm("mov %r0, 0", "loop:", "add %r0, 1", "ja loop", "exit"));
        hooks.attach("dev0", slow, ChainPolicy.CONTINUE, HookManager.APPEND, Map.of("budget", "5000"));
        attach(install("next", TestDevice.counting(3, 0)), ChainPolicy.CONTINUE);

        ChainResult r = fire();

        assertEquals(FaultCause.BUDGET_EXHAUSTED, r.runs().get(0).faultCause().orElseThrow());
        assertTrue(r.runs().get(0).instructions() <= 5000, "ran " + r.runs().get(0).instructions());
        assertEquals(1, device.global(3));
    }

    @Test
    void detachTakesItOutOfTheChainAndTheRuntime() {
        ContainerId a = install("a", TestDevice.returning(1));
        ContainerId b = install("b", TestDevice.returning(2));
        attach(a, ChainPolicy.CONTINUE);
        attach(b, ChainPolicy.CONTINUE);

        assertTrue(hooks.detach("dev0", a));

        assertEquals(List.of(2L), results(fire()));
        assertEquals(ContainerState.DETACHED, device.runtime().info(a).orElseThrow().state());
        assertFalse(hooks.detach("dev0", a));
    }

    @Test
    void firingOneContainerRunsOnlyIt() {
        ContainerId a = install("a", TestDevice.returning(1));
        ContainerId b = install("b", TestDevice.returning(2));
        attach(a, ChainPolicy.CONTINUE);
        attach(b, ChainPolicy.CONTINUE);
        HookPoint point = hooks.point("dev0", "event").orElseThrow();

        assertEquals(2L, point.fire(b, Invocation.of(new byte[8])).orElseThrow().r0());
        assertTrue(point.fire(ContainerId.of("other"), Invocation.of(new byte[8])).isEmpty());
    }

    @Test
    void mistakesAreRefusedWithAReason() {
        ContainerId a = install("a", TestDevice.returning(1));
        attach(a, ChainPolicy.CONTINUE);
        assertThrows(IllegalStateException.class, () -> attach(a, ChainPolicy.CONTINUE));
        assertThrows(IllegalArgumentException.class,
                () -> hooks.attach("nodev", a, ChainPolicy.CONTINUE, HookManager.APPEND, Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> hooks.attach("dev0", ContainerId.of("none"), ChainPolicy.CONTINUE, 0, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> hooks.trigger("dev0", "nohook", List.of()));
        assertEquals(ChainPolicy.ABORT_ON_NEGATIVE, ChainPolicy.parse("abort-on-negative"));
        assertThrows(IllegalArgumentException.class, () -> ChainPolicy.parse("sometimes"));
    }
}
