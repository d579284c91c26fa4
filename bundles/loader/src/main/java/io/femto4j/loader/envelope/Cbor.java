package io.femto4j.loader.envelope;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * CBOR through Jackson's CBOR format: writing with definite lengths and minimal integers (so a Sig_structure is
 * the same bytes for signer and verifier), reading into a tree with bounded nesting, tokens and strings, duplicate
 * keys refused and nothing allowed after the top-level item. Map keys come back as text (Jackson's tree turns
 * integer keys into their decimal text).
 */
final class Cbor {
    /** Deeper than any envelope needs (the manifest's parameters sit at depth 5). */
    static final int MAX_DEPTH = 8;
    static final long MAX_TOKENS = 512;

    private static final CBORFactory FACTORY = CBORFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                    .maxTokenCount(MAX_TOKENS).maxStringLength(1 << 20).maxNameLength(64).maxNumberLength(32)
                    .build())
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private Cbor() {
    }

    /** Writes with {@code body} into a fresh buffer. */
    static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator g = FACTORY.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    interface Body {
        void write(CBORGenerator g) throws IOException;
    }

    /**
     * The one CBOR item of {@code bytes} as a tree.
     *
     * @throws EnvelopeException if it is not well-formed CBOR, exceeds the bounds, has duplicate keys or trailing
     *                           bytes
     */
    static JsonNode read(byte[] bytes, String what) throws EnvelopeException {
        try (JsonParser p = FACTORY.createParser(bytes)) {
            JsonNode node = MAPPER.readTree(p);
            if (node == null || node.isMissingNode()) {
                throw new EnvelopeException(what + " is empty");
            }
            if (p.nextToken() != null) {
                throw new EnvelopeException(what + " has bytes after its CBOR item");
            }
            return node;
        } catch (IOException e) {
            throw new EnvelopeException(what + " is not well-formed CBOR: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        line = line.length() > 160 ? line.substring(0, 160) + "..." : line;
        return line.replaceAll("\\p{Cntrl}", "?");
    }

    /** {@code {1: alg}} serialized: the protected header of a COSE_Sign1. */
    static byte[] protectedHeader(int alg) {
        return write(g -> {
            g.writeStartObject(1);
            g.writeFieldId(CoseSign1.HEADER_ALG);
            g.writeNumber(alg);
            g.writeEndObject();
        });
    }

    /** Whether a protected header is exactly {@code {1: -8}} (no critical or unknown parameters). */
    static boolean isEdDsaHeader(byte[] header) {
        try {
            JsonNode h = read(header, "protected header");
            return h.isObject() && h.size() == 1 && h.path(String.valueOf(CoseSign1.HEADER_ALG)).isIntegralNumber()
                    && h.path(String.valueOf(CoseSign1.HEADER_ALG)).asLong() == CoseSign1.ALG_EDDSA;
        } catch (EnvelopeException e) {
            return false;
        }
    }

    /**
     * RFC 9052 section 4.4: {@code Sig_structure = ["Signature1", body_protected, external_aad, payload]}, with
     * an empty external AAD.
     */
    static byte[] sigStructure(byte[] protectedHeader, byte[] payload) {
        return write(g -> {
            g.writeStartArray(null, 4);
            g.writeString("Signature1");
            g.writeBinary(protectedHeader);
            g.writeBinary(new byte[0]);
            g.writeBinary(payload);
            g.writeEndArray();
        });
    }

    // ---- reading helpers: each names what was wrong ---------------------------------------------------------

    static JsonNode field(JsonNode map, Object key, String what) throws EnvelopeException {
        JsonNode n = map.get(String.valueOf(key));
        if (n == null) {
            throw new EnvelopeException(what + " is missing (key " + key + ")");
        }
        return n;
    }

    static void onlyKeys(JsonNode map, String what, Object... keys) throws EnvelopeException {
        Iterator<Map.Entry<String, JsonNode>> it = map.fields();
        outer:
        while (it.hasNext()) {
            String k = it.next().getKey();
            for (Object allowed : keys) {
                if (String.valueOf(allowed).equals(k)) {
                    continue outer;
                }
            }
            throw new EnvelopeException(what + " has an unknown key " + Manifest.printable(k));
        }
    }

    static JsonNode map(JsonNode n, String what) throws EnvelopeException {
        if (!n.isObject()) {
            throw new EnvelopeException(what + " must be a CBOR map");
        }
        return n;
    }

    static JsonNode array(JsonNode n, int size, String what) throws EnvelopeException {
        if (!n.isArray() || n.size() != size) {
            throw new EnvelopeException(what + " must be a CBOR array of " + size);
        }
        return n;
    }

    static byte[] bytes(JsonNode n, String what) throws EnvelopeException {
        if (!n.isBinary()) {
            throw new EnvelopeException(what + " must be a CBOR byte string");
        }
        try {
            return n.binaryValue();
        } catch (IOException e) {
            throw new EnvelopeException(what + " must be a CBOR byte string");
        }
    }

    static String text(JsonNode n, String what) throws EnvelopeException {
        if (!n.isTextual()) {
            throw new EnvelopeException(what + " must be a CBOR text string");
        }
        return n.textValue();
    }

    static long unsigned(JsonNode n, String what) throws EnvelopeException {
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0) {
            throw new EnvelopeException(what + " must be an unsigned integer below 2^63");
        }
        return n.longValue();
    }

    static long integer(JsonNode n, String what) throws EnvelopeException {
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new EnvelopeException(what + " must be an integer");
        }
        return n.longValue();
    }
}
