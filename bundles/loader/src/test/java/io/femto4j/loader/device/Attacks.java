package io.femto4j.loader.device;

import io.femto4j.hooks.internal.TestDevice;
import io.femto4j.loader.envelope.DeviceIds;
import io.femto4j.loader.envelope.Ed25519Keys;
import io.femto4j.loader.envelope.Envelope;
import io.femto4j.loader.envelope.EnvelopeCodec;
import io.femto4j.loader.envelope.Manifest;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static io.femto4j.loader.device.Fixture.ACME;
import static io.femto4j.loader.device.Fixture.APP;
import static io.femto4j.loader.device.Fixture.APP_SEQUENCE;
import static io.femto4j.loader.device.Fixture.BARE;
import static io.femto4j.loader.device.Fixture.OTHER;
import static io.femto4j.loader.device.Fixture.STRANGER;
import static io.femto4j.loader.device.Fixture.manifest;
import static io.femto4j.loader.device.Fixture.sign;

/**
 * The attacks on a device where acme's {@code app} (sequence {@value Fixture#APP_SEQUENCE}, returning 1)
 * is installed: each envelope, the refusal it must get and a part of its diagnostic. The pipeline tests and the
 * CoAP loopback tests run the same list.
 */
record Attacks(String name, Refusal reason, String diagnostic, Function<Fixture, byte[]> envelope) {
    /** The next version acme would deploy: returns 2. */
    static final byte[] NEXT = TestDevice.returning(2);
    static final long NEXT_SEQUENCE = APP_SEQUENCE + 1;

    @Override
    public String toString() {
        return name;
    }

    static List<Attacks> all() {
        return List.of(
                new Attacks("unsigned", Refusal.UNSIGNED, "no COSE_Sign1", f -> EnvelopeCodec.assemble(
                        EnvelopeCodec.encodeManifest(manifest(APP, NEXT_SEQUENCE, "acme", "shell", NEXT)), null, NEXT)),
                new Attacks("signed with another tenant's key", Refusal.UNTRUSTED_KEY,
                        "is not trusted for tenant acme",
                        f -> sign(OTHER, manifest(APP, NEXT_SEQUENCE, "acme", "shell", NEXT), NEXT)),
                new Attacks("signed with an unknown key", Refusal.UNTRUSTED_KEY, "is not trusted for tenant acme",
                        f -> sign(STRANGER, manifest(APP, NEXT_SEQUENCE, "acme", "shell", NEXT), NEXT)),
                new Attacks("tampered manifest", Refusal.BAD_SIGNATURE, "does not verify", f -> {
                    // acme signed sequence 6; the attacker raises it to 60 and keeps the signature
                    Envelope signed = decode(Fixture.app(NEXT_SEQUENCE, NEXT));
                    byte[] raised = EnvelopeCodec.encodeManifest(signed.manifest().withSequence(60));
                    return EnvelopeCodec.assemble(raised, signed.signature(), NEXT);
                }),
                new Attacks("tampered payload", Refusal.DIGEST_MISMATCH, "is not the manifest's", f -> {
                    Envelope signed = decode(Fixture.app(NEXT_SEQUENCE, NEXT));
                    byte[] evil = TestDevice.returning(666);
                    return EnvelopeCodec.assemble(signed.manifestBytes(), signed.signature(), evil);
                }),
                new Attacks("replayed sequence number", Refusal.STALE_SEQUENCE, "sequence number 5 is not above 5",
                        f -> Fixture.app(APP_SEQUENCE, NEXT)),
                new Attacks("lower sequence number", Refusal.STALE_SEQUENCE, "sequence number 4 is not above 5",
                        f -> Fixture.app(APP_SEQUENCE - 1, NEXT)),
                new Attacks("wrong class id", Refusal.WRONG_CLASS, "is not this device's (board sim", f -> sign(ACME,
                        withClass(manifest(APP, NEXT_SEQUENCE, "acme", "shell", NEXT), DeviceIds.classOf("esp32")),
                        NEXT)),
                new Attacks("oversized payload", Refusal.PAYLOAD_TOO_LARGE, "takes at most 8192", f -> {
                    byte[] big = new byte[100_000];
                    f.served.put("big", big);
                    return sign(ACME, manifest(APP, NEXT_SEQUENCE, "acme", "shell", big, f.uri("big"), Map.of()),
                            null);
                }),
                new Attacks("truncated transfer of the payload", Refusal.SIZE_MISMATCH,
                        "the manifest says " + NEXT.length, f -> {
                            f.served.put("truncated", Arrays.copyOf(NEXT, NEXT.length - 8));
                            return sign(ACME, manifest(APP, NEXT_SEQUENCE, "acme", "shell", NEXT,
                                    f.uri("truncated"), Map.of()), null);
                        }),
                new Attacks("malformed CBOR", Refusal.MALFORMED, "not well-formed CBOR", f -> {
                    byte[] good = Fixture.app(NEXT_SEQUENCE, NEXT);
                    return Arrays.copyOf(good, good.length / 2);
                }),
                new Attacks("CBOR that is no envelope", Refusal.MALFORMED, "envelope must be a CBOR map",
                        f -> new byte[]{(byte) 0x83, 1, 2, 3}),
                new Attacks("payload failing the verifier", Refusal.IMAGE_REJECTED, "rejected by the verifier", f -> {
                    byte[] bad = TestDevice.asm("mov %r10, 1", "mov %r0, 0", "exit"); // r10 is read-only
                    return Fixture.app(NEXT_SEQUENCE, bad);
                }),
                new Attacks("payload that is no image", Refusal.IMAGE_REJECTED, "load", f -> {
                    byte[] junk = {1, 2, 3};
                    return Fixture.app(NEXT_SEQUENCE, junk);
                }),
                new Attacks("hook the tenant may not use", Refusal.HOOK_FORBIDDEN, "acme may not use hook timer",
                        f -> sign(ACME, manifest("probe", 1, "acme", "timer", NEXT), NEXT)),
                new Attacks("tenant without tenant.hooks entry", Refusal.HOOK_FORBIDDEN,
                        "tenant bare has no tenant.hooks entry, so it may use no hook; grant hooks in PID "
                                + "io.femto4j.loader, e.g. tenant.hooks=bare:shell (or bare:* for every hook)",
                        f -> sign(BARE, manifest("bare_app", 1, "bare", "shell", NEXT), NEXT)),
                new Attacks("another tenant's component", Refusal.NOT_OWNER, "belongs to tenant acme",
                        f -> sign(OTHER, manifest(APP, NEXT_SEQUENCE, "other", "shell", NEXT), NEXT)));
    }

    static Envelope decode(byte[] bytes) {
        try {
            return EnvelopeCodec.decode(bytes);
        } catch (io.femto4j.loader.envelope.EnvelopeException e) {
            throw new IllegalStateException(e);
        }
    }

    static Manifest withClass(Manifest m, java.util.UUID cls) {
        return new Manifest(m.sequence(), m.component(), m.vendorId(), cls, m.digest(), m.payloadSize(),
                m.payloadUri(), m.tenant(), m.hook(), m.policy(), m.parameters());
    }

    static String kidOf(java.security.KeyPair key) {
        return java.util.HexFormat.of().formatHex(Ed25519Keys.kid(key.getPublic()));
    }
}
