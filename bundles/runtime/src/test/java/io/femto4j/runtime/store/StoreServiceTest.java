package io.femto4j.runtime.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Scopes, values and the life cycle of containers and tenants. */
class StoreServiceTest {

    private static final TenantId ACME = TenantId.of("acme");
    private static final TenantId OTHER = TenantId.of("other");

    private final StoreService service = new StoreService();

    @Test
    void missingKeyFetchesZero() {
        ContainerStores c = service.attach(ContainerId.of("c"), ACME);
        for (Scope scope : Scope.values()) {
            assertEquals(0, c.store(scope).fetch(0x50));
            assertEquals(0, c.store(scope).fetch(-1));
        }
    }

    @Test
    void valuesAndKeysAreUnsigned32Bit() {
        KeyValueStore global = service.attach(ContainerId.of("c"), ACME).global();
        assertEquals(StoreStatus.OK, global.store(0xFFFF_FFFF, 0xFFFF_FFFE));
        assertEquals(0xFFFF_FFFEL, global.fetch(-1));
        assertEquals(0xFFFF_FFFFL, global.addAndGet(-1, 1));
        // Wraps modulo 2^32 as uint32_t arithmetic in C does; reaching 0 deletes the entry.
        assertEquals(0L, global.addAndGet(-1, 1));
        assertEquals(0, service.global().size());
    }

    @Test
    void storingZeroDeletes() {
        KeyValueStore local = service.attach(ContainerId.of("c"), ACME).local();
        local.store(7, 1);
        assertEquals(1, service.local(ContainerId.of("c")).orElseThrow().size());
        assertEquals(StoreStatus.OK, local.store(7, 0));
        assertEquals(0, local.fetch(7));
        assertEquals(0, service.local(ContainerId.of("c")).orElseThrow().size());
        assertEquals(StoreStatus.OK, local.store(8, 0), "deleting a missing key is fine");
    }

    @Test
    void scopesAreSeparate() {
        ContainerStores a1 = service.attach(ContainerId.of("a1"), ACME);
        ContainerStores a2 = service.attach(ContainerId.of("a2"), ACME);
        ContainerStores b1 = service.attach(ContainerId.of("b1"), OTHER);

        a1.local().store(1, 11);
        a1.tenant().store(1, 12);
        a1.global().store(1, 13);

        assertEquals(11, a1.local().fetch(1));
        assertEquals(0, a2.local().fetch(1), "local stores are per container");
        assertEquals(12, a2.tenant().fetch(1), "the tenant store is shared by the tenant's containers");
        assertEquals(0, b1.tenant().fetch(1), "but not with other tenants");
        assertEquals(13, b1.global().fetch(1), "the global store is shared by all");
        assertEquals(13, service.global().fetch(1));
        assertEquals(12, service.tenant(ACME).orElseThrow().fetch(1));
    }

    @Test
    void atomicPrimitivesReturnWhatTheHelpersNeed() {
        KeyValueStore global = service.attach(ContainerId.of("c"), ACME).global();
        assertEquals(5, global.addAndGet(3, 5));
        assertEquals(3, global.addAndGet(3, -2));
        assertEquals(3, global.compareAndExchange(3, 4, 9), "mismatch: returns the witness, no swap");
        assertEquals(3, global.fetch(3));
        assertEquals(3, global.compareAndExchange(3, 3, 9), "match: returns the old value and swaps");
        assertEquals(9, global.fetch(3));
        assertEquals(0, global.compareAndExchange(4, 0, 1), "absent counts as 0, so CAS from 0 creates");
        assertEquals(1, global.fetch(4));
        assertEquals(9, global.compareAndExchange(3, 9, 0), "CAS to 0 deletes");
        assertEquals(1, service.global().size());
    }

    @Test
    void attachingTwiceIsRefused() {
        service.attach(ContainerId.of("c"), ACME);
        assertThrows(IllegalStateException.class, () -> service.attach(ContainerId.of("c"), OTHER));
    }

    @Test
    void detachDropsTheLocalStoreAndRefusesTheOldHandle() {
        ContainerId id = ContainerId.of("c");
        ContainerStores old = service.attach(id, ACME);
        old.local().store(1, 1);
        old.global().store(2, 2);
        assertTrue(service.detach(id));
        assertFalse(service.detach(id));
        assertFalse(old.attached());
        assertTrue(service.local(id).isEmpty());
        for (Scope scope : Scope.values()) {
            KeyValueStore s = old.store(scope);
            assertEquals(StoreStatus.ERR_DETACHED, s.store(1, 5));
            assertEquals(StoreStatus.ERR_DETACHED, s.fetch(1));
            assertEquals(StoreStatus.ERR_DETACHED, s.addAndGet(1, 1));
            assertEquals(StoreStatus.ERR_DETACHED, s.compareAndExchange(1, 0, 1));
        }
        ContainerStores again = service.attach(id, ACME);
        assertEquals(0, again.local().fetch(1), "a reinstalled container starts with an empty local store");
        assertEquals(2, again.global().fetch(2), "global data outlives the container that wrote it");
    }

