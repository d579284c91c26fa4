package io.femto4j.loader.envelope;

import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvelopeCodecTest {
    static final KeyPair KEY = Ed25519Keys.generate();
    static final byte[] PAYLOAD = {1, 2, 3, 4, 5};

    static Manifest manifest(long sequence, String uri) {
        return new Manifest(sequence, "app", DeviceIds.VENDOR, DeviceIds.classOf("nrf52840"), new byte[32], 5, uri,
                "acme", "timer", "continue", Map.of("period", "100", "budget", "1000"));
    }

    static byte[] envelope(Manifest m, byte[] payload) {
        return EnvelopeCodec.encode(m, KEY.getPrivate(), Ed25519Keys.kid(KEY.getPublic()), payload);
    }

    @Test
    void anEnvelopeDecodesToWhatWasEncodedAndItsSignatureVerifies() throws Exception {
        Manifest m = manifest(7, null);
        Envelope e = EnvelopeCodec.decode(envelope(m, PAYLOAD));
        assertEquals(m, e.manifest());
        assertArrayEquals(PAYLOAD, e.payload());
        assertArrayEquals(EnvelopeCodec.encodeManifest(m), e.manifestBytes());
        assertTrue(e.signature().verifies(e.manifestBytes(), KEY.getPublic()));
        assertTrue(e.signature().names(KEY.getPublic()));
        assertArrayEquals(Ed25519Keys.kid(KEY.getPublic()), e.signature().kid());
    }

    @Test
    void aUriManifestHasNoIntegratedPayloadUntilTheDeviceAddsIt() throws Exception {
        Envelope e = EnvelopeCodec.decode(envelope(manifest(1, "coap://127.0.0.1:5683/app.o"), null));
        assertNull(e.payload());
        assertEquals("coap://127.0.0.1:5683/app.o", e.manifest().payloadUri());
        Envelope kept = EnvelopeCodec.decode(e.withPayload(PAYLOAD));
        assertArrayEquals(PAYLOAD, kept.payload());
        assertTrue(kept.signature().verifies(kept.manifestBytes(), KEY.getPublic()), "the signature still holds");
    }

    @Test
    void theSignatureCoversTheSigStructureOfRfc9052() throws Exception {
        // protected header {1: -8} is a1 01 27; Sig_structure ["Signature1", h'a10127', h'', h'01']
        assertEquals("a10127", HexFormat.of().formatHex(Cbor.protectedHeader(CoseSign1.ALG_EDDSA)));
        assertEquals("846a5369676e61747572653143a101274041" + "01",
                HexFormat.of().formatHex(Cbor.sigStructure(HexFormat.of().parseHex("a10127"), new byte[]{1})));
        byte[] manifest = EnvelopeCodec.encodeManifest(manifest(1, null));
        CoseSign1 s = CoseSign1.sign(manifest, KEY.getPrivate(), new byte[]{9});
        java.security.Signature ed = java.security.Signature.getInstance("Ed25519");
        ed.initVerify(KEY.getPublic());
        ed.update(Cbor.sigStructure(HexFormat.of().parseHex("a10127"), manifest));
        assertTrue(ed.verify(s.signature()), "a plain Ed25519 check of the Sig_structure accepts it");
        assertEquals("d2", HexFormat.of().formatHex(EnvelopeCodec.encodeSignature(s), 0, 1), "tag 18 (COSE_Sign1)");
    }

    @Test
    void aChangedManifestOrAnotherKeyOrAnotherAlgorithmDoesNotVerify() throws Exception {
        byte[] manifest = EnvelopeCodec.encodeManifest(manifest(1, null));
        CoseSign1 s = CoseSign1.sign(manifest, KEY.getPrivate(), new byte[]{9});
        byte[] changed = manifest.clone();
        changed[changed.length - 2] ^= 1;
        assertFalse(s.verifies(changed, KEY.getPublic()));
        assertFalse(s.verifies(manifest, Ed25519Keys.generate().getPublic()));
        CoseSign1 es256 = new CoseSign1(Cbor.protectedHeader(-7), s.kid(), s.signature());
        assertFalse(es256.verifies(manifest, KEY.getPublic()), "only EdDSA (-8) is accepted");
        CoseSign1 truncated = new CoseSign1(s.protectedHeader(), s.kid(), Arrays.copyOf(s.signature(), 63));
        assertFalse(truncated.verifies(manifest, KEY.getPublic()));
    }

    @Test
    void anEnvelopeWithoutSignatureDecodesWithNone() throws Exception {
        byte[] bytes = EnvelopeCodec.assemble(EnvelopeCodec.encodeManifest(manifest(1, null)), null, PAYLOAD);
        assertNull(EnvelopeCodec.decode(bytes).signature());
    }

    @Test
    void malformedInputIsRefusedWithItsReason() {
        byte[] good = envelope(manifest(1, null), PAYLOAD);
        assertRefused("not well-formed CBOR", Arrays.copyOf(good, good.length - 3));
        assertRefused("not well-formed CBOR", new byte[]{(byte) 0xff, 0x00});
        assertRefused("envelope is empty", new byte[0]);
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertRefused("bytes after its CBOR item", trailing);
        assertRefused("envelope must be a CBOR map", Cbor.write(g -> g.writeNumber(1)));
        assertRefused("unknown key \"9\"", Cbor.write(g -> {
            g.writeStartObject(2);
            g.writeFieldId(3);
            g.writeBinary(EnvelopeCodec.encodeManifest(manifest(1, null)));
            g.writeFieldId(9);
            g.writeNumber(0);
            g.writeEndObject();
        }));
        assertRefused("manifest is missing", Cbor.write(g -> {
            g.writeStartObject(0);
            g.writeEndObject();
        }));
        assertRefused("manifest must be a CBOR byte string", Cbor.write(g -> {
            g.writeStartObject(1);
            g.writeFieldId(3);
            g.writeString("text");
            g.writeEndObject();
        }));
        assertRefused("Duplicate", Cbor.write(g -> {
            g.writeStartObject(2);
            g.writeFieldId(3);
            g.writeBinary(EnvelopeCodec.encodeManifest(manifest(1, null)));
            g.writeFieldId(3);
            g.writeBinary(EnvelopeCodec.encodeManifest(manifest(2, null)));
            g.writeEndObject();
        }));
    }

    @Test
    void nestingDeeperThanTheBoundIsRefusedBeforeItIsBuilt() {
        byte[] deep = Cbor.write(g -> {
            for (int i = 0; i < 100; i++) {
                g.writeStartArray(null, 1);
            }
            g.writeNumber(0);
            for (int i = 0; i < 100; i++) {
                g.writeEndArray();
            }
        });
        EnvelopeException e = assertThrows(EnvelopeException.class, () -> EnvelopeCodec.decode(deep));
        assertTrue(e.getMessage().contains("not well-formed CBOR") && e.getMessage().contains("depth"), e.getMessage());
    }

    @Test
    void manifestFieldsAreCheckedOneByOne() {
        assertManifestRefused("manifest version 2 is not supported", g -> {
            g.writeStartObject(1);
            g.writeFieldId(1);
            g.writeNumber(2);
            g.writeEndObject();
        });
        assertManifestRefused("sequence number must be an unsigned integer", g -> {
            g.writeStartObject(2);
            g.writeFieldId(1);
            g.writeNumber(1);
            g.writeFieldId(2);
            g.writeNumber(-5);
            g.writeEndObject();
        });
        assertManifestRefused("component name must match", g -> writeManifest(g, "../etc", 32, "acme"));
        assertManifestRefused("digest must be 32 bytes, not 31", g -> writeManifest(g, "app", 31, "acme"));
        assertManifestRefused("tenant name must match", g -> writeManifest(g, "app", 32, "a b"));
    }

    /** A manifest as the codec writes it, with a chosen component name, digest length and tenant. */
    private static void writeManifest(CBORGenerator g, String component, int digestLength, String tenant)
            throws java.io.IOException {
        g.writeStartObject(4);
        g.writeFieldId(1);
        g.writeNumber(1);
        g.writeFieldId(2);
        g.writeNumber(1);
        g.writeFieldId(3);
        g.writeStartObject(2);
        g.writeFieldId(2);
        g.writeStartArray(null, 1);
        g.writeStartArray(null, 1);
        g.writeBinary(DeviceIds.utf8(component));
        g.writeEndArray();
        g.writeEndArray();
        g.writeFieldId(4);
        g.writeStartArray(null, 2);
        g.writeNumber(20);
        g.writeStartObject(4);
        g.writeFieldId(1);
        g.writeBinary(new byte[16]);
        g.writeFieldId(2);
        g.writeBinary(new byte[16]);
        g.writeFieldId(3);
        g.writeStartArray(null, 2);
        g.writeNumber(-16);
        g.writeBinary(new byte[digestLength]);
        g.writeEndArray();
        g.writeFieldId(14);
        g.writeNumber(5);
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
        g.writeFieldId(-1);
        g.writeStartObject(4);
        g.writeFieldId(1);
        g.writeString(tenant);
        g.writeFieldId(2);
        g.writeString("timer");
        g.writeFieldId(3);
        g.writeString("continue");
        g.writeFieldId(4);
        g.writeStartObject(0);
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
    }

    @Test
    void theWriterOfTheseTestsMatchesTheCodec() throws Exception {
        byte[] mine = Cbor.write(g -> writeManifest(g, "app", 32, "acme"));
        Manifest m = EnvelopeCodec.decodeManifest(mine);
        assertEquals("app", m.component());
        assertArrayEquals(mine, EnvelopeCodec.encodeManifest(m), "same bytes: the codec writes canonical CBOR");
    }

    /** Hostile bytes: any mutation of a valid envelope decodes or is refused as malformed, nothing else. */
    @Property(tries = 1000)
    void mutatedEnvelopesAreDecodedOrRefusedNeverCrash(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int flips) {
        Random r = new Random(seed);
        byte[] bytes = envelope(manifest(1 + r.nextInt(1000), r.nextBoolean() ? null : "coap://h/x"), PAYLOAD);
        for (int i = 0; i < flips; i++) {
            bytes[r.nextInt(bytes.length)] = (byte) r.nextInt(256);
        }
        if (r.nextInt(4) == 0) {
            bytes = Arrays.copyOf(bytes, r.nextInt(bytes.length));
        }
        try {
            Envelope e = EnvelopeCodec.decode(bytes);
            assertTrue(e.manifest().payloadSize() >= 0);
        } catch (EnvelopeException refused) {
            assertFalse(refused.getMessage().contains("\n"), "one line: " + refused.getMessage());
        }
    }

    private static void assertRefused(String reason, byte[] bytes) {
        EnvelopeException e = assertThrows(EnvelopeException.class, () -> EnvelopeCodec.decode(bytes));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    private static void assertManifestRefused(String reason, Cbor.Body body) {
        EnvelopeException e = assertThrows(EnvelopeException.class,
                () -> EnvelopeCodec.decodeManifest(Cbor.write(body)));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
