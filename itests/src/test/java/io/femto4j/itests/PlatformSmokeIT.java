package io.femto4j.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Starts the exported distribution ({@code distribution/target/femto4j.jar}) the way a user does,
 * with {@code java -jar}, in an empty working directory, runs a Gogo script that lists the bundles
 * and stops the framework, and checks that every bundle the jar carries came up ACTIVE; and that the platform comes
 * up running the demo containers.
 */
class PlatformSmokeIT {

    /** The bnd launcher's exit code after {@code stop 0}: a normal stop, not an error. */
    static final int EXIT_AFTER_STOP = 117;
    static final long TIMEOUT_SECONDS = 120;

    /** A row of Gogo's {@code lb -s}: {@code    3|Active     |    1|io.femto4j.verifier (0.1.0....)|0.1.0....} */
    static final Pattern LB_ROW = Pattern.compile("^\\s*(\\d+)\\|(\\w+)\\s*\\|\\s*(\\d+)\\|(\\S+) \\(.*$");

    static final List<String> REQUIRED = List.of(
            "org.apache.felix.scr", "org.apache.felix.configadmin", "org.apache.felix.fileinstall",
            "org.apache.felix.gogo.runtime", "org.apache.felix.gogo.shell", "org.apache.felix.gogo.command",
            "io.femto4j.isa", "io.femto4j.verifier", "io.femto4j.vm", "io.femto4j.runtime",
            "io.femto4j.demo", "io.femto4j.deploy");

    @Test
    void everyBundleOfTheDistributionIsActive() throws Exception {
        Path jar = distributionJar();
        Path dir = workDir("smoke");
        String output = runScript(dir, "format (lb -s)\nstop 0\n");

        Map<String, String> states = new LinkedHashMap<>();
        for (String line : output.split("\\R")) {
            Matcher m = LB_ROW.matcher(line);
            if (m.matches()) {
                states.put(m.group(4), m.group(2));
            }
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : states.entrySet()) {
            if (!"Active".equals(e.getValue())) {
                problems.add(e.getKey() + " is " + e.getValue());
            }
        }
        for (String bsn : REQUIRED) {
            if (!states.containsKey(bsn)) {
                problems.add(bsn + " is not installed");
            }
        }
        // every bundle the jar carries must be listed: nothing silently failed to install
        int carried = launchBundles(jar).size();
        if (states.size() != carried + 1) { // + the system bundle
            problems.add("lb listed " + states.size() + " bundles, the jar carries " + carried + " + the framework");
        }
        if (!problems.isEmpty()) {
            fail(String.join("; ", problems) + "\noutput:\n" + output);
        }
        // the launcher extension created FileInstall's folder, relative to the working directory
        assertTrue(Files.isDirectory(dir.resolve("deploy")), "deploy/ was not created in " + dir + "\noutput:\n" + output);
    }

    /**
     * The demo (io.femto4j.demo) in the real jar: after start, dev0 runs the three demo containers, the sensor
     * average and the thread counter have run, and {@code fc:coap} reads the average from the CoAP formatter.
     */
    @Test
    void theDistributionStartsWithTheDemoContainersRunning() throws Exception {
        Path dir = workDir("smoke-demo");
        // the CoAP hook on a free port instead of 5683 (another platform may run on this machine); FileInstall
        // hands this file to ConfigAdmin at start
        Files.createDirectories(dir.resolve("deploy"));
        Files.writeString(dir.resolve("deploy").resolve("io.femto4j.hooks.coap.cfg"), "port=0\n");
        // Gogo has no sleep command: Thread.sleep through the system bundle's class loader, so that the timer
        // and sched hooks have fired before fc:list
        String output = runScript(dir, "thread = (($.context bundle 0) loadClass java.lang.Thread)\n"
                + "$thread sleep 3000\n"
                + "format (fc:list)\n"
                + "format (fc:coap dev0 coap_formatter)\n"
                + "stop 0\n");
        List<String> problems = new ArrayList<>();
        // fc:list: dev0/sensor_average  tenant default  hook timer  attached  3504 bytes  12 runs  0 faults  engine interpreter
        for (String demo : List.of("sensor_average timer", "coap_formatter coap", "thread_counter sched")) {
            String[] idAndHook = demo.split(" ");
            Matcher m = Pattern.compile("(?m)^dev0/" + idAndHook[0] + "\\s+tenant default\\s+hook " + idAndHook[1]
                    + "\\s+attached\\s+\\d+ bytes\\s+(\\d+) runs\\s+0 faults\\s+engine \\w+$").matcher(output);
            if (!m.find()) {
                problems.add("fc:list shows no attached demo container " + idAndHook[0] + " on hook " + idAndHook[1]);
            } else if (!idAndHook[0].equals("coap_formatter") && Long.parseLong(m.group(1)) == 0) {
                problems.add("demo container " + idAndHook[0] + " has not run");
            }
        }
        // fc:coap: the formatter answers 2.05 with the average in degrees, e.g. "2.05 CONTENT 23.45"
        if (!Pattern.compile("(?m)^2\\.05 CONTENT -?\\d+\\.\\d\\d$").matcher(output).find()) {
            problems.add("fc:coap dev0 coap_formatter did not answer 2.05 with an average");
        }
        if (!problems.isEmpty()) {
            fail(String.join("; ", problems) + "\noutput:\n" + output);
        }
    }

    static Path distributionJar() {
        Path jar = Path.of(System.getProperty("femto4j.distribution.jar", "../distribution/target/femto4j.jar"))
                .toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), jar + " is missing: build distribution/ first");
        return jar;
    }

    /** An empty working directory for one run of the jar. */
    static Path workDir(String name) throws IOException {
        Path dir = Path.of(System.getProperty("femto4j.itest.dir", "target/itest")).toAbsolutePath().resolve(name);
        deleteTree(dir);
        Files.createDirectories(dir);
        return dir;
    }

    /** Runs the jar in {@code dir} with a Gogo script that ends with {@code stop 0}; its whole output. */
    static String runScript(Path dir, String gogoScript) throws Exception {
        Path script = dir.resolve("script.gosh");
        Files.writeString(script, gogoScript);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(),
                "-Dgosh.args=--nointeractive " + script.getFileName(),
                "-jar", distributionJar().toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        Process p = pb.start();
        String output;
        try (InputStream in = p.getInputStream()) {
            // the launcher exits by itself after `stop 0`; output is small, read it all
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("femto4j.jar did not stop within " + TIMEOUT_SECONDS + " s; output:\n" + output);
        }
        assertEquals(EXIT_AFTER_STOP, p.exitValue(), "exit code of java -jar femto4j.jar; output:\n" + output);
        return output;
    }

    /** The bundle paths listed in the jar's launcher.properties (launch.bundles). */
    static List<String> launchBundles(Path jar) throws IOException {
        try (JarFile jf = new JarFile(jar.toFile())) {
            Properties props = new Properties();
            try (InputStream in = jf.getInputStream(jf.getEntry("launcher.properties"))) {
                props.load(in);
            }
            String bundles = props.getProperty("launch.bundles", "").trim();
            return bundles.isEmpty() ? List.of() : List.of(bundles.split("\\s*,\\s*"));
        }
    }

    static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
