package io.femto4j.runtime;

import io.femto4j.runtime.store.ContainerId;
import io.femto4j.runtime.store.TenantId;
import io.femto4j.verifier.Diagnostic;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LifecycleTest {
    static final ContainerId A = ContainerId.of("a");
    static final ContainerId B = ContainerId.of("b");
    static final TenantId T = TenantId.of("t");
    static final HookSpec HOOK = new HookSpec("h", 64, true, HelperNumbers.ALL);

    final ContainerRuntime runtime = new ContainerRuntime(RuntimeConfig.defaults());

    LifecycleTest() {
        runtime.putTenant(Tenant.trusted("t"));
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = LifecycleTest.class.getResourceAsStream("/elf/" + name)) {
            return in.readAllBytes();
        }
    }

    private ContainerState state(ContainerId id) {
        return runtime.info(id).orElseThrow().state();
    }

    @Test
    void statesFollowTheLifecycle() throws Exception {
        ContainerInfo info = runtime.install(A, Asm.returning(1), T, HOOK, null);
        assertEquals(ContainerState.INSTALLED, info.state());
        assertThrows(IllegalStateException.class, () -> runtime.run(A, Invocation.empty()), "not attached");
        runtime.attach(A);
        assertEquals(ContainerState.ATTACHED, state(A));
        assertEquals(1, runtime.run(A, Invocation.empty()).r0());
        assertThrows(IllegalStateException.class, () -> runtime.attach(A));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> runtime.uninstall(A));
        assertTrue(e.getMessage().contains("attached"), e.getMessage());
        runtime.detach(A);
        assertEquals(ContainerState.DETACHED, state(A));
        assertThrows(IllegalStateException.class, () -> runtime.run(A, Invocation.empty()));
        runtime.attach(A);
        runtime.detach(A);
        runtime.uninstall(A);
        assertTrue(runtime.info(A).isEmpty());
        assertFalse(runtime.config().stores().containers().contains(A), "local store released");
        assertThrows(IllegalArgumentException.class, () -> runtime.run(A, Invocation.empty()));
        assertFalse(ContainerState.UNINSTALLED.canMoveTo(ContainerState.ATTACHED));
    }

    @Test
    void rejectedProgramsAreNeverHalfInstalled() {
        // call 0x7777: no such helper
        InstallException e = assertThrows(InstallException.class,
                () -> runtime.install(A, Asm.call(0x7777), T, HOOK, null));
        assertEquals(InstallException.Stage.VERIFY, e.stage());
        assertTrue(e.diagnostics().stream().anyMatch(Diagnostic::isError));
        assertTrue(e.describe().contains("helper"), e.describe());
        assertTrue(runtime.info(A).isEmpty());
        assertTrue(runtime.config().stores().containers().isEmpty());

        InstallException load = assertThrows(InstallException.class,
                () -> runtime.install(A, new byte[] {0x7f, 'E', 'L', 'F', 1, 2}, T, HOOK, null));
        assertEquals(InstallException.Stage.LOAD, load.stage());
        InstallException tenant = assertThrows(InstallException.class,
                () -> runtime.install(A, Asm.returning(0), TenantId.of("nobody"), HOOK, null));
        assertEquals(InstallException.Stage.REQUEST, tenant.stage());
        InstallException entry = assertThrows(InstallException.class,
                () -> runtime.install(A, Asm.returning(0), T, HOOK, "nope"));
        assertTrue(entry.getMessage().contains("no function nope"), entry.getMessage());
        assertTrue(runtime.containers().isEmpty());
    }

    @Test
    void policyIsTheIntersectionOfTenantAndHook() throws Exception {
        runtime.putTenant(new Tenant(TenantId.of("u"), Set.of("h2"), Set.of(0x11, 0x13), Tenant.Quotas.defaults()));
        HookSpec hook = new HookSpec("h2", 16, true, Set.of(0x12, 0x13));
        String[] ptr = {"mov %r2, %r10", "add %r2, -8"};
        runtime.install(A, Asm.call(0x13, ptr), TenantId.of("u"), hook, null); // both allow 0x13
        InstallException tenantOnly = assertThrows(InstallException.class,
                () -> runtime.install(B, Asm.call(0x11), TenantId.of("u"), hook, null));
        assertEquals(InstallException.Stage.VERIFY, tenantOnly.stage());
        InstallException hookOnly = assertThrows(InstallException.class,
                () -> runtime.install(B, Asm.call(0x12, ptr), TenantId.of("u"), hook, null));
        assertEquals(InstallException.Stage.VERIFY, hookOnly.stage());
        InstallException otherHook = assertThrows(InstallException.class,
                () -> runtime.install(B, Asm.returning(0), TenantId.of("u"), HOOK, null));
        assertEquals(InstallException.Stage.REQUEST, otherHook.stage());
        assertTrue(otherHook.getMessage().contains("may not use hook h"), otherHook.getMessage());
        assertTrue(runtime.info(A).orElseThrow().policy().allowedHelpers().test(0x13));
        assertFalse(runtime.info(A).orElseThrow().policy().allowedHelpers().test(0x11));
    }

    @Test
    void replaceKeepsTheOldImageUntilTheNewOneVerifies() throws Exception {
        runtime.install(A, Asm.returning(1), T, HOOK, null);
        runtime.attach(A);
        assertThrows(InstallException.class, () -> runtime.replace(A, Asm.call(0x7777), null));
        assertThrows(InstallException.class, () -> runtime.replace(A, new byte[] {1, 2, 3}, null));
        assertEquals(1, runtime.run(A, Invocation.empty()).r0(), "still the old image");
        ContainerInfo info = runtime.replace(A, Asm.returning(2), null);
        assertEquals(ContainerState.ATTACHED, info.state());
        assertEquals(2, runtime.run(A, Invocation.empty()).r0());
        assertEquals(2, runtime.stats(A).version());
        assertEquals(2, runtime.stats(A).runs(), "statistics survive a replace");
    }

    /** An engine that runs the interpreter but calls itself the compiler: tells whose factory loaded it. */
    record Labelled(io.femto4j.vm.Engine inner, String description) implements io.femto4j.vm.Engine {
        @Override
        public io.femto4j.vm.Outcome run(io.femto4j.vm.Memory memory, long r1, long r2, long budget) {
            return inner.run(memory, r1, r2, budget);
        }

        @Override
        public Kind kind() {
            return Kind.COMPILER;
        }
    }

    @Test
    void anInstallMayChooseItsEngineAndReplacesKeepThatChoice() throws Exception {
        List<String> loads = new ArrayList<>();
        EngineFactory labelled = (program, helpers, sections) -> {
            loads.add("load");
            return new Labelled(EngineFactory.INTERPRETER.load(program, helpers, sections), "labelled");
        };
        ContainerInfo chosen = runtime.install(A, io.femto4j.runtime.image.Images.load(Asm.returning(1)), T, HOOK,
                null, labelled);
        ContainerInfo configured = runtime.install(B, Asm.returning(3), T, HOOK, null);

        assertEquals(io.femto4j.vm.Engine.Kind.COMPILER, chosen.engineKind());
        assertEquals("labelled", chosen.engine());
        assertEquals(io.femto4j.vm.Engine.Kind.INTERPRETER, configured.engineKind(), "the configured default");
        runtime.attach(A);
        assertEquals(1, runtime.run(A, Invocation.empty()).r0());
        ContainerInfo replaced = runtime.replace(A, Asm.returning(2), null);
        assertEquals("labelled", replaced.engine(), "a replace keeps the container's engine choice");
        assertEquals(2, runtime.run(A, Invocation.empty()).r0());
        assertEquals(List.of("load", "load"), loads, "the install and the replace, through the chosen factory");
    }

    @Test
    void quotasAreCheckedAtInstallAndFreedByUninstall() throws Exception {
        runtime.putTenant(Tenant.trusted("t").withQuotas(new Tenant.Quotas(1, 64 * 1024, 16)));
        runtime.install(A, Asm.returning(1), T, HOOK, null);
        InstallException e = assertThrows(InstallException.class,
                () -> runtime.install(B, Asm.returning(1), T, HOOK, null));
        assertEquals(InstallException.Stage.QUOTA, e.stage());
        assertTrue(e.getMessage().contains("may install 1 container"), e.getMessage());
        runtime.uninstall(A);
        runtime.install(B, Asm.returning(1), T, HOOK, null);

        long needed = runtime.info(B).orElseThrow().memoryBytes();
        assertEquals(24 + 4096 + 64, needed, "3 slots (lddw takes two), the default stack (8 frames of 512 B), the context");
        runtime.putTenant(Tenant.trusted("t").withQuotas(new Tenant.Quotas(5, needed + 100, 16)));
        InstallException memory = assertThrows(InstallException.class,
                () -> runtime.install(A, Asm.returning(1), T, HOOK, null));
        assertTrue(memory.getMessage().contains("bytes left"), memory.getMessage());
        runtime.uninstall(B);
        runtime.install(A, Asm.returning(1), T, HOOK, null);
        assertEquals(needed, runtime.memoryUsed(T));
    }

    @Test
    void usageFollowsInstallReplaceAndUninstallPerTenantAndInTotal() throws Exception {
        runtime.putTenant(Tenant.trusted("u"));
        TenantId u = TenantId.of("u");
        runtime.install(A, Asm.returning(1), T, HOOK, null);
        long one = runtime.memoryUsed(T);
        runtime.install(B, Asm.returning(1), u, HOOK, null);
        runtime.install(ContainerId.of("c"), Asm.raw("mov %r0, 1", "mov %r0, 2", "exit"), u, HOOK, null);
        assertEquals(3, runtime.containerCount());
        assertEquals(one, runtime.memoryUsed(T));
        assertEquals(2 * one, runtime.memoryUsed(u), "3 slots each");
        assertEquals(3 * one, runtime.memoryUsed());

        runtime.replace(B, Asm.raw("mov %r0, 1", "mov %r0, 2", "mov %r0, 3", "mov %r0, 4", "exit"), null);
        assertEquals(2 * one + 16, runtime.memoryUsed(u), "two slots more");
        assertThrows(InstallException.class, () -> runtime.replace(B, Asm.call(0x7777), null));
        assertEquals(2 * one + 16, runtime.memoryUsed(u), "a refused replace changes nothing");

        runtime.uninstall(B);
        runtime.uninstall(ContainerId.of("c"));
        assertEquals(0, runtime.memoryUsed(u));
        assertEquals(one, runtime.memoryUsed());
        assertEquals(1, runtime.containerCount());
        runtime.putTenant(Tenant.trusted("u").withQuotas(new Tenant.Quotas(1, one, 16)));
        runtime.install(B, Asm.returning(1), u, HOOK, null); // its quota was given back in full
    }

    @Test
    void faultsAreCountedWithCauseAndInstructionAndTheContainerKeepsRunning() throws Exception {
        // r0 = 1 unless r2 (context length) is 0, then read 8 bytes at address 0: a fault at instruction 2
        runtime.install(A, Asm.raw("mov %r0, 1", "jne %r2, 0, +1", "ldxdw %r0, [%r1]", "exit"), T, HOOK, null);
        runtime.attach(A);
        RunResult bad = runtime.run(A, Invocation.empty());
        assertEquals(FaultCause.OUT_OF_BOUNDS, bad.faultCause().orElseThrow());
        assertEquals(1, runtime.run(A, Invocation.of(new byte[8])).r0());
        runtime.run(A, Invocation.empty());
        ContainerStats s = runtime.stats(A);
        assertEquals(3, s.runs());
        assertEquals(2, s.faults());
        assertEquals(2, s.faults(FaultCause.OUT_OF_BOUNDS));
        FaultRecord last = s.lastFault().orElseThrow();
        assertEquals(2, last.pc());
        assertEquals(3, last.run());
        assertEquals(FaultCause.OUT_OF_BOUNDS, last.cause());
        assertEquals(3 + 3 + 3, s.instructions());
        assertTrue(s.hostNanos() > 0);
        assertEquals(ContainerState.ATTACHED, state(A));

        runtime.install(B, Asm.raw("ja -1", "exit"), T, HOOK, null);
        runtime.attach(B);
        RunResult loop = runtime.run(B, Invocation.empty().withBudget(500));
        assertEquals(FaultCause.BUDGET_EXHAUSTED, loop.faultCause().orElseThrow());
        assertEquals(500, loop.instructions());
        assertEquals(1, runtime.run(A, Invocation.of(new byte[8])).r0(), "the other container is unaffected");
    }

    @Test
    void entryPicksAFunctionByName() throws Exception {
        HookSpec hook = new HookSpec("h", 64, false, Set.of());
        runtime.install(A, fixture("calls.o"), T, hook, "add3");
        runtime.attach(A);
        // add3(r1 = context address, r2 = its length, r3 = 0)
        assertEquals(ContainerRuntime.CONTEXT_ADDRESS + 8, runtime.run(A, Invocation.of(new byte[8])).r0());
        runtime.install(B, fixture("calls.o"), T, hook, "fact");
        runtime.attach(B);
        assertEquals(1, runtime.run(B, Invocation.empty()).r0(), "fact(0)");
        assertEquals("fact", runtime.info(B).orElseThrow().entry());
    }

    @Test
    void dataPersistsAcrossRunsAndResetsOnReplace() throws Exception {
        HookSpec hook = new HookSpec("h", 64, false, Set.of());
        runtime.install(A, fixture("globals.o"), T, hook, "step");
        runtime.attach(A);
        Invocation x = Invocation.of(new byte[8]); // r1 = CONTEXT_ADDRESS is step's x
        long first = runtime.run(A, x).r0();
        long second = runtime.run(A, x).r0();
        assertEquals(ContainerRuntime.CONTEXT_ADDRESS, second - first, "counter += x persisted in .data");
        runtime.replace(A, fixture("globals.o"), "step");
        assertEquals(first, runtime.run(A, x).r0(), "a new image starts from its own .data");
    }

    @Test
    void concurrentRunsCountExactly() throws Exception {
        runtime.install(A, Sdk.elf("thread_counter"), T, Sdk.SCHED, null);
        runtime.attach(A);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        runtime.run(A, Invocation.sched(0, 1 + i % 5));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        for (int k = 1; k <= 5; k++) {
            assertEquals(400, runtime.config().stores().global().fetch(k));
        }
        assertEquals(2000, runtime.stats(A).runs());
        assertEquals(0, runtime.stats(A).faults());
    }

    @Test
    void concurrentRunsCountFaultsInstructionsAndCausesExactly() throws Exception {
        // as above: 3 instructions a run; a run with an empty context faults (out of bounds), one with 8 bytes not;
        // a budget of 2 ends a run by exhaustion. Run numbers are distinct: the last fault names one of them.
        runtime.install(A, Asm.raw("mov %r0, 1", "jne %r2, 0, +1", "ldxdw %r0, [%r1]", "exit"), T, HOOK, null);
        runtime.attach(A);
        int threads = 4;
        int perThread = 3000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        Invocation invocation = switch (i % 3) {
                            case 0 -> Invocation.empty();
                            case 1 -> Invocation.of(new byte[8]);
                            default -> Invocation.of(new byte[8]).withBudget(2);
                        };
                        runtime.run(A, invocation);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        int runs = threads * perThread;
        ContainerStats s = runtime.stats(A);
        assertEquals(runs, s.runs());
        assertEquals(2 * runs / 3, s.faults());
        assertEquals(runs / 3, s.faults(FaultCause.OUT_OF_BOUNDS));
        assertEquals(runs / 3, s.faults(FaultCause.BUDGET_EXHAUSTED));
        assertEquals(runs / 3 * (3 + 3 + 2), s.instructions());
        long lastRun = s.lastFault().orElseThrow().run();
        assertTrue(lastRun >= 1 && lastRun <= runs, "run number " + lastRun);
    }

    @Test
    void aHostsNoteStaysWithItsImageOnly() throws Exception {
        runtime.install(A, Asm.returning(1), T, HOOK, null);
        assertTrue(runtime.note(A).isEmpty());
        assertTrue(runtime.note(A, 1, "mix of 1"));
        assertEquals("mix of 1", runtime.note(A).orElseThrow());
        runtime.replace(A, Asm.returning(2), null);
        assertTrue(runtime.note(A).isEmpty(), "it was about the replaced image");
        assertFalse(runtime.note(A, 1, "late"), "image 1 is gone");
        assertTrue(runtime.note(A).isEmpty());
        assertTrue(runtime.note(A, 2, "mix of 2"));
        runtime.uninstall(A);
        assertTrue(runtime.note(A).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> runtime.note(A, 2, "x"));
    }
}
