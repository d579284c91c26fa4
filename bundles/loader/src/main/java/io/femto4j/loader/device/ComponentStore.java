package io.femto4j.loader.device;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The loader's persistent state in a directory of the framework's data area: one file {@code COMPONENT.suit} per
 * component, the envelope last accepted for it with its payload integrated. It holds the sequence number that
 * guards against replay after a restart, and what is re-verified and installed again at start. Files are
 * replaced atomically (written to a temporary file, forced to disk, then moved over the old one), so a crash
 * leaves the old or the new envelope, never half of one. Component names are {@code Manifest.NAME}s: no
 * separators, so a name cannot leave the directory.
 */
final class ComponentStore {
    static final String SUFFIX = ".suit";
    private final Path dir;
    private final long maxFileBytes;

    ComponentStore(Path dir, long maxFileBytes) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.maxFileBytes = maxFileBytes;
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, "*.tmp")) {
            for (Path p : leftovers) {
                Files.deleteIfExists(p); // a write that did not reach its move
            }
        }
    }

    Path dir() {
        return dir;
    }

    /** Component names with a stored envelope, sorted. */
    List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path p : files) {
                String f = p.getFileName().toString();
                names.add(f.substring(0, f.length() - SUFFIX.length()));
            }
        }
        names.sort(null);
        return names;
    }

    byte[] read(String component) throws IOException {
        Path p = file(component);
        long size = Files.size(p);
        if (size > maxFileBytes) {
            throw new IOException(p.getFileName() + " is " + size + " bytes, more than the " + maxFileBytes
                    + " an envelope may have");
        }
        return Files.readAllBytes(p);
    }

    void write(String component, byte[] envelope) throws IOException {
        Path target = file(component);
        Path tmp = Files.createTempFile(dir, component + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(envelope);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private Path file(String component) {
        return dir.resolve(component + SUFFIX);
    }
}
