package io.femto4j.loader.envelope;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;

/**
 * A COSE_Sign1 (RFC 9052 section 4.2) over a detached payload (the manifest), signed with EdDSA/Ed25519
 * (algorithm -8). The protected header is kept as the exact bytes received: the signature covers them, and a
 * re-encoding could differ.
 *
 * @param protectedHeader the serialized protected header map (it must say {@code {1: -8}})
 * @param kid             the signer's key id from the unprotected header ({@link Ed25519Keys#kid})
 * @param signature       64 bytes of Ed25519 signature over the Sig_structure
 */
public record CoseSign1(byte[] protectedHeader, byte[] kid, byte[] signature) {
    /** COSE algorithm EdDSA. */
    public static final int ALG_EDDSA = -8;
    /** COSE header labels. */
    static final int HEADER_ALG = 1;
    static final int HEADER_KID = 4;
    /** CBOR tag of a COSE_Sign1. */
    public static final int TAG = 18;
    public static final int SIGNATURE_BYTES = 64;

    public CoseSign1 {
        protectedHeader = protectedHeader.clone();
        kid = kid.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] protectedHeader() {
        return protectedHeader.clone();
    }

    @Override
    public byte[] kid() {
        return kid.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** Signs {@code payload} with {@code key}; the header names EdDSA and {@code kid}. */
    public static CoseSign1 sign(byte[] payload, PrivateKey key, byte[] kid) {
        byte[] header = Cbor.protectedHeader(ALG_EDDSA);
        try {
            Signature ed = Signature.getInstance(Ed25519Keys.ALGORITHM);
            ed.initSign(key);
            ed.update(Cbor.sigStructure(header, payload));
            return new CoseSign1(header, kid, ed.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
        }
    }

    /**
     * Whether this is a valid EdDSA signature by {@code key} over {@code payload}: the protected header must say
     * algorithm -8 and nothing the verifier would not understand.
     */
    public boolean verifies(byte[] payload, PublicKey key) {
        if (signature.length != SIGNATURE_BYTES || !Cbor.isEdDsaHeader(protectedHeader)) {
            return false;
        }
        try {
            Signature ed = Signature.getInstance(Ed25519Keys.ALGORITHM);
            ed.initVerify(key);
            ed.update(Cbor.sigStructure(protectedHeader, payload));
            return ed.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Whether this signature names {@code key} as its signer. */
    public boolean names(PublicKey key) {
        return Arrays.equals(kid, Ed25519Keys.kid(key));
    }
}
