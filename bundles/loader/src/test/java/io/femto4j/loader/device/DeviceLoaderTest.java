package io.femto4j.loader.device;

import io.femto4j.hooks.Attachment;
import io.femto4j.hooks.HookStatus;
import io.femto4j.hooks.internal.TestDevice;
import io.femto4j.loader.envelope.EnvelopeCodec;
import io.femto4j.loader.envelope.Manifest;
import io.femto4j.runtime.HelperNumbers;
import io.femto4j.runtime.Tenant;
import io.femto4j.runtime.store.ContainerId;
import io.femto4j.runtime.store.TenantId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.femto4j.loader.device.Fixture.ACME;
import static io.femto4j.loader.device.Fixture.APP;
import static io.femto4j.loader.device.Fixture.BARE;
import static io.femto4j.loader.device.Fixture.OTHER;
import static io.femto4j.loader.device.Fixture.manifest;
import static io.femto4j.loader.device.Fixture.sign;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The device-side pipeline without the network: the checks in order, the atomic swap, persistence, restart. */
class DeviceLoaderTest {
    /** Every refusal some test of this class provoked; each reason must be among them. */
    private static final Set<Refusal> SEEN = EnumSet.noneOf(Refusal.class);

    @TempDir
    Path dir;
    Fixture f;
    DeviceLoader loader;

    @BeforeEach
    void installApp() throws Exception {
        f = new Fixture(dir);
        loader = f.loader();
        DeviceLoader.Installed i = loader.deploy(Fixture.app(Fixture.APP_SEQUENCE, TestDevice.returning(1)));
        assertEquals("app seq=5 tenant=acme hook=shell policy=continue state=attached", i.line());
        f.assertAppUnchanged(1);
    }

    @AfterEach
    void close() throws InterruptedException {
        f.close();
    }

    @AfterAll
    static void everyReasonWasProvoked() {
        assertEquals(EnumSet.allOf(Refusal.class), SEEN, "refusal reasons without a test");
    }

