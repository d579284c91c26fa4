package io.femto4j.loader.device;

import io.femto4j.loader.envelope.Ed25519Keys;
import io.femto4j.loader.envelope.Manifest;
import io.femto4j.runtime.Tenant;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The loader's configuration (ConfigAdmin PID {@value #PID}; see {@code LoaderConfig} for the metatype).
 *
 * @param address          where the CoAP servers listen (default: the loopback address)
 * @param port             the first device's port; the n-th device served gets {@code port + n}; 0 picks free ports
 * @param devicePorts      {@code port.<device>}: a port for one device
 * @param trustedKeys      per tenant, the Ed25519 public keys whose signatures it accepts
 * @param tenantHooks      per tenant, the hooks its containers may use ({@code *} for all); a tenant with keys
 *                         but no {@code tenant.hooks} entry may use none (deny by default: the threat model has
 *                         malicious tenants, so a key alone grants no hook)
 * @param maxPayloadBytes  most bytes of a payload (also capped by the board's container budget)
 * @param maxEnvelopeBytes most bytes of an envelope, integrated payload included (also the CoAP body limit)
 * @param fetchTimeoutMs   most milliseconds a fetch of a URI may take
 */
public record LoaderSettings(InetAddress address, int port, Map<String, Integer> devicePorts,
                             Map<String, List<PublicKey>> trustedKeys, Map<String, Set<String>> tenantHooks,
                             int maxPayloadBytes, int maxEnvelopeBytes, int fetchTimeoutMs) {
    public static final String PID = "io.femto4j.loader";
    public static final int DEFAULT_PORT = 5783;
    public static final int DEFAULT_MAX_PAYLOAD = 64 * 1024;
    /** Room for the manifest and signature next to an integrated payload. */
    public static final int ENVELOPE_OVERHEAD = 4096;
    public static final int DEFAULT_FETCH_TIMEOUT_MS = 10_000;
    /** Bounds on what configuration may ask for. */
    static final int MAX_PAYLOAD_LIMIT = 1 << 20;
    static final int MAX_KEYS = 64;

    public LoaderSettings {
        devicePorts = Map.copyOf(devicePorts);
        trustedKeys = Map.copyOf(trustedKeys);
        tenantHooks = Map.copyOf(tenantHooks);
    }

    /** The hooks a tenant may use: its {@code tenant.hooks} entries ({@code *}: every hook), none without any. */
    public Set<String> hooksOf(String tenant) {
        return tenantHooks.getOrDefault(tenant, Set.of());
    }

    /** The tenants with trusted keys but no {@code tenant.hooks} entry, by name: all their envelopes are refused. */
    public List<String> tenantsWithoutHooks() {
        return trustedKeys.keySet().stream().filter(t -> !tenantHooks.containsKey(t)).sorted().toList();
    }

    /**
     * The one line that tells an operator why {@code tenant} may use no hook and how to grant one, e.g.
     * {@code hook}: the refusal's diagnostic and the warning at configuration time.
     */
    static String noHooksEntry(String tenant, String hook) {
        return "tenant " + tenant + " has no tenant.hooks entry, so it may use no hook; grant hooks in PID " + PID
                + ", e.g. tenant.hooks=" + tenant + ":" + hook + " (or " + tenant + ":" + Tenant.ANY_HOOK
                + " for every hook)";
    }

    /** The port of a device that is the {@code index}-th served. */
    public int portOf(String device, int index) {
        Integer p = devicePorts.get(device);
        return p != null ? p : port == 0 ? 0 : port + index;
    }

    /**
     * Reads a configuration: {@code address}, {@code port}, {@code port.<device>}, {@code trusted.keys} (entries
     * {@code TENANT:KEY}, KEY the base64url of the raw public key), {@code tenant.hooks} (entries
     * {@code TENANT:HOOK}, HOOK {@code *} for every hook; a tenant without entries may use no hook),
     * {@code max.payload.bytes}, {@code max.envelope.bytes}, {@code fetch.timeout.ms}.
     * Entries come as a string array, a collection, or one string separated by commas or white space.
     *
     * @throws IllegalArgumentException naming the property that is wrong
     */
    public static LoaderSettings parse(Map<String, ?> config) {
        InetAddress address;
        Object a = config.get("address");
        try {
            address = a == null || a.toString().isBlank() ? InetAddress.getLoopbackAddress()
                    : InetAddress.getByName(a.toString().trim());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address: unknown host " + a);
        }
        int port = intValue(config, "port", DEFAULT_PORT, 0, 65535);
        Map<String, Integer> devicePorts = new TreeMap<>();
        for (String key : config.keySet()) {
            if (key.startsWith("port.")) {
                devicePorts.put(key.substring(5), intValue(config, key, 0, 0, 65535));
            }
        }
        Map<String, List<PublicKey>> keys = new TreeMap<>();
        List<String> keyEntries = entries(config.get("trusted.keys"));
        if (keyEntries.size() > MAX_KEYS) {
            throw new IllegalArgumentException("trusted.keys: at most " + MAX_KEYS + " keys");
        }
        for (String entry : keyEntries) {
            String[] parts = pair("trusted.keys", entry);
            try {
                keys.computeIfAbsent(parts[0], t -> new ArrayList<>()).add(Ed25519Keys.parsePublic(parts[1]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("trusted.keys: key of tenant " + parts[0] + ": " + e.getMessage());
            }
        }
        Map<String, Set<String>> hooks = new TreeMap<>();
        for (String entry : entries(config.get("tenant.hooks"))) {
            String[] parts = pair("tenant.hooks", entry);
            hooks.computeIfAbsent(parts[0], t -> new TreeSet<>()).add(parts[1]);
        }
        int maxPayload = intValue(config, "max.payload.bytes", DEFAULT_MAX_PAYLOAD, 1, MAX_PAYLOAD_LIMIT);
        int maxEnvelope = intValue(config, "max.envelope.bytes", maxPayload + ENVELOPE_OVERHEAD, 64,
                MAX_PAYLOAD_LIMIT + ENVELOPE_OVERHEAD);
        int timeout = intValue(config, "fetch.timeout.ms", DEFAULT_FETCH_TIMEOUT_MS, 100, 600_000);
        Map<String, List<PublicKey>> frozen = new TreeMap<>();
        keys.forEach((t, list) -> frozen.put(t, List.copyOf(list)));
        Map<String, Set<String>> frozenHooks = new TreeMap<>();
        hooks.forEach((t, set) -> frozenHooks.put(t, Set.copyOf(set)));
        return new LoaderSettings(address, port, devicePorts, frozen, frozenHooks, maxPayload, maxEnvelope, timeout);
    }

    private static String[] pair(String property, String entry) {
        int colon = entry.indexOf(':');
        if (colon <= 0 || colon == entry.length() - 1) {
            throw new IllegalArgumentException(property + ": entries are TENANT:VALUE, not " + entry);
        }
        String tenant = entry.substring(0, colon);
        if (!Manifest.NAME.matcher(tenant).matches()) {
            throw new IllegalArgumentException(property + ": bad tenant name " + tenant);
        }
        return new String[]{tenant, entry.substring(colon + 1)};
    }

    private static int intValue(Map<String, ?> config, String key, int fallback, int min, int max) {
        Object v = config.get(key);
        if (v == null || v.toString().isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.toString().trim());
            if (n < min || n > max) {
                throw new IllegalArgumentException(key + " must be " + min + " to " + max + ", not " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is not a number: " + v);
        }
    }

    /** A string (split at commas and white space), a string array or a collection. */
    static List<String> entries(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof String s) {
            for (String part : s.split("[,\\s]+")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        } else if (value instanceof String[] array) {
            for (String part : array) {
                out.addAll(entries(part));
            }
        } else if (value instanceof Collection<?> c) {
            for (Object part : c) {
                out.addAll(entries(part == null ? null : part.toString()));
            }
        }
        return out;
    }
}
