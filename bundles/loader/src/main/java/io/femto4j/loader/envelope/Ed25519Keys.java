package io.femto4j.loader.envelope;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 keys of the JDK (no crypto of our own) and their text forms: a public key is its 32 raw bytes
 * (RFC 8032) in unpadded base64url, as the device's configuration lists trusted keys; a private key is its PKCS#8
 * encoding in base64. A key's id ({@code kid} in the COSE header) is the first 8 bytes of the SHA-256 of its raw
 * public key.
 */
public final class Ed25519Keys {
    public static final String ALGORITHM = "Ed25519";
    public static final int RAW_PUBLIC_BYTES = 32;
    public static final int KID_BYTES = 8;
    /** The DER header of an Ed25519 SubjectPublicKeyInfo (RFC 8410), followed by the 32 raw bytes. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private Ed25519Keys() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }

    /** The 32 raw bytes of an Ed25519 public key. */
    public static byte[] raw(PublicKey key) {
        byte[] spki = key.getEncoded();
        if (spki.length != SPKI_PREFIX.length + RAW_PUBLIC_BYTES
                || !Arrays.equals(spki, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
        }
        return Arrays.copyOfRange(spki, SPKI_PREFIX.length, spki.length);
    }

    /** An Ed25519 public key from its 32 raw bytes. */
    public static PublicKey publicKey(byte[] raw) {
        if (raw.length != RAW_PUBLIC_BYTES) {
            throw new IllegalArgumentException("an Ed25519 public key is " + RAW_PUBLIC_BYTES + " bytes, not "
                    + raw.length);
        }
        byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + RAW_PUBLIC_BYTES);
        System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, RAW_PUBLIC_BYTES);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /** A public key as configuration holds it: unpadded base64url of the raw bytes. */
    public static String publicText(PublicKey key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw(key));
    }

    public static PublicKey parsePublic(String text) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a public key is base64url of 32 bytes: " + e.getMessage(), e);
        }
        return publicKey(raw);
    }

    /** A private key as a key file holds it: base64 of PKCS#8. */
    public static String privateText(PrivateKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    public static PrivateKey parsePrivate(String text) {
        try {
            byte[] pkcs8 = Base64.getDecoder().decode(text.trim());
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 private key (base64 of PKCS#8): " + e.getMessage(), e);
        }
    }

    /** The key id of a public key. */
    public static byte[] kid(PublicKey key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(raw(key));
            return Arrays.copyOf(h, KID_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
