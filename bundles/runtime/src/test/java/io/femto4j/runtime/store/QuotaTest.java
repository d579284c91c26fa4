package io.femto4j.runtime.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Quota exhaustion: the container or tenant at its limit gets the error code, the others go on. */
class QuotaTest {

    private static final TenantId ACME = TenantId.of("acme");
    private static final TenantId OTHER = TenantId.of("other");

    /** Container: 4 local, 3 tenant, 3 global. Tenant: 5 in its store, 5 global. Global capacity 8. */
    private final StoreService service = new StoreService(new StoreConfig(8, new ContainerQuota(4, 3, 3),
            new TenantQuota(5, 5)));

    private static void fill(KeyValueStore store, int from, int count) {
        for (int k = from; k < from + count; k++) {
            assertEquals(StoreStatus.OK, store.store(k, k + 100), "key " + k);
        }
    }

    @Test
    void fullLocalStoreRefusesNewKeysButNotUpdatesNorOthers() {
        ContainerStores a = service.attach(ContainerId.of("a"), ACME);
        ContainerStores b = service.attach(ContainerId.of("b"), ACME);
        fill(a.local(), 0, 4);

        assertEquals(StoreStatus.ERR_CONTAINER_QUOTA, a.local().store(99, 1));
        assertEquals(StoreStatus.ERR_CONTAINER_QUOTA, a.local().addAndGet(99, 1));
        assertEquals(StoreStatus.ERR_CONTAINER_QUOTA, a.local().compareAndExchange(99, 0, 1));
        assertEquals(0, a.local().fetch(99), "a refused store changes nothing");

        assertEquals(StoreStatus.OK, a.local().store(0, 7), "updating an existing key costs no quota");
        assertEquals(108, a.local().addAndGet(0, 101));
        assertEquals(0, a.local().fetch(99));
        fill(b.local(), 0, 4);

        assertEquals(StoreStatus.OK, a.local().store(1, 0), "deleting frees a unit");
        assertEquals(StoreStatus.OK, a.local().store(99, 1));
        assertEquals(new ContainerUsage(4, 0, 0, new ContainerQuota(4, 3, 3)), a.usage());
    }

    @Test
    void globalStoreLimitsContainerThenTenantThenCapacity() {
        ContainerStores a1 = service.attach(ContainerId.of("a1"), ACME);
        ContainerStores a2 = service.attach(ContainerId.of("a2"), ACME);
        ContainerStores b1 = service.attach(ContainerId.of("b1"), OTHER);
        ContainerStores b2 = service.attach(ContainerId.of("b2"), OTHER);

        fill(a1.global(), 0, 3);
        assertEquals(StoreStatus.ERR_CONTAINER_QUOTA, a1.global().store(3, 1), "a1 owns its 3");

        fill(a2.global(), 10, 2);
        assertEquals(StoreStatus.ERR_TENANT_QUOTA, a2.global().store(12, 1), "acme owns its 5");
        assertEquals(2, a2.usage().globalEntries(), "the refused insert did not stay charged to a2");

        fill(b1.global(), 20, 3);
        assertEquals(StoreStatus.ERR_STORE_FULL, b2.global().store(30, 1), "8 entries: the store is full");
        assertEquals(0, b2.usage().globalEntries());
        assertEquals(3, service.usage(OTHER).orElseThrow().globalEntries());
        assertEquals(8, service.global().size());

        // Everybody can still read and update, whoever created the entry.
        assertEquals(100, b2.global().fetch(0));
        assertEquals(StoreStatus.OK, b2.global().store(0, 5));
        assertEquals(6, a1.global().addAndGet(0, 1));
        assertEquals(3, a1.usage().globalEntries(), "the entry stays a1's");

        // Deleting releases the creator's charges, whoever deletes.
        assertEquals(StoreStatus.OK, b2.global().store(0, 0));
        assertEquals(2, a1.usage().globalEntries());
        assertEquals(4, service.usage(ACME).orElseThrow().globalEntries());
        assertEquals(StoreStatus.OK, b2.global().store(30, 1), "now b2 can create one");
        assertEquals(1, b2.usage().globalEntries());
    }

    @Test
    void tenantStoreLimitsContainerThenTenant() {
        ContainerStores a1 = service.attach(ContainerId.of("a1"), ACME);
        ContainerStores a2 = service.attach(ContainerId.of("a2"), ACME);
        ContainerStores b1 = service.attach(ContainerId.of("b1"), OTHER);
        fill(a1.tenant(), 0, 3);
        assertEquals(StoreStatus.ERR_CONTAINER_QUOTA, a1.tenant().store(3, 1));
        fill(a2.tenant(), 10, 2);
        assertEquals(StoreStatus.ERR_TENANT_QUOTA, a2.tenant().store(12, 1), "acme's store holds 5");
        fill(b1.tenant(), 0, 3);
        assertEquals(new TenantUsage(5, 0, 2, new TenantQuota(5, 5)), service.usage(ACME).orElseThrow());
        assertEquals(3, service.usage(OTHER).orElseThrow().tenantEntries());
    }

