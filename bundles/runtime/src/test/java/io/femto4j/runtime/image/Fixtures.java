package io.femto4j.runtime.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The checked-in clang objects of src/test/resources/elf (built from src/test/c by sdk/examples/build.sh). */
final class Fixtures {
    private Fixtures() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/elf/" + name)) {
            if (in == null) {
                throw new IllegalStateException("fixture " + name + " missing: run sdk/examples/build.sh");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Names of all fixture objects, e.g. "globals.o". */
    static List<String> objects() {
        URL dir = Fixtures.class.getResource("/elf");
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".o")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fixtures that load. */
    static List<String> loadable() {
        return objects().stream().filter(n -> !n.startsWith("reject_")).toList();
    }
}
