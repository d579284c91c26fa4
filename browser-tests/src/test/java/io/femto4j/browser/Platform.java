package io.femto4j.browser;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The exported distribution ({@code distribution/target/femto4j.jar}) run as a user runs it, {@code java -jar} in
 * an empty directory without a shell, its web console on a free loopback port. Reads the console's generated
 * password from the file whose path the platform prints.
 */
final class Platform implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /** femto4j web console: user admin, password generated at this first start, in /x/y.properties (readable ... */
    static final Pattern ANNOUNCEMENT = Pattern.compile("femto4j web console: user (\\S+), password .*? in (/\\S+\\.properties)");

    final Path dir;
    final int port;
    final Process process;
    private final StringBuffer output = new StringBuffer();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String user;
    String password;

    Platform(Path dir) throws IOException {
        this.dir = dir;
        this.port = freePort();
        Path jar = Path.of(System.getProperty("femto4j.distribution.jar", "../distribution/target/femto4j.jar"))
                .toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), jar + " is missing: build distribution/ first");
        Files.createDirectories(dir.resolve("deploy"));
        // the CoAP hook on a free port: another platform may hold 5683 on this machine
        Files.writeString(dir.resolve("deploy/io.femto4j.hooks.coap.cfg"), "port=0\n");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        process = new ProcessBuilder(java.toString(), "-Dorg.osgi.service.http.port=" + port,
                "-Dgosh.args=--nointeractive", "-jar", jar.toString())
                .directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    output.append(line).append('\n');
                }
            } catch (IOException e) {
                output.append("(output ended: ").append(e.getMessage()).append(")\n");
            }
        }, "femto4j.jar output");
        reader.setDaemon(true);
        reader.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    String output() {
        return output.toString();
    }

    /** Waits for the credentials' announcement and for the console to answer with them. */
    void awaitConsole() throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Path file = null;
        while (file == null) {
            Matcher m = ANNOUNCEMENT.matcher(output);
            if (m.find()) {
                user = m.group(1);
                file = Path.of(m.group(2));
            } else {
                check(deadline, "the platform printing where the console's password is");
            }
        }
        assertTrue(Files.isReadable(file), file + " is not readable");
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        password = p.getProperty("password");
        assertTrue(password != null && password.length() >= 16, "no generated password in " + file);
        while (get("/system/console/femto/data.json", user, password).statusCode() != 200) {
            check(deadline, "the console's Femto-Containers tab answering");
        }
    }

    private void check(long deadline, String what) throws InterruptedException {
        if (!process.isAlive()) {
            fail("femto4j.jar exited with " + process.exitValue() + " before " + what + "; output:\n" + output);
        }
        if (System.nanoTime() > deadline) {
            fail("no " + what + " within " + START_TIMEOUT.toSeconds() + " s; output:\n" + output);
        }
        Thread.sleep(200);
    }

    HttpResponse<String> get(String path, String user, String password) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10));
        if (user != null) {
            b.header("Authorization", basic(user, password));
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            return new Refused(); // not listening yet
        }
    }

    /** A form POST with the console's credentials, from the console's own origin. */
    HttpResponse<String> post(String path, String form) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10))
                .header("Authorization", basic(user, password)).header("Origin", url(""))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The answer "nothing listens yet" as a response with status 0. */
    private static final class Refused implements HttpResponse<String> {
        public int statusCode() { return 0; }
        public HttpRequest request() { return null; }
        public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
        public java.net.http.HttpHeaders headers() { return java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true); }
        public String body() { return ""; }
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
        public URI uri() { return null; }
        public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
    }
}