    @Test
    void uninstallKeepsSharedEntriesChargedToTheTenantOnly() {
        ContainerId id = ContainerId.of("a");
        ContainerStores a = service.attach(id, ACME);
        fill(a.global(), 0, 3);
        fill(a.tenant(), 0, 2);
        fill(a.local(), 0, 4);
        service.detach(id);

        TenantUsage acme = service.usage(ACME).orElseThrow();
        assertEquals(3, acme.globalEntries(), "the tenant stays charged: redeploying does not escape the quota");
        assertEquals(2, acme.tenantEntries());
        assertEquals(0, acme.attachedContainers());
        assertEquals(3, service.global().size());
        assertEquals(0, a.usage().localEntries(), "the local store was dropped");

        ContainerStores again = service.attach(id, ACME);
        assertEquals(new ContainerUsage(0, 0, 0, new ContainerQuota(4, 3, 3)), again.usage(),
                "the container's own charge ended with it");
        assertEquals(100, again.global().fetch(0));
        fill(again.global(), 10, 2);
        assertEquals(StoreStatus.ERR_TENANT_QUOTA, again.global().store(12, 1), "3 old + 2 new = acme's 5");
        assertEquals(StoreStatus.OK, again.global().store(0, 0), "the tenant reclaims space by deleting");
        assertEquals(StoreStatus.OK, again.global().store(12, 1));
        assertEquals(3, again.usage().globalEntries());
        assertEquals(5, service.usage(ACME).orElseThrow().globalEntries());
    }

    @Test
    void removeTenantPurgesItsGlobalEntriesAndItsStore() {
        ContainerStores a = service.attach(ContainerId.of("a"), ACME);
        ContainerStores b = service.attach(ContainerId.of("b"), OTHER);
        fill(a.global(), 0, 3);
        fill(b.global(), 10, 3);
        fill(a.tenant(), 0, 2);
        assertThrows(IllegalStateException.class, () -> service.removeTenant(ACME), "a is still attached");

        service.detach(ContainerId.of("a"));
        assertTrue(service.removeTenant(ACME));
        assertEquals(3, service.global().size());
        assertEquals(0, service.global().fetch(0));
        assertEquals(110, service.global().fetch(10));
        assertTrue(service.tenant(ACME).isEmpty());
        assertTrue(service.usage(ACME).isEmpty());

        ContainerStores fresh = service.attach(ContainerId.of("a"), ACME);
        assertEquals(0, fresh.tenant().fetch(0), "a new tenant of the same name starts empty");
        fill(fresh.global(), 0, 3);
    }

    @Test
    void limitsCanChangeAtRunTimeWithoutEviction() {
        ContainerStores a = service.attach(ContainerId.of("a"), ACME, new ContainerQuota(4, 3, 3));
        fill(a.tenant(), 0, 3);
        service.configureTenant(ACME, new TenantQuota(2, 5));
        assertEquals(3, service.tenant(ACME).orElseThrow().size(), "lowering evicts nothing");
        assertEquals(2, service.tenant(ACME).orElseThrow().capacity());
        ContainerStores a2 = service.attach(ContainerId.of("a2"), ACME);
        assertEquals(StoreStatus.ERR_TENANT_QUOTA, a2.tenant().store(10, 1));
        a.tenant().store(0, 0);
        a.tenant().store(1, 0);
        assertEquals(StoreStatus.OK, a2.tenant().store(10, 1), "below the new limit again");

        service.configureTenant(OTHER, new TenantQuota(0, 0));
        ContainerStores b = service.attach(ContainerId.of("b"), OTHER);
        assertEquals(StoreStatus.ERR_TENANT_QUOTA, b.tenant().store(1, 1));
        assertEquals(StoreStatus.ERR_TENANT_QUOTA, b.global().store(1, 1));
        assertEquals(StoreStatus.OK, b.global().store(0, 0));
    }

    @Test
    void perContainerQuotaOverridesTheDefault() {
        ContainerStores small = service.attach(ContainerId.of("s"), ACME, new ContainerQuota(1, 0, 0));
        assertEquals(StoreStatus.OK, small.local().store(1, 1));
        assertEquals(StoreStatus.ERR_CONTAINER_QUOTA, small.local().store(2, 1));
        assertEquals(StoreStatus.ERR_CONTAINER_QUOTA, small.tenant().store(2, 1));
        assertEquals(StoreStatus.ERR_CONTAINER_QUOTA, small.global().store(2, 1));
        assertEquals(0, small.global().fetch(2));
    }
}
