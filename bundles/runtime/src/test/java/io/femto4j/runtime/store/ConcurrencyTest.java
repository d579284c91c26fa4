package io.femto4j.runtime.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many threads at once, as hooks fired on many threads would call the helpers. Counts must be exact and limits
 * never exceeded, not even while the threads run.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConcurrencyTest {

    private static final int THREADS = 8;
    private static final int INCREMENTS = 100_000;

    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);

    @AfterEach
    void shutdown() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }

    /** Runs one task per thread, all released at once; rethrows the first failure. */
    private <T> List<T> runAll(IntFunction<Callable<T>> task) throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Future<T>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Callable<T> body = task.apply(t);
            futures.add(pool.submit(() -> {
                start.await();
                return body.call();
            }));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get(100, TimeUnit.SECONDS));
        }
        return results;
    }

    @Test
    void addAndGetLosesNoUpdateOnOneGlobalKey() throws Exception {
        StoreService service = new StoreService();
        List<ContainerStores> containers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            containers.add(service.attach(ContainerId.of("c" + t), TenantId.of("t" + t % 2)));
        }
        runAll(t -> () -> {
            KeyValueStore global = containers.get(t).global();
            for (int i = 0; i < INCREMENTS; i++) {
                long v = global.addAndGet(42, 1);
                if (v <= 0) {
                    throw new AssertionError("status " + v);
                }
            }
            return null;
        });
        assertEquals((long) THREADS * INCREMENTS, service.global().fetch(42));
        assertEquals(1, service.global().size());
        int owners = 0;
        for (ContainerStores c : containers) {
            owners += c.usage().globalEntries();
        }
        assertEquals(1, owners, "exactly one container created the entry and is charged for it");
    }

    @Test
    void compareAndExchangeLoopsLoseNoUpdateAndEveryThreadSeesDistinctValues() throws Exception {
        StoreService service = new StoreService();
        ContainerStores shared = service.attach(ContainerId.of("c"), TenantId.of("t"));
        // The same container's hooks on 8 threads, all on its local store: increments by CAS retry loops, as a
        // guest would write them with the cmpxchg helper. Each thread records the values it installed.
        List<long[]> installed = runAll(t -> () -> {
            KeyValueStore local = shared.local();
            long[] mine = new long[INCREMENTS];
            for (int i = 0; i < INCREMENTS; i++) {
                while (true) {
                    long seen = local.fetch(7);
                    long witness = local.compareAndExchange(7, (int) seen, (int) seen + 1);
                    if (witness < 0) {
                        throw new AssertionError("status " + witness);
                    }
                    if (witness == seen) {
                        mine[i] = seen + 1;
                        break;
                    }
                }
            }
            return mine;
        });
        assertEquals((long) THREADS * INCREMENTS, shared.local().fetch(7));
        boolean[] taken = new boolean[THREADS * INCREMENTS + 1];
        for (long[] mine : installed) {
            for (long v : mine) {
                assertTrue(!taken[(int) v], "value " + v + " installed twice");
                taken[(int) v] = true;
            }
        }
    }

    @Test
    void fetchThenStoreIsNotAtomicWhichIsWhyTheAtomicPrimitivesExist() throws Exception {
        // Documents the hazard the SDK warns about (the upstream thread counter's pattern); not a requirement
        // on timing, so only the upper bound is asserted.
        StoreService service = new StoreService();
        ContainerStores c = service.attach(ContainerId.of("c"), TenantId.of("t"));
        runAll(t -> () -> {
            for (int i = 0; i < 10_000; i++) {
                c.global().store(1, (int) c.global().fetch(1) + 1);
            }
            return null;
        });
        assertTrue(c.global().fetch(1) <= THREADS * 10_000L);
    }

    @Test
    void threadsOfOneFreshContainerShareOneCounterPerStore() throws Exception {
        // The handles and quota counters of a container are made at its first use of each store: every thread of
        // one container racing on its first uses must still be charged to one counter per store, exactly.
        StoreService service = new StoreService(new StoreConfig(10_000, new ContainerQuota(50, 60, 70),
                new TenantQuota(1000, 1000)));
        ContainerStores one = service.attach(ContainerId.of("one"), TenantId.of("t"));
        assertEquals(new ContainerUsage(0, 0, 0, one.usage().quota()), one.usage());
        List<int[]> created = runAll(t -> () -> {
            int[] ok = new int[3];
            for (int i = 0; i < 200; i++) {
                for (Scope scope : Scope.values()) {
                    if (one.store(scope).store(t << 16 | i, 1) == StoreStatus.OK) {
                        ok[scope.ordinal()]++;
                    }
                }
            }
            return ok;
        });
        int[] total = new int[3];
        for (int[] c : created) {
            for (int i = 0; i < 3; i++) {
                total[i] += c[i];
            }
        }
        ContainerUsage u = one.usage();
        assertEquals(50, total[Scope.LOCAL.ordinal()]);
        assertEquals(60, total[Scope.TENANT.ordinal()]);
        assertEquals(70, total[Scope.GLOBAL.ordinal()]);
        assertEquals(50, u.localEntries());
        assertEquals(60, u.tenantEntries());
        assertEquals(70, u.globalEntries());
        assertEquals(70, service.global().size());
    }

    @Test
    void quotasHoldUnderRacingInserts() throws Exception {
        // 8 containers of 2 tenants race to create far more keys than they may; a monitor samples the counters
        // meanwhile. Limits: container 300 global, tenant 1000 global, store 1800: the tenants' 2000 exceed the
        // store, so all three limits are hit.
        StoreService service = new StoreService(new StoreConfig(1800, new ContainerQuota(64, 100, 300),
                new TenantQuota(250, 1000)));
        List<ContainerStores> containers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            containers.add(service.attach(ContainerId.of("c" + t), TenantId.of("t" + t % 2)));
        }
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicReference<String> violation = new AtomicReference<>();
        Future<?> monitor = pool.submit(() -> {
            while (running.get()) {
                for (ContainerStores c : containers) {
                    ContainerUsage u = c.usage();
                    if (u.globalEntries() > 300 || u.tenantEntries() > 100 || u.localEntries() > 64) {
                        violation.compareAndSet(null, c + ": " + u);
                    }
                }
                for (int t = 0; t < 2; t++) {
                    TenantUsage u = service.usage(TenantId.of("t" + t)).orElseThrow();
                    if (u.globalEntries() > 1000 || u.tenantEntries() > 250) {
                        violation.compareAndSet(null, "tenant t" + t + ": " + u);
                    }
                }
                int size = service.global().size();
                if (size > 1800) {
                    violation.compareAndSet(null, "global size " + size);
                }
            }
        });
        List<int[]> outcomes = runAll(t -> () -> {
            ContainerStores mine = containers.get(t);
            int[] counts = new int[5]; // ok, -1, -2, -3, other
            SplittableRandom random = new SplittableRandom(t);
            for (int i = 0; i < 20_000; i++) {
                // Distinct keys per thread for creation, plus deletions so that quota is released and re-taken.
                int key = t << 24 | random.nextInt(4000);
                int value = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(1000);
                Scope scope = Scope.values()[random.nextInt(3)];
                int status = mine.store(scope).store(key, value);
                counts[status == 0 ? 0 : status >= -3 ? -status : 4]++;
            }
            return counts;
        });
        running.set(false);
        monitor.get(10, TimeUnit.SECONDS);
        assertEquals(null, violation.get());

        // Every refusal is one of the documented codes, and all three global limits were reached.
        int[] total = new int[5];
        for (int[] c : outcomes) {
            for (int i = 0; i < 5; i++) {
                total[i] += c[i];
            }
        }
        assertEquals(0, total[4]);
        assertTrue(total[1] > 0 && total[2] > 0 && total[3] > 0, java.util.Arrays.toString(total));

        // At rest, every counter equals the entries actually in the stores, by owner.
        List<StoreEntry> global = service.global().snapshot(Integer.MAX_VALUE);
        assertEquals(service.global().size(), global.size());
        int[] tenantGlobal = new int[2];
        for (ContainerStores c : containers) {
            long owned = global.stream().filter(e -> e.owner().equals(c.containerId())).count();
            assertEquals(owned, c.usage().globalEntries(), c.toString());
            tenantGlobal[Integer.parseInt(c.tenantId().name().substring(1))] += (int) owned;
            long ownedInTenant = service.tenant(c.tenantId()).orElseThrow().snapshot(Integer.MAX_VALUE).stream()
                    .filter(e -> e.owner().equals(c.containerId())).count();
            assertEquals(ownedInTenant, c.usage().tenantEntries(), c.toString());
            assertEquals(service.local(c.containerId()).orElseThrow().size(), c.usage().localEntries());
        }
        for (int t = 0; t < 2; t++) {
            TenantUsage u = service.usage(TenantId.of("t" + t)).orElseThrow();
            assertEquals(tenantGlobal[t], u.globalEntries());
            assertEquals(service.tenant(TenantId.of("t" + t)).orElseThrow().size(), u.tenantEntries());
        }
    }

    @Test
    void readersNeverSeeTornOrForeignValuesWhileWritersChurn() throws Exception {
        // Writers create, update and delete keys in a small range (segments grow, shrink and shift clusters back)
        // while readers fetch on the optimistic path. A value always encodes its key, so a torn or misplaced
        // read shows up as a value that belongs to another key.
        StoreService service = new StoreService(new StoreConfig(100_000, new ContainerQuota(0, 0, 100_000),
                new TenantQuota(0, 100_000)));
        ContainerStores c = service.attach(ContainerId.of("c"), TenantId.of("t"));
        AtomicInteger writersDone = new AtomicInteger();
        int writers = THREADS / 2;
        List<Long> results = runAll(t -> () -> {
            KeyValueStore global = c.global();
            SplittableRandom random = new SplittableRandom(t * 31L);
            if (t < writers) {
                for (int i = 0; i < 200_000; i++) {
                    int key = random.nextInt(2048);
                    int value = random.nextInt(3) == 0 ? 0 : (key << 12 | random.nextInt(1 << 12)) | 1 << 31;
                    if (global.store(key, value) != StoreStatus.OK) {
                        throw new AssertionError("store refused");
                    }
                }
                writersDone.incrementAndGet();
                return 0L;
            }
            long reads = 0;
            while (writersDone.get() < writers || reads < 100_000) {
                int key = random.nextInt(2048);
                long v = global.fetch(key);
                if (v != 0 && ((v >>> 12) & 0x7FFFF) != key) {
                    throw new AssertionError("key " + key + " read value 0x" + Long.toHexString(v));
                }
                reads++;
            }
            return reads;
        });
        assertTrue(results.stream().skip(writers).allMatch(r -> r >= 100_000));
        List<StoreEntry> all = service.global().snapshot(Integer.MAX_VALUE);
        assertEquals(all.size(), c.usage().globalEntries());
        for (StoreEntry e : all) {
            assertEquals(e.key(), (e.value() >>> 12) & 0x7FFFF);
        }
        service.stores(c.containerId()).orElseThrow();
    }
}
