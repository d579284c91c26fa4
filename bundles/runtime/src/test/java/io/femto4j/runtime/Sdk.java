package io.femto4j.runtime;

import io.femto4j.runtime.image.ImageFormatException;
import io.femto4j.runtime.image.RbfWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** The checked-in SDK examples (sdk/examples, built by its build.sh) and the hooks they are written for. */
final class Sdk {
    static final Set<Integer> NO_HELPERS = Set.of();
    static final HookSpec NONE = new HookSpec("none", 4096, true, NO_HELPERS);
    static final HookSpec SCHED = new HookSpec("sched", 16, true, Set.of(HelperNumbers.ADD_GLOBAL,
            HelperNumbers.PRINTF));
    static final HookSpec TIMER = new HookSpec("timer", 24, true, HelperNumbers.ALL);
    static final HookSpec COAP = new HookSpec("coap", 24, true, HelperNumbers.ALL);
    static final HookSpec ANY = new HookSpec("any", 4096, false, HelperNumbers.ALL);

    private Sdk() {
    }

    static Path examples() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("sdk/examples"))) {
                return p.resolve("sdk/examples");
            }
        }
        throw new IllegalStateException("sdk/examples not found above " + dir);
    }

    /** The clang object X.o. */
    static byte[] elf(String name) {
        try {
            return Files.readAllBytes(examples().resolve(name + ".o"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same object packed to rbf, here in the test. */
    static byte[] rbf(String name) {
        try {
            return RbfWriter.pack(elf(name));
        } catch (ImageFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] file(String name) {
        try {
            return Files.readAllBytes(examples().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
