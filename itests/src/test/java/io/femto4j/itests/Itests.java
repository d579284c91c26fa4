package io.femto4j.itests;

import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Collection;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import io.femto4j.board.Device;

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

    /** SCR with the OSGi APIs it needs but does not carry, and ConfigAdmin: what every femto4j platform runs on. */
    static Option declarativeServices() {
        return composite(
                mavenBundle("org.osgi", "org.osgi.util.function", required("osgi.util.function.version")),
                mavenBundle("org.osgi", "org.osgi.util.promise", required("osgi.util.promise.version")),
                mavenBundle("org.osgi", "org.osgi.service.component", required("osgi.service.component.version")),
                mavenBundle("org.apache.felix", "org.apache.felix.scr", required("felix.scr.version")),
                mavenBundle("org.apache.felix", "org.apache.felix.configadmin", required("felix.configadmin.version")));
    }

    /**
     * FileInstall watching {@code deploy} (emptied first: nothing left over from an earlier run), polled quickly, as
     * the distribution's deploy feature.
     */
    static Option fileInstall(Path deploy) throws IOException {
        PlatformSmokeIT.deleteTree(deploy);
        Files.createDirectories(deploy);
        return composite(
                frameworkProperty("felix.fileinstall.dir").value(deploy.toString()),
                frameworkProperty("felix.fileinstall.poll").value("200"),
                frameworkProperty("felix.fileinstall.noInitialDelay").value("true"),
                frameworkProperty("felix.fileinstall.log.level").value("2"),
                mavenBundle("org.apache.felix", "org.apache.felix.fileinstall", required("felix.fileinstall.version")));
    }

    /** Californium, for the CoAP hook and the loader, with the JUL bridge it logs through. */
    static Option californium() {
        return composite(mavenBundle("org.slf4j", "jul-to-slf4j", required("slf4j.version")),
                mavenBundle("org.eclipse.californium", "element-connector", required("californium.version")),
                mavenBundle("org.eclipse.californium", "californium-core", required("californium.version")));
    }

    /** The core bundles of this build: instruction set, verifier, interpreter, container runtime. */
    static Option core() {
        return composite(reactorBundle("femto4j.bundle.isa"), reactorBundle("femto4j.bundle.verifier"),
                reactorBundle("femto4j.bundle.vm"), reactorBundle("femto4j.bundle.runtime"));
    }

    /** The compiler (io.femto4j.jit) and ASM: the device manager's engine policy needs them. */
    static Option compiler() {
        return composite(reactorBundle("femto4j.bundle.jit"), mavenBundle("org.ow2.asm", "asm", required("asm.version")));
    }

    /** The {@link Device} service named {@code name}, waiting for it up to {@link #WAIT_MILLIS}. */
    static ServiceReference<Device> awaitDevice(BundleContext context, String name) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (true) {
            Collection<ServiceReference<Device>> refs =
                    context.getServiceReferences(Device.class, "(" + Device.DEVICE_NAME + "=" + name + ")");
            if (!refs.isEmpty()) {
                return refs.iterator().next();
            }
            if (System.currentTimeMillis() > deadline) {
                fail("no Device " + name + " after " + WAIT_MILLIS + " ms; devices: "
                        + context.getServiceReferences(Device.class, null).size());
            }
            Thread.sleep(50);
        }
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
