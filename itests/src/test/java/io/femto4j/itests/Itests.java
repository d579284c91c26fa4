package io.femto4j.itests;

import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import org.ops4j.pax.exam.Option;

/** What the Pax Exam tests share: the inputs failsafe passes them, and waiting for the platform to settle. */
final class Itests {
    /** How long a test waits for the platform (services, bundles, hooks firing) before it fails. */
    static final long WAIT_MILLIS = 20_000;

    private Itests() {
    }

    /** A system property failsafe sets (pom.xml); a test run any other way fails with this message. */
    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set: run through failsafe (mvn verify)");
        }
        return value;
    }

    /** A bundle of this build, by the failsafe property holding its jar's path. */
    static Option reactorBundle(String property) {
        Path jar = Path.of(required(property));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the bundles first (mvn verify from the root)");
        }
        return bundle(jar.toUri().toString());
    }

    /** The compiler (io.femto4j.jit) and ASM: the device manager's engine policy needs them. */
    static Option compiler() {
        return composite(reactorBundle("femto4j.bundle.jit"), mavenBundle("org.ow2.asm", "asm", required("asm.version")));
    }

    /** Polls {@code condition} until it holds, failing the test after {@link #WAIT_MILLIS}. */
    static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                fail("timed out after " + WAIT_MILLIS + " ms waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
