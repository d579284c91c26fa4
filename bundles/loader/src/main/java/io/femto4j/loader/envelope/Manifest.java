package io.femto4j.loader.envelope;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What a tenant asks a device to install, in the structure of an IETF SUIT manifest (RFC 9124's information
 * model, draft-ietf-suit-manifest's keys): manifest version, sequence number, one component, vendor and class
 * IDs, the payload's SHA-256 digest, size and optional URI; plus femto4j's own parameters: the tenant, the hook to
 * attach to, the chain policy and the attachment's parameters. The CBOR layout is {@link EnvelopeCodec}'s.
 *
 * @param sequence    must be greater than the last one installed for {@code component} (rollback protection)
 * @param component   the container's name on the device
 * @param vendorId    must equal the device's {@link DeviceIds#VENDOR}
 * @param classId     must equal the device's board class ({@link DeviceIds#classOf})
 * @param digest      SHA-256 of the payload (32 bytes)
 * @param payloadSize bytes of the payload
 * @param payloadUri  a {@code coap://} URI the device fetches the payload from, or null when it is integrated
 * @param tenant      whose key signs the envelope and whose policy the container runs under
 * @param hook        the hook to attach to
 * @param policy      the chain policy ({@code continue}, {@code abort-on-negative}, ...), as the hooks name them
 * @param parameters  the attachment's parameters (e.g. the timer's {@code period}), at most {@link #MAX_PARAMETERS}
 */
public record Manifest(long sequence, String component, UUID vendorId, UUID classId, byte[] digest,
                       long payloadSize, String payloadUri, String tenant, String hook, String policy,
                       Map<String, String> parameters) {
    /** The SUIT manifest version this codec writes and reads. */
    public static final int VERSION = 1;
    /** Names of components, tenants, hooks and parameters: also file names on the device, so no separators. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}");
    public static final int MAX_PARAMETERS = 16;
    public static final int MAX_TEXT = 255;
    public static final int DIGEST_BYTES = 32;

    public Manifest {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence number must not be negative: " + sequence);
        }
        name("component", component);
        Objects.requireNonNull(vendorId, "vendor id");
        Objects.requireNonNull(classId, "class id");
        if (digest == null || digest.length != DIGEST_BYTES) {
            throw new IllegalArgumentException("the digest must be " + DIGEST_BYTES + " bytes of SHA-256");
        }
        digest = digest.clone();
        if (payloadSize < 0) {
            throw new IllegalArgumentException("payload size must not be negative: " + payloadSize);
        }
        if (payloadUri != null && (payloadUri.isEmpty() || payloadUri.length() > MAX_TEXT)) {
            throw new IllegalArgumentException("payload URI must be 1 to " + MAX_TEXT + " characters");
        }
        name("tenant", tenant);
        name("hook", hook);
        if (policy == null || policy.isEmpty() || policy.length() > 32) {
            throw new IllegalArgumentException("policy must be 1 to 32 characters");
        }
        if (parameters.size() > MAX_PARAMETERS) {
            throw new IllegalArgumentException("at most " + MAX_PARAMETERS + " attachment parameters");
        }
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            name("parameter", e.getKey());
            if (e.getValue() == null || e.getValue().length() > MAX_TEXT) {
                throw new IllegalArgumentException("parameter " + e.getKey() + ": value of 0 to " + MAX_TEXT
                        + " characters");
            }
        }
        parameters = Map.copyOf(new TreeMap<>(parameters));
    }

    private static void name(String what, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " name must match " + NAME.pattern() + ": " + printable(value));
        }
    }

    /** Hostile text made safe for a one-line diagnostic: control characters replaced, at most 40 characters. */
    public static String printable(String text) {
        if (text == null) {
            return "(none)";
        }
        String cut = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        StringBuilder s = new StringBuilder(cut.length() + 2).append('"');
        cut.codePoints().forEach(c -> s.appendCodePoint(Character.isISOControl(c) || !Character.isDefined(c) ? '?' : c));
        return s.append('"').toString();
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    /** The parameters sorted by name (the order they are encoded in). */
    public TreeMap<String, String> sortedParameters() {
        return new TreeMap<>(parameters);
    }

    /** The same manifest with another sequence number. */
    public Manifest withSequence(long next) {
        return new Manifest(next, component, vendorId, classId, digest, payloadSize, payloadUri, tenant, hook, policy,
                parameters);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Manifest m && sequence == m.sequence && payloadSize == m.payloadSize
                && component.equals(m.component) && vendorId.equals(m.vendorId) && classId.equals(m.classId)
                && Arrays.equals(digest, m.digest) && Objects.equals(payloadUri, m.payloadUri)
                && tenant.equals(m.tenant) && hook.equals(m.hook) && policy.equals(m.policy)
                && parameters.equals(m.parameters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sequence, component, vendorId, classId, Arrays.hashCode(digest), payloadSize, payloadUri,
                tenant, hook, policy, parameters);
    }

    @Override
    public String toString() {
        return "manifest " + component + " seq " + sequence + " (tenant " + tenant + ", hook " + hook + ", "
                + payloadSize + " bytes" + (payloadUri == null ? "" : " from " + payloadUri) + ")";
    }
}