    @Test
    void snapshotIsBoundedAndSortedByUnsignedKey() {
        ContainerStores c = service.attach(ContainerId.of("c"), ACME);
        c.global().store(-1, 1);
        c.global().store(0, 2);
        c.global().store(5, 3);
        c.global().store(Integer.MIN_VALUE, 4);
        List<StoreEntry> all = service.global().snapshot(100);
        assertEquals(List.of(0, 5, Integer.MIN_VALUE, -1), all.stream().map(StoreEntry::key).toList());
        assertEquals(ContainerId.of("c"), all.get(0).owner());
        assertEquals("0xffffffff = 1 (c)", all.get(3).toString());
        assertEquals(2, service.global().snapshot(2).size());
        assertEquals(0, service.global().snapshot(0).size());
        assertThrows(IllegalArgumentException.class, () -> service.global().snapshot(-1));

        c.local().store(9, 9);
        assertEquals(List.of(new StoreEntry(9, 9, ContainerId.of("c"))),
                service.local(ContainerId.of("c")).orElseThrow().snapshot(10));
    }

    @Test
    void statusCodesAreDescribed() {
        assertEquals("ok", StoreStatus.describe(StoreStatus.OK));
        assertEquals("ok", StoreStatus.describe(0xFFFF_FFFFL), "a fetched value is not an error");
        assertEquals("container quota exceeded", StoreStatus.describe(StoreStatus.ERR_CONTAINER_QUOTA));
        assertEquals("tenant quota exceeded", StoreStatus.describe(StoreStatus.ERR_TENANT_QUOTA));
        assertEquals("store full", StoreStatus.describe(StoreStatus.ERR_STORE_FULL));
        assertEquals("container detached", StoreStatus.describe(StoreStatus.ERR_DETACHED));
        assertTrue(StoreStatus.isError(StoreStatus.ERR_DETACHED));
        assertFalse(StoreStatus.isError(0xFFFF_FFFFL));
    }

    @Test
    void configRejectsOutOfRangeLimits() {
        assertThrows(IllegalArgumentException.class, () -> new ContainerQuota(-1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new TenantQuota(0, StoreConfig.MAX_ENTRIES + 1));
        assertThrows(IllegalArgumentException.class, () -> StoreConfig.defaults().withGlobalCapacity(-5));
        assertThrows(IllegalArgumentException.class, () -> ContainerId.of(" "));
        assertThrows(NullPointerException.class, () -> TenantId.of(null));
    }

    @Test
    void memoryPerEntryStaysSmall() {
        StoreService big = new StoreService(StoreConfig.defaults().withGlobalCapacity(100_000)
                .withContainerQuota(new ContainerQuota(50_000, 0, 50_000))
                .withTenantQuota(new TenantQuota(0, 100_000)));
        long empty = big.estimatedBytes();
        ContainerStores c = big.attach(ContainerId.of("c"), ACME);
        int n = 40_000;
        for (int i = 0; i < n; i++) {
            assertEquals(StoreStatus.OK, c.global().store(i * 7919, i + 1));
            assertEquals(StoreStatus.OK, c.local().store(i, i + 1));
        }
        double globalPerEntry = (double) big.global().estimatedBytes() / n;
        double localPerEntry = (double) big.local(c.containerId()).orElseThrow().estimatedBytes() / n;
        assertTrue(globalPerEntry <= 32, "global bytes per entry " + globalPerEntry);
        assertTrue(localPerEntry <= 22, "local bytes per entry " + localPerEntry);
        assertTrue(empty < 4096, "an empty service is small: " + empty);

        // Deleting shrinks the tables again.
        for (int i = 0; i < n; i++) {
            c.global().store(i * 7919, 0);
        }
        assertTrue(big.global().estimatedBytes() < 4096, "emptied global: " + big.global().estimatedBytes());
    }

    @Test
    void aLocalStoreIsMadeAtItsFirstUseAndBehavesAsEmptyBefore() {
        ContainerStores first = service.attach(ContainerId.of("first"), ACME);
        long oneUnused = service.estimatedBytes();
        ContainerStores idle = service.attach(ContainerId.of("idle"), ACME);
        long twoUnused = service.estimatedBytes();
        assertEquals(Account.FIXED_BYTES + 32, twoUnused - oneUnused, "account and handle: no counter, no table");
        assertEquals(0, idle.usage().localEntries());

        assertEquals(0, idle.local().fetch(7), "an absent key reads 0");
        assertEquals(StoreStatus.OK, idle.local().store(7, 42));
        assertEquals(42, idle.local().fetch(7));
        assertEquals(1, idle.usage().localEntries());
        assertTrue(service.estimatedBytes() > twoUnused + 24 + Account.COUNTER_BYTES,
                "the local store's handle, counter and table exist now");
        assertEquals(Scope.LOCAL, first.local().scope());
        assertEquals(0, first.local().fetch(7), "another container's local store");

        service.detach(ContainerId.of("idle"));
        service.detach(ContainerId.of("first")); // never written: nothing to clear
        assertEquals(StoreStatus.ERR_DETACHED, idle.local().fetch(7));
    }
}