    static Refused refused(Refusal reason, String part, Executable request) {
        Refused r = assertThrows(Refused.class, request);
        assertEquals(reason, r.reason(), r.diagnostic());
        assertTrue(r.diagnostic().startsWith(reason.label() + ": ") && r.diagnostic().contains(part),
                r.diagnostic());
        assertFalse(r.diagnostic().contains("\n"), "one line");
        SEEN.add(reason);
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.femto4j.loader.device.Attacks#all")
    void eachAttackIsRefusedAndTheInstalledVersionKeepsRunning(Attacks attack) throws Exception {
        byte[] storedBefore = Files.readAllBytes(dir.resolve("app.suit"));
        int fetchesBefore = f.fetches.get();
        refused(attack.reason(), attack.diagnostic(), () -> loader.deploy(attack.envelope().apply(f)));
        f.assertAppUnchanged(1);
        assertArrayEquals(storedBefore, Files.readAllBytes(dir.resolve("app.suit")), "the stored envelope too");
        assertEquals(List.of("app"), loader.installed().stream().map(DeviceLoader.Installed::component).toList());
        if (attack.reason() == Refusal.PAYLOAD_TOO_LARGE) {
            assertEquals(fetchesBefore, f.fetches.get(), "nothing fetched for a payload over the limit");
        }
    }

    @Test
    void aHigherSequenceNumberSwapsTheNewImageIn() throws Exception {
        DeviceLoader.Installed i = loader.deploy(Fixture.app(6, TestDevice.returning(2)));
        assertEquals(6, i.sequence());
        assertEquals(2, loader.exec(APP, new byte[0]).r0());
        assertEquals(2, f.version(APP), "replaced, not reinstalled");
        Manifest kept = EnvelopeCodec.decode(Files.readAllBytes(dir.resolve("app.suit"))).manifest();
        assertEquals(6, kept.sequence());
    }

    @Test
    void fletcher32RunsThroughExecWithItsInput() throws Exception {
        byte[] image = TestDevice.example("fletcher32");
        loader.deploy(sign(ACME, manifest("fletcher32", 1, "acme", "shell", image), image));
        byte[] input = Files.readAllBytes(examples().resolve("fletcher32-input.txt"));
        assertEquals(0x5bac8c3dL, loader.exec("fletcher32", input).r0());
    }

    static Path examples() {
        return Path.of(System.getProperty("femto4j.repo.dir", "../.."), "sdk/examples");
    }

    @Test
    void aPayloadFromItsUriIsKeptIntegratedSoARestartNeedsNoFetch() throws Exception {
        byte[] next = TestDevice.returning(3);
        f.served.put("app-v6", next);
        loader.deploy(sign(ACME, manifest(APP, 6, "acme", "shell", next, f.uri("app-v6"), Map.of()), null));
        assertEquals(3, f.r0(APP));
        assertArrayEquals(next, EnvelopeCodec.decode(Files.readAllBytes(dir.resolve("app.suit"))).payload());
        f.close();
        f = new Fixture(dir);
        f.served.clear();
        loader = f.loader();
        assertEquals(Map.of(), loader.restore());
        assertEquals(3, f.r0(APP));
        assertEquals(0, f.fetches.get(), "no fetch at restore");
    }

    @Test
    void aContainerOnTheTimerHookIsAttachedAndRuns() throws Exception {
        byte[] counter = TestDevice.counting(0x77, 0);
        loader.deploy(sign(OTHER, manifest("tick", 1, "other", "timer", counter, null, Map.of("period", "10")),
                counter));
        long deadline = System.currentTimeMillis() + 5000;
        while (f.device.global(0x77) < 3 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(f.device.global(0x77) >= 3, "the timer ran it: " + f.device.global(0x77));
        Attachment a = attachment("tick");
        assertEquals("10", a.parameters().get("period"));
        assertTrue(loader.installed().stream().anyMatch(i -> i.line().equals(
                "tick seq=1 tenant=other hook=timer policy=continue state=attached")), loader.installed().toString());
    }

    /** Deny by default: {@code bare} (a key, no entry) no hook, {@code acme} its list, {@code other} ({@code *}) all. */
    @Test
    void aTenantMayUseTheHooksOfItsEntriesOnlyAndNoneWithoutAnEntry() throws Exception {
        assertEquals(Set.of(), f.device.runtime().tenant(TenantId.of("bare")).orElseThrow().hooks(),
                "registered without hooks, so the runtime refuses too");
        byte[] counter = TestDevice.counting(0x7e, 0);
        for (String hook : List.of("shell", "timer")) {
            refused(Refusal.HOOK_FORBIDDEN, "hook-forbidden: tenant bare has no tenant.hooks entry, so it may use no"
                    + " hook; grant hooks in PID io.femto4j.loader, e.g. tenant.hooks=bare:" + hook
                    + " (or bare:* for every hook)", () -> loader.deploy(sign(BARE, manifest("bare_" + hook, 1, "bare",
                    hook, counter), counter)));
            assertTrue(f.device.runtime().info(ContainerId.of("bare_" + hook)).isEmpty(), "nothing installed");
        }
        refused(Refusal.HOOK_FORBIDDEN, "tenant acme may not use hook timer; it may use [shell]",
                () -> loader.deploy(sign(ACME, manifest("acme_tick", 1, "acme", "timer", counter), counter)));
        loader.deploy(sign(OTHER, manifest("other_tick", 1, "other", "timer", counter), counter));
        loader.deploy(sign(OTHER, manifest("other_app", 1, "other", "shell", counter), counter));
        assertEquals(List.of("app", "other_app", "other_tick"),
                loader.installed().stream().map(DeviceLoader.Installed::component).toList());

        // an entry grants exactly its hooks (a new configuration makes a new loader)
        Map<String, Object> config = Fixture.config();
        config.put("tenant.hooks", "acme:shell acme:timer bare:timer other:*");
        DeviceLoader granted = new DeviceLoader(f.device, f.hooks, LoaderSettings.parse(config), dir.resolve("granted"),
                f::fetch);
        granted.deploy(sign(BARE, manifest("bare_timer", 1, "bare", "timer", counter), counter));
        granted.deploy(sign(ACME, manifest("acme_tick", 1, "acme", "timer", counter), counter));
        refused(Refusal.HOOK_FORBIDDEN, "tenant bare may not use hook shell; it may use [timer]",
                () -> granted.deploy(sign(BARE, manifest("bare_shell", 1, "bare", "shell", counter), counter)));
        assertEquals(List.of("acme_tick", "bare_timer"),
                granted.installed().stream().map(DeviceLoader.Installed::component).toList());
    }

    private Attachment attachment(String container) {
        for (HookStatus s : f.hooks.hooks()) {
            for (HookStatus.Entry e : s.chain()) {
                if (e.attachment().container().name().equals(container)) {
                    return e.attachment();
                }
            }
        }
        throw new AssertionError(container + " is in no chain");
    }

    @Test
    void anAttachmentTheHookRefusesLeavesNothingOrThePreviousVersion() throws Exception {
        byte[] counter = TestDevice.counting(0x78, 0);
        refused(Refusal.ATTACH_REFUSED, "timer period must be", () -> loader.deploy(sign(OTHER,
                manifest("tick", 1, "other", "timer", counter, null, Map.of("period", "0")), counter)));
        assertTrue(f.device.runtime().info(ContainerId.of("tick")).isEmpty(), "nothing half-installed");
        loader.deploy(sign(OTHER, manifest("tick", 2, "other", "timer", counter, null, Map.of("period", "50")),
                counter));
        byte[] other = TestDevice.counting(0x79, 1);
        refused(Refusal.ATTACH_REFUSED, "timer period must be", () -> loader.deploy(sign(OTHER,
                manifest("tick", 3, "other", "timer", other, null, Map.of("period", "-1")), other)));
        assertEquals("50", attachment("tick").parameters().get("period"), "the previous attachment is back");
        assertEquals(0, f.device.runtime().run(ContainerId.of("tick"), io.femto4j.runtime.Invocation.of(new byte[24]))
                .r0(), "the previous image (returning 0, the refused one returns 1) is back");
        refused(Refusal.ATTACH_REFUSED, "unknown policy", () -> loader.deploy(sign(OTHER, new Manifest(4, "tick",
                io.femto4j.loader.envelope.DeviceIds.VENDOR, Fixture.CLASS, DeviceLoader.sha256(counter),
                counter.length, null, "other", "timer", "sometimes", Map.of()), counter)));
        // a changed period is applied by attaching again
        loader.deploy(sign(OTHER, manifest("tick", 5, "other", "timer", counter, null, Map.of("period", "70")),
                counter));
        assertEquals("70", attachment("tick").parameters().get("period"));
    }

    @Test
    void requestsThatDoNotFitTheDeviceAreRefused() throws Exception {
        byte[] next = TestDevice.returning(2);
        refused(Refusal.TOO_LARGE, "at most " + (8192 + 4096), () -> loader.deploy(new byte[8192 + 4097]));
        refused(Refusal.NO_PAYLOAD, "neither", () -> loader.deploy(sign(ACME, manifest(APP, 6, "acme", "shell",
                next), null)));
        refused(Refusal.FETCH_FAILED, "4.04", () -> loader.deploy(sign(ACME, manifest(APP, 6, "acme", "shell", next,
                f.uri("missing"), Map.of()), null)));
        refused(Refusal.WRONG_VENDOR, "vendor id", () -> loader.deploy(sign(ACME, new Manifest(6, APP,
                UUID.randomUUID(), Fixture.CLASS, DeviceLoader.sha256(next), next.length, null, "acme", "shell",
                "continue", Map.of()), next)));
        refused(Refusal.UNKNOWN_HOOK, "no hook nohook", () -> loader.deploy(sign(OTHER, manifest("x", 1, "other",
                "nohook", next), next)));
        refused(Refusal.UNTRUSTED_KEY, "no key is trusted for tenant nobody", () -> loader.deploy(sign(ACME,
                manifest("x", 1, "nobody", "shell", next), next)));
        f.device.install("taken", next, DeviceLoader.SHELL_HOOK);
        refused(Refusal.NAME_TAKEN, "not installed by the loader", () -> loader.deploy(sign(OTHER,
                manifest("taken", 1, "other", "shell", next), next)));
        byte[] counter = TestDevice.counting(0x7a, 0);
        loader.deploy(sign(OTHER, manifest("tick", 1, "other", "timer", counter), counter));
        refused(Refusal.HOOK_CONFLICT, "is installed for hook timer", () -> loader.deploy(sign(OTHER,
                manifest("tick", 2, "other", "shell", next), next)));
        f.device.putTenant(new Tenant(TenantId.of("other"), Set.of("*"), HelperNumbers.ALL,
                new Tenant.Quotas(1, 64 * 1024, 16)));
        refused(Refusal.QUOTA, "may install 1 container", () -> loader.deploy(sign(OTHER,
                manifest("second", 1, "other", "shell", next), next)));
        f.assertAppUnchanged(1);
    }

    @Test
    void oneDeploymentAtATime() throws Exception {
        CountDownLatch fetching = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger fetches = new java.util.concurrent.atomic.AtomicInteger();
        byte[] next = TestDevice.returning(2);
        DeviceLoader slow = new DeviceLoader(f.device, f.hooks, LoaderSettings.parse(Fixture.config()), dir.resolve("slow"),
                (uri, max) -> {
                    fetches.incrementAndGet();
                    fetching.countDown();
                    try {
                        release.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return next;
                });
        CompletableFuture<DeviceLoader.Installed> first = CompletableFuture.supplyAsync(() -> {
            try {
                return slow.deploy(sign(ACME, manifest("slow", 1, "acme", "shell", next, "coap://h/x", Map.of()), null));
            } catch (Refused r) {
                throw new IllegalStateException(r.diagnostic());
            }
        });
        assertTrue(fetching.await(5, TimeUnit.SECONDS));
        refused(Refusal.BUSY, "in progress", () -> slow.deploy(sign(ACME, manifest("fast", 1, "acme", "shell", next),
                next)));
        refused(Refusal.BUSY, "in progress", () -> slow.deployFrom("coap://h/other.suit"));
        assertEquals(1, fetches.get(), "a trigger meanwhile fetches nothing: fetches are one at a time too");
        release.countDown();
        assertEquals("slow", first.get(5, TimeUnit.SECONDS).component());
    }

    @Test
    void execRefusesWhatItCannotRun() throws Exception {
        refused(Refusal.NO_CONTAINER, "no container \"nope\"", () -> loader.exec("nope", new byte[0]));
        refused(Refusal.CONTEXT_TOO_LARGE, "at most 1024", () -> loader.exec(APP, new byte[1025]));
        f.device.runtime().detach(ContainerId.of(APP));
        refused(Refusal.NOT_ATTACHED, "detached", () -> loader.exec(APP, new byte[0]));
    }

    @Test
    void aStorageFailureTakesTheNewVersionOutAgain() throws Exception {
        Files.delete(dir.resolve("app.suit"));
        Files.delete(dir);
        Files.writeString(dir, "not a directory any more");
        refused(Refusal.STORAGE_FAILED, "cannot keep the envelope", () -> loader.deploy(Fixture.app(6,
                TestDevice.returning(2))));
        assertEquals(1, f.r0(APP), "the previous image runs again");
        refused(Refusal.STORAGE_FAILED, "cannot keep the envelope", () -> loader.deploy(sign(ACME,
                manifest("fresh", 1, "acme", "shell", TestDevice.returning(2)), TestDevice.returning(2))));
        assertTrue(f.device.runtime().info(ContainerId.of("fresh")).isEmpty(), "a new one is not left installed");
    }

    @Test
    void aRestartRestoresTheContainersAndKeepsReplayClosed() throws Exception {
        byte[] counter = TestDevice.counting(0x7b, 0);
        loader.deploy(sign(OTHER, manifest("tick", 1, "other", "timer", counter, null, Map.of("period", "20")),
                counter));
        f.close();
        f = new Fixture(dir); // a new device and hook manager: the platform started again
        loader = f.loader();
        assertEquals(Map.of(), loader.restore());
        f.assertAppUnchanged(1);
        assertEquals("20", attachment("tick").parameters().get("period"));
        refused(Refusal.STALE_SEQUENCE, "not above 5", () -> loader.deploy(Fixture.app(5, TestDevice.returning(2))));
        refused(Refusal.STALE_SEQUENCE, "not above 5", () -> loader.deploy(Fixture.app(3, TestDevice.returning(2))));
        f.assertAppUnchanged(1);
        loader.deploy(Fixture.app(6, TestDevice.returning(2)));
        assertEquals(2, f.r0(APP));
    }

    @Test
    void aStoredContainerWaitsForItsHookAndARevokedKeyKeepsItsSequence() throws Exception {
        byte[] counter = TestDevice.counting(0x7c, 0);
        loader.deploy(sign(OTHER, manifest("tick", 1, "other", "timer", counter), counter));
        f.close();
        f = new Fixture(dir);
        f.hooks.removeProvider(f.timer);
        Map<String, Object> config = Fixture.config();
        config.put("trusted.keys", "other:" + io.femto4j.loader.envelope.Ed25519Keys.publicText(OTHER.getPublic()));
        loader = new DeviceLoader(f.device, f.hooks, LoaderSettings.parse(config), dir, f::fetch);
        Map<String, String> failed = loader.restore();
        assertTrue(failed.get("app").startsWith("untrusted-key: no key is trusted for tenant acme"), failed.toString());
        assertTrue(failed.get("tick").startsWith("unknown-hook"), failed.toString());
        assertTrue(f.device.runtime().containers().isEmpty());
        f.hooks.addProvider(f.timer);
        assertEquals(Map.of(), loader.retryPending());
        assertEquals("tick", attachment("tick").container().name());
        // acme's key is back: replaying acme's old envelope is still refused, its sequence number was kept
        loader = new DeviceLoader(f.device, f.hooks, LoaderSettings.parse(Fixture.config()), dir.resolve("x"), f::fetch);
        DeviceLoader again = new DeviceLoader(f.device, f.hooks, LoaderSettings.parse(Fixture.config()), dir, f::fetch);
        again.restore();
        refused(Refusal.STALE_SEQUENCE, "not above 5", () -> again.deploy(Fixture.app(5, TestDevice.returning(2))));
    }

    @Test
    void aStoredContainerOfATenantWhoseEntryWasRemovedIsNotRestoredAndKeepsItsSequence() throws Exception {
        f.close();
        f = new Fixture(dir);
        Map<String, Object> config = Fixture.config();
        config.put("tenant.hooks", "other:*"); // acme keeps its key but loses its entry
        DeviceLoader next = new DeviceLoader(f.device, f.hooks, LoaderSettings.parse(config), dir, f::fetch);
        assertEquals(Map.of("app", "hook-forbidden: tenant acme has no tenant.hooks entry, so it may use no hook; grant"
                + " hooks in PID io.femto4j.loader, e.g. tenant.hooks=acme:shell (or acme:* for every hook)"),
                next.restore());
        assertTrue(f.device.runtime().containers().isEmpty(), "nothing restored");
        assertFalse(next.hasPending(), "and nothing waits: a configuration change brings it back");
        refused(Refusal.STALE_SEQUENCE, "not above 5", () -> next.deploy(Fixture.app(5, TestDevice.returning(2))));
    }

    @Test
    void aLoaderStoppingOnALiveDeviceTakesItsContainersOffAndANewOneRestoresThem() throws Exception {
        byte[] counter = TestDevice.counting(0x7d, 0);
        loader.deploy(sign(OTHER, manifest("tick", 1, "other", "timer", counter), counter));
        f.device.install("mine", TestDevice.returning(9), DeviceLoader.SHELL_HOOK);
        loader.unload();
        assertEquals(List.of("mine"), f.device.runtime().containers().stream().map(i -> i.id().name()).toList(),
                "only the loader's containers leave");
        assertTrue(f.hooks.hooks().stream().allMatch(h -> h.chain().isEmpty()), "and their chains");
        DeviceLoader next = f.loader();
        assertEquals(Map.of(), next.restore());
        f.assertAppUnchanged(1);
        assertEquals("tick", attachment("tick").container().name());
    }

    @Test
    void aHookKnownFromItsProviderBeforeTheHookManagerIsAttachedWhenTheManagerGetsIt() throws Exception {
        f.hooks.removeProvider(f.timer); // the manager has not heard of the timer provider yet; the loader has
        DeviceLoader early = new DeviceLoader(f.device, f.hooks,
                name -> name.equals("timer") ? java.util.Optional.of(f.timer.spec()) : java.util.Optional.empty(),
                LoaderSettings.parse(Fixture.config()), dir.resolve("early"), f::fetch);
        byte[] counter = TestDevice.counting(0x7e, 0);
        early.deploy(sign(OTHER, manifest("tick", 1, "other", "timer", counter, null, Map.of("period", "10")),
                counter));
        assertEquals("tick", attachment("tick").container().name(), "in the chain, waiting for the provider");
        f.hooks.addProvider(f.timer);
        long deadline = System.currentTimeMillis() + 5000;
        while (f.device.global(0x7e) < 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(f.device.global(0x7e) >= 2, "runs once the manager has the provider");
    }

    @Test
    void aRestoreBeforeTheHookManagerKnowsTheDeviceWaitsAndIsRetried() throws Exception {
        byte[] counter = TestDevice.counting(0x7f, 0);
        loader.deploy(sign(OTHER, manifest("tick", 1, "other", "timer", counter), counter));
        f.close();
        f = new Fixture(dir);
        f.hooks.removeDevice(f.device); // the loader hears of the new device before the hook manager does
        loader = f.loader();
        Map<String, String> failed = loader.restore();
        assertTrue(failed.get("tick").startsWith("attach-refused"), failed.toString());
        assertTrue(loader.hasPending());
        assertTrue(f.device.runtime().info(ContainerId.of("tick")).isEmpty(), "not left installed meanwhile");
        f.hooks.addDevice(f.device);
        assertEquals(Map.of(), loader.retryPending());
        assertFalse(loader.hasPending());
        assertEquals("tick", attachment("tick").container().name());
        f.assertAppUnchanged(1);
    }

    @Test
    void leftoverTemporaryFilesAreRemovedAtStart() throws Exception {
        Path leftover = dir.resolve("app.123.tmp");
        Files.write(leftover, new byte[]{1, 2});
        new ComponentStore(dir, 1000);
        assertFalse(Files.exists(leftover));
        assertEquals(List.of("app"), new ComponentStore(dir, 1000).names());
    }
}
