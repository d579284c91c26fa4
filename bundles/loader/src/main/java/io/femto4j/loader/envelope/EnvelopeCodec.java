package io.femto4j.loader.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;

import java.io.IOException;
import java.security.PrivateKey;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CBOR layout of an envelope, after the SUIT manifest's (draft-ietf-suit-manifest) keys:
 *
 * <pre>
 * envelope  = { 2: bstr .cbor COSE_Sign1,          ; suit-authentication-wrapper (a detached signature
 *                                                  ;   over the manifest bytes)
 *               3: bstr .cbor manifest,            ; suit-manifest
 *               ? "#payload": bstr }               ; integrated payload
 * COSE_Sign1 = #6.18([ bstr .cbor {1: -8}, {4: bstr kid}, nil, bstr signature ])
 * manifest  = { 1: 1,                              ; suit-manifest-version
 *               2: uint,                           ; suit-manifest-sequence-number
 *               3: { 2: [[ bstr component ]],      ; suit-common: suit-components
 *                    4: [ 20, {                    ;   suit-shared-sequence: override-parameters
 *                         1: bstr .size 16,        ;     vendor-identifier (UUID)
 *                         2: bstr .size 16,        ;     class-identifier (UUID)
 *                         3: [ -16, bstr .size 32 ], ;   image-digest (SHA-256)
 *                         14: uint,                ;     image-size
 *                         ? 21: tstr } ] },        ;     uri
 *               -1: { 1: tstr tenant, 2: tstr hook, 3: tstr policy, 4: { * tstr => tstr } } } ; femto4j
 * </pre>
 *
 * Decoding is strict: unknown keys, duplicate keys, wrong types, bytes after the item and more than
 * {@link Cbor#MAX_DEPTH} levels are refused with a one-line reason. The caller bounds the input's size.
 */
public final class EnvelopeCodec {
    static final int ENVELOPE_AUTH = 2;
    static final int ENVELOPE_MANIFEST = 3;
    static final String ENVELOPE_PAYLOAD = "#payload";
    static final int MANIFEST_VERSION = 1;
    static final int MANIFEST_SEQUENCE = 2;
    static final int MANIFEST_COMMON = 3;
    static final int MANIFEST_FEMTO4J = -1;
    static final int COMMON_COMPONENTS = 2;
    static final int COMMON_SHARED_SEQUENCE = 4;
    static final int DIRECTIVE_OVERRIDE_PARAMETERS = 20;
    static final int PARAM_VENDOR = 1;
    static final int PARAM_CLASS = 2;
    static final int PARAM_DIGEST = 3;
    static final int PARAM_SIZE = 14;
    static final int PARAM_URI = 21;
    static final int DIGEST_SHA256 = -16;
    static final int FEMTO_TENANT = 1;
    static final int FEMTO_HOOK = 2;
    static final int FEMTO_POLICY = 3;
    static final int FEMTO_PARAMETERS = 4;

    private EnvelopeCodec() {
    }

    /** Encodes and signs {@code manifest}; {@code payload} is integrated when not null. */
    public static byte[] encode(Manifest manifest, PrivateKey key, byte[] kid, byte[] payload) {
        byte[] manifestBytes = encodeManifest(manifest);
        return assemble(manifestBytes, CoseSign1.sign(manifestBytes, key, kid), payload);
    }

    /** An envelope of given parts; {@code signature} and {@code payload} may be null (left out). */
    public static byte[] assemble(byte[] manifestBytes, CoseSign1 signature, byte[] payload) {
        return Cbor.write(g -> {
            g.writeStartObject((signature == null ? 1 : 2) + (payload == null ? 0 : 1));
            if (signature != null) {
                g.writeFieldId(ENVELOPE_AUTH);
                g.writeBinary(encodeSignature(signature));
            }
            g.writeFieldId(ENVELOPE_MANIFEST);
            g.writeBinary(manifestBytes);
            if (payload != null) {
                g.writeFieldName(ENVELOPE_PAYLOAD);
                g.writeBinary(payload);
            }
            g.writeEndObject();
        });
    }

    static byte[] encodeSignature(CoseSign1 s) {
        return Cbor.write(g -> {
            g.writeTag(CoseSign1.TAG);
            g.writeStartArray(null, 4);
            g.writeBinary(s.protectedHeader());
            g.writeStartObject(1);
            g.writeFieldId(CoseSign1.HEADER_KID);
            g.writeBinary(s.kid());
            g.writeEndObject();
            g.writeNull(); // detached payload: the manifest
            g.writeBinary(s.signature());
            g.writeEndArray();
        });
    }

    public static byte[] encodeManifest(Manifest m) {
        return Cbor.write(g -> {
            g.writeStartObject(4);
            g.writeFieldId(MANIFEST_VERSION);
            g.writeNumber(Manifest.VERSION);
            g.writeFieldId(MANIFEST_SEQUENCE);
            g.writeNumber(m.sequence());
            g.writeFieldId(MANIFEST_COMMON);
            writeCommon(g, m);
            g.writeFieldId(MANIFEST_FEMTO4J);
            g.writeStartObject(4);
            g.writeFieldId(FEMTO_TENANT);
            g.writeString(m.tenant());
            g.writeFieldId(FEMTO_HOOK);
            g.writeString(m.hook());
            g.writeFieldId(FEMTO_POLICY);
            g.writeString(m.policy());
            g.writeFieldId(FEMTO_PARAMETERS);
            Map<String, String> parameters = m.sortedParameters();
            g.writeStartObject(parameters.size());
            for (Map.Entry<String, String> e : parameters.entrySet()) {
                g.writeFieldName(e.getKey());
                g.writeString(e.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    private static void writeCommon(CBORGenerator g, Manifest m) throws IOException {
        g.writeStartObject(2);
        g.writeFieldId(COMMON_COMPONENTS);
        g.writeStartArray(null, 1);
        g.writeStartArray(null, 1);
        g.writeBinary(DeviceIds.utf8(m.component()));
        g.writeEndArray();
        g.writeEndArray();
        g.writeFieldId(COMMON_SHARED_SEQUENCE);
        g.writeStartArray(null, 2);
        g.writeNumber(DIRECTIVE_OVERRIDE_PARAMETERS);
        g.writeStartObject(m.payloadUri() == null ? 4 : 5);
        g.writeFieldId(PARAM_VENDOR);
        g.writeBinary(DeviceIds.bytes(m.vendorId()));
        g.writeFieldId(PARAM_CLASS);
        g.writeBinary(DeviceIds.bytes(m.classId()));
        g.writeFieldId(PARAM_DIGEST);
        g.writeStartArray(null, 2);
        g.writeNumber(DIGEST_SHA256);
        g.writeBinary(m.digest());
        g.writeEndArray();
        g.writeFieldId(PARAM_SIZE);
        g.writeNumber(m.payloadSize());
        if (m.payloadUri() != null) {
            g.writeFieldId(PARAM_URI);
            g.writeString(m.payloadUri());
        }
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
    }

    /**
     * Decodes an envelope (the signature is read, not checked).
     *
     * @throws EnvelopeException naming the first thing that is not as {@link EnvelopeCodec} describes
     */
    public static Envelope decode(byte[] bytes) throws EnvelopeException {
        JsonNode env = Cbor.map(Cbor.read(bytes, "envelope"), "envelope");
        Cbor.onlyKeys(env, "envelope", ENVELOPE_AUTH, ENVELOPE_MANIFEST, ENVELOPE_PAYLOAD);
        byte[] manifestBytes = Cbor.bytes(Cbor.field(env, ENVELOPE_MANIFEST, "manifest"), "manifest");
        Manifest manifest = decodeManifest(manifestBytes);
        JsonNode auth = env.get(String.valueOf(ENVELOPE_AUTH));
        CoseSign1 signature = auth == null ? null : decodeSignature(Cbor.bytes(auth, "authentication wrapper"));
        JsonNode payload = env.get(ENVELOPE_PAYLOAD);
        return new Envelope(manifestBytes, manifest, signature,
                payload == null ? null : Cbor.bytes(payload, "integrated payload"));
    }

    static CoseSign1 decodeSignature(byte[] bytes) throws EnvelopeException {
        JsonNode s = Cbor.array(Cbor.read(bytes, "COSE_Sign1"), 4, "COSE_Sign1");
        byte[] header = Cbor.bytes(s.get(0), "COSE protected header");
        JsonNode unprotected = Cbor.map(s.get(1), "COSE unprotected header");
        Cbor.onlyKeys(unprotected, "COSE unprotected header", CoseSign1.HEADER_KID);
        byte[] kid = Cbor.bytes(Cbor.field(unprotected, CoseSign1.HEADER_KID, "COSE kid"), "COSE kid");
        if (!s.get(2).isNull()) {
            throw new EnvelopeException("COSE_Sign1 payload must be nil (detached: the manifest)");
        }
        byte[] signature = Cbor.bytes(s.get(3), "COSE signature");
        if (kid.length == 0 || kid.length > 32) {
            throw new EnvelopeException("COSE kid must be 1 to 32 bytes");
        }
        return new CoseSign1(header, kid, signature);
    }

    public static Manifest decodeManifest(byte[] bytes) throws EnvelopeException {
        JsonNode m = Cbor.map(Cbor.read(bytes, "manifest"), "manifest");
        Cbor.onlyKeys(m, "manifest", MANIFEST_VERSION, MANIFEST_SEQUENCE, MANIFEST_COMMON, MANIFEST_FEMTO4J);
        long version = Cbor.unsigned(Cbor.field(m, MANIFEST_VERSION, "manifest version"), "manifest version");
        if (version != Manifest.VERSION) {
            throw new EnvelopeException("manifest version " + version + " is not supported (only "
                    + Manifest.VERSION + ")");
        }
        long sequence = Cbor.unsigned(Cbor.field(m, MANIFEST_SEQUENCE, "sequence number"), "sequence number");
        JsonNode common = Cbor.map(Cbor.field(m, MANIFEST_COMMON, "common"), "common");
        Cbor.onlyKeys(common, "common", COMMON_COMPONENTS, COMMON_SHARED_SEQUENCE);
        JsonNode components = Cbor.array(Cbor.field(common, COMMON_COMPONENTS, "components"), 1,
                "components (exactly one)");
        JsonNode componentId = Cbor.array(components.get(0), 1, "component identifier");
        String component = new String(Cbor.bytes(componentId.get(0), "component name"),
                java.nio.charset.StandardCharsets.UTF_8);
        JsonNode shared = Cbor.array(Cbor.field(common, COMMON_SHARED_SEQUENCE, "shared sequence"), 2,
                "shared sequence");
        if (Cbor.integer(shared.get(0), "shared sequence directive") != DIRECTIVE_OVERRIDE_PARAMETERS) {
            throw new EnvelopeException("shared sequence must be override-parameters (" + DIRECTIVE_OVERRIDE_PARAMETERS
                    + ")");
        }
        JsonNode p = Cbor.map(shared.get(1), "parameters");
        Cbor.onlyKeys(p, "parameters", PARAM_VENDOR, PARAM_CLASS, PARAM_DIGEST, PARAM_SIZE, PARAM_URI);
        byte[] vendor = uuidBytes(Cbor.field(p, PARAM_VENDOR, "vendor id"), "vendor id");
        byte[] cls = uuidBytes(Cbor.field(p, PARAM_CLASS, "class id"), "class id");
        JsonNode digest = Cbor.array(Cbor.field(p, PARAM_DIGEST, "image digest"), 2, "image digest");
        if (Cbor.integer(digest.get(0), "digest algorithm") != DIGEST_SHA256) {
            throw new EnvelopeException("digest algorithm must be SHA-256 (" + DIGEST_SHA256 + ")");
        }
        byte[] sha = Cbor.bytes(digest.get(1), "digest");
        if (sha.length != Manifest.DIGEST_BYTES) {
            throw new EnvelopeException("digest must be " + Manifest.DIGEST_BYTES + " bytes, not " + sha.length);
        }
        long size = Cbor.unsigned(Cbor.field(p, PARAM_SIZE, "image size"), "image size");
        JsonNode uriNode = p.get(String.valueOf(PARAM_URI));
        String uri = uriNode == null ? null : Cbor.text(uriNode, "uri");
        JsonNode f = Cbor.map(Cbor.field(m, MANIFEST_FEMTO4J, "femto4j parameters"), "femto4j parameters");
        Cbor.onlyKeys(f, "femto4j parameters", FEMTO_TENANT, FEMTO_HOOK, FEMTO_POLICY, FEMTO_PARAMETERS);
        String tenant = Cbor.text(Cbor.field(f, FEMTO_TENANT, "tenant"), "tenant");
        String hook = Cbor.text(Cbor.field(f, FEMTO_HOOK, "hook"), "hook");
        String policy = Cbor.text(Cbor.field(f, FEMTO_POLICY, "policy"), "policy");
        JsonNode params = Cbor.map(Cbor.field(f, FEMTO_PARAMETERS, "attachment parameters"), "attachment parameters");
        Map<String, String> parameters = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = params.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            parameters.put(e.getKey(), Cbor.text(e.getValue(), "parameter " + Manifest.printable(e.getKey())));
        }
        try {
            return new Manifest(sequence, component, DeviceIds.uuid(vendor), DeviceIds.uuid(cls), sha, size, uri,
                    tenant, hook, policy, parameters);
        } catch (IllegalArgumentException e) {
            throw new EnvelopeException("manifest: " + e.getMessage());
        }
    }

    private static byte[] uuidBytes(JsonNode n, String what) throws EnvelopeException {
        byte[] b = Cbor.bytes(n, what);
        if (b.length != 16) {
            throw new EnvelopeException(what + " must be a 16-byte UUID, not " + b.length + " bytes");
        }
        return b;
    }
}
