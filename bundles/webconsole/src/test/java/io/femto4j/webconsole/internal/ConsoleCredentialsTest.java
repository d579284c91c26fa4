package io.femto4j.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No default password: configured, or generated once into an owner-only file and read back from it. */
class ConsoleCredentialsTest {
    @TempDir
    Path dir;

    @Test
    void withoutConfigurationAPasswordIsGeneratedOnceIntoAnOwnerOnlyFile() throws Exception {
        Path file = dir.resolve("data/credentials.properties");
        ConsoleCredentials first = ConsoleCredentials.resolve(null, null, file, new SecureRandom());
        assertTrue(first.generated());
        assertEquals(file, first.file());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        Properties p = new Properties();
        p.load(Files.newBufferedReader(file, StandardCharsets.UTF_8));
        String password = p.getProperty("password");
        assertEquals(24, password.length(), password);
        assertTrue(first.matches("admin", password));
        assertFalse(first.matches("admin", "admin"), "the console's old default admin/admin must not work");
        assertFalse(first.matches("root", password));
        assertFalse(first.matches("admin", password + "x"));

        // a later start reads the same file: same password, nothing generated
        ConsoleCredentials again = ConsoleCredentials.resolve(null, "", file, new SecureRandom());
        assertFalse(again.generated());
        assertTrue(again.matches("admin", password));
    }

    @Test
    void twoGeneratedPasswordsDiffer() {
        ConsoleCredentials a = ConsoleCredentials.resolve(null, null, dir.resolve("a"), new SecureRandom());
        ConsoleCredentials b = ConsoleCredentials.resolve(null, null, dir.resolve("b"), new SecureRandom());
        assertFalse(java.util.Arrays.equals(a.passwordHash(), b.passwordHash()));
    }

    @Test
    void aConfiguredPasswordWinsAndWritesNothing() {
        Path file = dir.resolve("never.properties");
        ConsoleCredentials c = ConsoleCredentials.resolve("operator", "s3cret pass", file, new SecureRandom());
        assertNull(c.file());
        assertTrue(c.matches("operator", "s3cret pass"));
        assertFalse(c.matches("admin", "s3cret pass"));
        assertFalse(Files.exists(file));
    }

    @Test
    void aConfiguredSha256HashIsAccepted() {
        String hash = Base64.getEncoder().encodeToString(ConsoleCredentials.sha256("hunter2"));
        ConsoleCredentials c = ConsoleCredentials.resolve(null, "{sha-256}" + hash, dir.resolve("x"), new SecureRandom());
        assertTrue(c.matches("admin", "hunter2"));
        assertFalse(c.matches("admin", "{sha-256}" + hash));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConsoleCredentials.resolve(null, "{sha-256}tooShort", dir.resolve("y"), new SecureRandom()));
        assertTrue(e.getMessage().contains("32-byte SHA-256"), e.getMessage());
    }

    @Test
    void aFileWithoutPasswordIsAnErrorNotAnEmptyPassword() throws Exception {
        Path file = dir.resolve("empty.properties");
        Files.writeString(file, "username=admin\npassword=\n");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ConsoleCredentials.resolve(null, null, file, new SecureRandom()));
        assertTrue(e.getMessage().contains("delete it"), e.getMessage());
    }
}
