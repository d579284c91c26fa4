package io.femto4j.loader.device;

import io.femto4j.loader.envelope.Ed25519Keys;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code tenant.hooks}: deny by default, {@code TENANT:*} for every hook, an explicit list for exactly those. */
class LoaderSettingsTest {
    private static final String KEY = Ed25519Keys.publicText(Ed25519Keys.generate().getPublic());

    static LoaderSettings settings(Object tenantHooks) {
        return LoaderSettings.parse(tenantHooks == null
                ? Map.of("trusted.keys", "acme:" + KEY + " bare:" + KEY + " all:" + KEY)
                : Map.of("trusted.keys", "acme:" + KEY + " bare:" + KEY + " all:" + KEY, "tenant.hooks", tenantHooks));
    }

    @Test
    void aTenantWithoutEntriesMayUseNoHook() {
        LoaderSettings s = settings(null);
        assertEquals(Set.of(), s.hooksOf("acme"));
        assertEquals(Set.of(), s.hooksOf("nobody"));
        assertEquals(List.of("acme", "all", "bare"), s.tenantsWithoutHooks());
    }

    @Test
    void entriesGrantTheirHooksAndAStarGrantsAll() {
        LoaderSettings s = settings(new String[]{"acme:shell, acme:timer", "all:*"});
        assertEquals(Set.of("shell", "timer"), s.hooksOf("acme"));
        assertEquals(Set.of("*"), s.hooksOf("all"));
        assertEquals(Set.of(), s.hooksOf("bare"));
        assertEquals(List.of("bare"), s.tenantsWithoutHooks());
        assertEquals(List.of(), settings("acme:shell all:* bare:coap").tenantsWithoutHooks());
    }

    @Test
    void theHintNamesTheTenantAndHowToGrant() {
        assertEquals("tenant bare has no tenant.hooks entry, so it may use no hook; grant hooks in PID "
                + "io.femto4j.loader, e.g. tenant.hooks=bare:timer (or bare:* for every hook)",
                LoaderSettings.noHooksEntry("bare", "timer"));
    }

    @Test
    void anEntryWithoutAHookIsAConfigurationError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings("acme:"));
        assertTrue(e.getMessage().startsWith("tenant.hooks: entries are TENANT:VALUE"), e.getMessage());
    }
}
