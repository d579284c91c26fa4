package io.femto4j.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The example programs and inputs of {@code sdk/examples}, which the build copies into this module's
 * classes under {@code io/femto4j/benchmarks/examples/}.
 */
public final class Examples {

    /** Fletcher-32 of {@link #fletcher32Input()}, from RIOT's checksum unit test. */
    public static final int FLETCHER32_EXPECTED = 0x5bac8c3d;

    private Examples() {
    }

    /** The raw eBPF program of {@code sdk/examples/fletcher32.c}: its {@code .text}, built by build.sh. */
    public static byte[] fletcher32Program() {
        return resource("fletcher32.bin");
    }

    /** The clang object {@code sdk/examples/<name>.o}, as the platform installs it. */
    public static byte[] object(String name) {
        return resource(name + ".o");
    }

    /** The 360-byte Fletcher-32 test vector. */
    public static byte[] fletcher32Input() {
        return resource("fletcher32-input.txt");
    }

    /** The bytes of {@code sdk/examples/<name>}, as packaged with this module. */
    public static byte[] resource(String name) {
        String path = "examples/" + name;
        try (InputStream in = Examples.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("resource io/femto4j/benchmarks/" + path
                        + " is missing: the build copies it from sdk/examples/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading resource " + path, e);
        }
    }
}
