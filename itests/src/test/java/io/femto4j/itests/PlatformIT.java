package io.femto4j.itests;

import static io.femto4j.itests.Itests.WAIT_MILLIS;
import static io.femto4j.itests.Itests.reactorBundle;
import static io.femto4j.itests.Itests.required;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import io.femto4j.verifier.Policy;
import io.femto4j.verifier.Verification;
import io.femto4j.verifier.Verifier;

/**
 * The femto4j platform in a real Felix framework: the services of the "platform" and "deploy"
 * features and the four "core" bundles start, the verifier works from inside its bundle, and
 * FileInstall hot-deploys a bundle dropped into the deploy folder.
 *
 * <p>The {@code @Configuration} method runs in the test JVM; the {@code @Test} methods run inside
 * the framework, in Pax Exam's probe bundle (which imports any package dynamically).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlatformIT {

    /** The symbolic names that must be ACTIVE: SCR, ConfigAdmin, FileInstall and femto4j's core. */
    static final List<String> REQUIRED_ACTIVE = List.of(
            "org.apache.felix.scr", "org.apache.felix.configadmin", "org.apache.felix.fileinstall",
            "io.femto4j.isa", "io.femto4j.verifier", "io.femto4j.vm", "io.femto4j.runtime");

    /** mov r0, 42; exit */
    static final byte[] RETURN_42 = {
            (byte) 0xb7, 0x00, 0x00, 0x00, 0x2a, 0x00, 0x00, 0x00,
            (byte) 0x95, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};

    static final String HOT_BSN = "io.femto4j.itests.hotdeploy";

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() throws IOException {
        Path work = Path.of(required("femto4j.itest.dir")).toAbsolutePath();
        return options(
                workingDirectory(work.resolve("paxexam").toString()),
                cleanCaches(),
                // feature "platform": SCR with its API bundles, Configuration Admin
                Itests.declarativeServices(),
                Itests.fileInstall(work.resolve("deploy")),
                // feature "core": the reactor's freshly built jars
                Itests.core(),
                junitBundles());
    }

    @Test
    public void platformServicesAndCoreBundlesAreActive() {
        for (String bsn : REQUIRED_ACTIVE) {
            Bundle b = findBundle(bsn);
            assertNotNull(bsn + " is not installed; installed: " + installed(), b);
            assertEquals(bsn + " is " + stateName(b.getState()) + ", not ACTIVE", Bundle.ACTIVE, b.getState());
        }
        // the services behind the bundles are up, not just the bundles
        assertNotNull("no ServiceComponentRuntime (SCR)",
                context.getServiceReference("org.osgi.service.component.runtime.ServiceComponentRuntime"));
        assertNotNull("no ConfigurationAdmin",
                context.getServiceReference("org.osgi.service.cm.ConfigurationAdmin"));
    }

    @Test
    public void verifierBundleAcceptsATinyProgram() throws Exception {
        Bundle verifierBundle = findBundle("io.femto4j.verifier");
        assertNotNull("io.femto4j.verifier is not installed", verifierBundle);
        // the class the probe links against is the bundle's own, not a copy from the test classpath
        Class<?> loaded = verifierBundle.loadClass("io.femto4j.verifier.Verifier");
        assertSame(loaded, Verifier.class);
        assertEquals(verifierBundle, FrameworkUtil.getBundle(Verifier.class));

        Verification verdict = Verifier.verify(RETURN_42, Policy.permissive(h -> false));

        assertTrue("expected Accepted: " + verdict, verdict instanceof Verification.Accepted);
    }

    @Test
    public void fileInstallHotDeploysAndRemovesABundle() throws Exception {
        Path deploy = Path.of(context.getProperty("felix.fileinstall.dir"));
        assertNull(HOT_BSN + " is there before the test", findBundle(HOT_BSN));

        Path jar = deploy.resolve("hotdeploy.jar");
        // written beside the folder, then moved in whole, so FileInstall never sees half a jar
        Path staging = Files.createTempFile(deploy.getParent(), "hotdeploy", ".tmp");
        writeManifestOnlyBundle(staging, HOT_BSN);
        Files.move(staging, jar, StandardCopyOption.ATOMIC_MOVE);

        waitFor(HOT_BSN + " ACTIVE after dropping it into " + deploy, () -> {
            Bundle b = findBundle(HOT_BSN);
            return b != null && b.getState() == Bundle.ACTIVE;
        });

        Files.delete(jar);

        waitFor(HOT_BSN + " uninstalled after deleting its jar", () -> findBundle(HOT_BSN) == null);
    }

    // --- helpers -----------------------------------------------------------------------------

    private Bundle findBundle(String bsn) {
        return Arrays.stream(context.getBundles())
                .filter(b -> bsn.equals(b.getSymbolicName()))
                .findFirst().orElse(null);
    }

    private String installed() {
        StringBuilder sb = new StringBuilder();
        for (Bundle b : context.getBundles()) {
            sb.append("\n  ").append(b.getSymbolicName()).append(' ').append(b.getVersion())
                    .append(' ').append(stateName(b.getState()));
        }
        return sb.toString();
    }

    static String stateName(int state) {
        switch (state) {
            case Bundle.UNINSTALLED: return "UNINSTALLED";
            case Bundle.INSTALLED: return "INSTALLED (unresolved)";
            case Bundle.RESOLVED: return "RESOLVED";
            case Bundle.STARTING: return "STARTING";
            case Bundle.STOPPING: return "STOPPING";
            case Bundle.ACTIVE: return "ACTIVE";
            default: return "state " + state;
        }
    }

    private void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                fail("timed out after " + WAIT_MILLIS + " ms waiting for " + what + "; installed:" + installed());
            }
            Thread.sleep(100);
        }
    }

    /** A bundle with a manifest and nothing else: enough for the framework to install and start it. */
    static void writeManifestOnlyBundle(Path file, String bsn) throws IOException {
        Manifest mf = new Manifest();
        Attributes main = mf.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", bsn);
        main.putValue("Bundle-Version", "1.0.0");
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, mf)) {
            jar.flush();
        }
    }
}
