package io.femto4j.webconsole.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

/**
 * The one user of the web console. No password ships with the platform: it comes from configuration, or else it is
 * generated at the first start and kept in a file readable by its owner only, where the operator reads it.
 * Only a SHA-256 hash of the password is held in memory; comparisons take the same time whatever matches.
 *
 * @param username     the user name
 * @param passwordHash SHA-256 of the password's UTF-8 bytes
 * @param file         where the generated password is kept, or null when it is configured
 * @param generated    whether this start generated it (the file is new)
 */
record ConsoleCredentials(String username, byte[] passwordHash, Path file, boolean generated) {
    static final String DEFAULT_USER = "admin";
    /** A configured password may also be given as {@code {sha-256}BASE64} (the Felix Web Console's notation). */
    static final String SHA256_PREFIX = "{sha-256}";
    static final int GENERATED_BYTES = 18; // 24 characters of base64url, 144 random bits

    ConsoleCredentials {
        Objects.requireNonNull(username, "username");
        passwordHash = passwordHash.clone();
    }

    /**
     * The configured credentials when {@code configuredPassword} is non-blank; else those kept in {@code file},
     * generating and writing them there (owner read/write only) when the file does not exist.
     *
     * @throws IllegalStateException if the file exists but holds no password, or cannot be written
     */
    static ConsoleCredentials resolve(String configuredUser, String configuredPassword, Path file, SecureRandom random) {
        String user = configuredUser == null || configuredUser.isBlank() ? DEFAULT_USER : configuredUser.trim();
        if (configuredPassword != null && !configuredPassword.isBlank()) {
            return new ConsoleCredentials(user, hashOfConfigured(configuredPassword.trim()), null, false);
        }
        try {
            if (Files.exists(file)) {
                return read(file);
            }
            byte[] secret = new byte[GENERATED_BYTES];
            random.nextBytes(secret);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            write(file, user, password);
            return new ConsoleCredentials(user, sha256(password), file, true);
        } catch (FileAlreadyExistsException e) {
            return read(file); // another start wrote it first
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the web console's password in " + file, e);
        }
    }

    /** Whether {@code user} and {@code password} are this user's, in time independent of where they differ. */
    boolean matches(String user, String password) {
        boolean userOk = MessageDigest.isEqual(sha256(user), sha256(username));
        boolean passwordOk = MessageDigest.isEqual(sha256(password), passwordHash);
        return userOk & passwordOk;
    }

    private static byte[] hashOfConfigured(String configured) {
        if (configured.regionMatches(true, 0, SHA256_PREFIX, 0, SHA256_PREFIX.length())) {
            try {
                byte[] hash = Base64.getDecoder().decode(configured.substring(SHA256_PREFIX.length()));
                if (hash.length == 32) {
                    return hash;
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            throw new IllegalArgumentException("password " + SHA256_PREFIX + "... must hold the 32-byte SHA-256 in base64");
        }
        return sha256(configured);
    }

    private static ConsoleCredentials read(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the web console's password from " + file, e);
        }
        String user = p.getProperty("username", DEFAULT_USER).trim();
        String password = p.getProperty("password", "").trim();
        if (user.isEmpty() || password.isEmpty()) {
            throw new IllegalStateException(file + " holds no username and password; delete it to generate new ones");
        }
        return new ConsoleCredentials(user, sha256(password), file, false);
    }

    /** Creates the file with owner-only permissions from the start (no moment where others may read it). */
    private static void write(Path file, String user, String password) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (posix) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
        } else {
            Files.createFile(file);
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("# femto4j web console credentials, generated at the first start (configure PID\n"
                    + "# io.femto4j.webconsole with username and password to choose your own)\n");
            out.write("username=" + user + "\npassword=" + password + "\n");
        }
        if (!posix) {
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
            file.toFile().setWritable(false, false);
            file.toFile().setWritable(true, true);
        }
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
