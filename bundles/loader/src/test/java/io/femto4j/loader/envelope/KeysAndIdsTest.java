package io.femto4j.loader.envelope;

import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.util.HexFormat;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeysAndIdsTest {

    @Test
    void aRawPublicKeyOfRfc8032VerifiesItsTestSignature() throws Exception {
        // RFC 8032 section 7.1, TEST 1 (empty message)
        PublicKey key = Ed25519Keys.publicKey(HexFormat.of().parseHex(
                "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
        Signature ed = Signature.getInstance("Ed25519");
        ed.initVerify(key);
        ed.update(new byte[0]); // the JDK's Ed25519 verifies nothing until update() was called, even for no bytes
        assertTrue(ed.verify(HexFormat.of().parseHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e0652249015"
                + "55fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")));
    }

    @Test
    void keysSurviveTheirTextForms() {
        KeyPair pair = Ed25519Keys.generate();
        String pub = Ed25519Keys.publicText(pair.getPublic());
        assertEquals(43, pub.length(), "32 bytes in unpadded base64url");
        assertArrayEquals(Ed25519Keys.raw(pair.getPublic()), Ed25519Keys.raw(Ed25519Keys.parsePublic(pub)));
        assertArrayEquals(pair.getPrivate().getEncoded(),
                Ed25519Keys.parsePrivate(Ed25519Keys.privateText(pair.getPrivate())).getEncoded());
        assertEquals(8, Ed25519Keys.kid(pair.getPublic()).length);
        assertThrows(IllegalArgumentException.class, () -> Ed25519Keys.parsePublic("abc"));
        assertThrows(IllegalArgumentException.class, () -> Ed25519Keys.parsePublic("!!"));
        assertThrows(IllegalArgumentException.class, () -> Ed25519Keys.parsePrivate("AAAA"));
    }

    @Test
    void classIdsAreNameBasedUuidsOfRfc9562() {
        // RFC 9562 appendix A.4: "www.example.com" in the DNS namespace
        assertEquals(UUID.fromString("2ed6657d-e927-568b-95e1-2665a8aea6a2"), DeviceIds.nameBased(
                UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "www.example.com"));
        assertEquals(5, DeviceIds.classOf("nrf52840").version());
        assertNotEquals(DeviceIds.classOf("nrf52840"), DeviceIds.classOf("esp32"));
    }
}
