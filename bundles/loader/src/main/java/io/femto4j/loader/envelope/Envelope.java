package io.femto4j.loader.envelope;

/**
 * A decoded envelope: the manifest's exact bytes (what the signature covers) and their meaning, the signature
 * (null when the envelope carries none) and the integrated payload (null when the manifest names a URI).
 */
public record Envelope(byte[] manifestBytes, Manifest manifest, CoseSign1 signature, byte[] payload) {
    public Envelope {
        manifestBytes = manifestBytes.clone();
        payload = payload == null ? null : payload.clone();
    }

    @Override
    public byte[] manifestBytes() {
        return manifestBytes.clone();
    }

    @Override
    public byte[] payload() {
        return payload == null ? null : payload.clone();
    }

    /** The same envelope carrying {@code bytes} as its integrated payload (what a device keeps after a fetch). */
    public byte[] withPayload(byte[] bytes) {
        return EnvelopeCodec.assemble(manifestBytes, signature, bytes);
    }
}
