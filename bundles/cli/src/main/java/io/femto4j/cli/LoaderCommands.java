package io.femto4j.cli;

import io.femto4j.cli.Main.UsageException;
import io.femto4j.loader.envelope.DeviceIds;
import io.femto4j.loader.envelope.Ed25519Keys;
import io.femto4j.loader.envelope.EnvelopeCodec;
import io.femto4j.loader.envelope.Manifest;
import io.femto4j.runtime.image.Images;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The operator's side of the network loader, with the loader's own envelope code
 * ({@code io.femto4j.loader.envelope}):
 * <ul>
 * <li>{@code femto keygen --out DIR --tenant T}: an Ed25519 key pair, {@code DIR/T.key} (private, base64 PKCS#8,
 *     owner-only) and {@code DIR/T.pub} (base64url of the raw key); prints the device's {@code trusted.keys}
 *     entry and the form of its {@code tenant.hooks} entries (without one the tenant may use no hook);</li>
 * <li>{@code femto manifest IMAGE --tenant T --key KEY --hook H --seq N ... -o ENVELOPE}: a signed envelope,
 *     the image integrated unless {@code --uri} names where the device fetches it;</li>
 * <li>{@code femto deploy ENVELOPE coap://host:port} posts it to {@code /suit/install} block by block, printing
 *     each block; {@code --uri} posts ENVELOPE (then a {@code coap://} URI of an envelope) to
 *     {@code /suit/trigger}. Exit 0 when the device installed it, 1 with its code and diagnostic when it refused.</li>
 * </ul>
 */
final class LoaderCommands {
    static final String USAGE = "femto keygen --out DIR --tenant T | femto manifest IMAGE --tenant T --key KEY"
            + " --hook H --seq N [--component NAME] [--class-id BOARD|UUID] [--policy P] [--param K=V]... [--uri URI]"
            + " -o ENVELOPE | femto deploy ENVELOPE coap://HOST:PORT [--uri]";
    /** Bytes per block of an upload (CoAP block size exponent 5). */
    static final int BLOCK_SIZE = 512;
    static final long TIMEOUT_MS = 30_000;

    private LoaderCommands() {
    }

    // ---- keygen ---------------------------------------------------------------------------------------------

    static int keygen(String[] args, PrintStream out) throws UsageException, IOException {
        String dir = null;
        String tenant = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out": dir = Main.value(args, i++, "--out"); break;
                case "--tenant": tenant = Main.value(args, i++, "--tenant"); break;
                default: throw new UsageException("unexpected keygen argument '" + args[i] + "'");
            }
        }
        if (dir == null || tenant == null) {
            throw new UsageException("keygen needs --out DIR and --tenant T");
        }
        name("tenant", tenant);
        Path folder = Files.createDirectories(Path.of(dir));
        Path privateFile = folder.resolve(tenant + ".key");
        Path publicFile = folder.resolve(tenant + ".pub");
        if (Files.exists(privateFile)) {
            throw new UsageException(privateFile + " exists; keygen does not overwrite a key");
        }
        KeyPair pair = Ed25519Keys.generate();
        Files.createFile(privateFile);
        try {
            Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX permissions keeps its defaults
        }
        Files.writeString(privateFile, Ed25519Keys.privateText(pair.getPrivate()) + "\n");
        String pub = Ed25519Keys.publicText(pair.getPublic());
        Files.writeString(publicFile, pub + "\n");
        out.println("wrote " + privateFile + " (keep it secret) and " + publicFile);
        out.println("key id " + HexFormat.of().formatHex(Ed25519Keys.kid(pair.getPublic())));
        out.println("device configuration (PID io.femto4j.loader): trusted.keys=" + tenant + ":" + pub);
        // the device grants no hook to a key alone: without this entry every envelope of the tenant is refused
        out.println("and the hooks it may use: tenant.hooks=" + tenant + ":HOOK (e.g. " + tenant + ":shell,"
                + tenant + ":timer; " + tenant + ":* for every hook; none without an entry)");
        return 0;
    }

    // ---- manifest -------------------------------------------------------------------------------------------

    static int manifest(String[] args, PrintStream out) throws UsageException, IOException {
        String image = null;
        String tenant = null;
        String keyFile = null;
        String hook = null;
        Long sequence = null;
        String component = null;
        String classId = "nrf52840";
        String policy = "continue";
        String uri = null;
        String output = null;
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--tenant": tenant = Main.value(args, i++, "--tenant"); break;
                case "--key": keyFile = Main.value(args, i++, "--key"); break;
                case "--hook": hook = Main.value(args, i++, "--hook"); break;
                case "--seq": sequence = number(Main.value(args, i++, "--seq")); break;
                case "--component": component = Main.value(args, i++, "--component"); break;
                case "--class-id": classId = Main.value(args, i++, "--class-id"); break;
                case "--policy": policy = Main.value(args, i++, "--policy"); break;
                case "--uri": uri = Main.value(args, i++, "--uri"); break;
                case "-o": output = Main.value(args, i++, "-o"); break;
                case "--param": {
                    String kv = Main.value(args, i++, "--param");
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        throw new UsageException("--param takes NAME=VALUE, not '" + kv + "'");
                    }
                    parameters.put(kv.substring(0, eq), kv.substring(eq + 1));
                    break;
                }
                default:
                    if (args[i].startsWith("-") || image != null) {
                        throw new UsageException("unexpected manifest argument '" + args[i] + "'");
                    }
                    image = args[i];
            }
        }
        if (image == null || tenant == null || keyFile == null || hook == null || sequence == null || output == null) {
            throw new UsageException("manifest needs IMAGE, --tenant, --key, --hook, --seq and -o");
        }
        Path imagePath = Path.of(image);
        if (Files.size(imagePath) > Images.MAX_FILE_SIZE) {
            throw new UsageException(image + " is larger than " + Images.MAX_FILE_SIZE + " bytes");
        }
        byte[] payload = Files.readAllBytes(imagePath);
        if (component == null) {
            String file = imagePath.getFileName().toString();
            int dot = file.lastIndexOf('.');
            component = dot > 0 ? file.substring(0, dot) : file;
        }
        PrivateKey key = Ed25519Keys.parsePrivate(Files.readString(Path.of(keyFile)));
        PublicKey pub = publicOf(keyFile);
        Manifest m;
        try {
            m = new Manifest(sequence, component, DeviceIds.VENDOR, classOf(classId), sha256(payload), payload.length,
                    uri, tenant, hook, policy, parameters);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        byte[] envelope = EnvelopeCodec.encode(m, key, Ed25519Keys.kid(pub), uri == null ? payload : null);
        if (!io.femto4j.loader.envelope.CoseSign1.sign(EnvelopeCodec.encodeManifest(m), key, new byte[1])
                .verifies(EnvelopeCodec.encodeManifest(m), pub)) {
            throw new UsageException(keyFile + " and its .pub file are not one key pair");
        }
        Files.write(Path.of(output), envelope);
        out.println("wrote " + output + ": " + m + ", " + envelope.length + " bytes, key id "
                + HexFormat.of().formatHex(Ed25519Keys.kid(pub)));
        return 0;
    }

    /** The public key beside a private key file: KEY with .key replaced by .pub. */
    private static PublicKey publicOf(String keyFile) throws UsageException, IOException {
        String base = keyFile.endsWith(".key") ? keyFile.substring(0, keyFile.length() - 4) : keyFile;
        Path pub = Path.of(base + ".pub");
        if (!Files.isRegularFile(pub)) {
            throw new UsageException("the public key " + pub + " (beside " + keyFile + ") is missing: it names the"
                    + " key in the envelope");
        }
        try {
            return Ed25519Keys.parsePublic(Files.readString(pub));
        } catch (IllegalArgumentException e) {
            throw new UsageException(pub + ": " + e.getMessage());
        }
    }

    private static UUID classOf(String text) throws UsageException {
        try {
            return text.length() == 36 ? UUID.fromString(text) : DeviceIds.classOf(name("board", text));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--class-id takes a board id or a UUID: " + text);
        }
    }

    private static String name(String what, String value) throws UsageException {
        if (!Manifest.NAME.matcher(value).matches()) {
            throw new UsageException(what + " must match " + Manifest.NAME.pattern() + ": '" + value + "'");
        }
        return value;
    }

    private static long number(String text) throws UsageException {
        try {
            long n = Long.parseLong(text);
            if (n < 0) {
                throw new UsageException("--seq must not be negative: " + text);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--seq is not a number: '" + text + "'");
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- deploy ---------------------------------------------------------------------------------------------

    static int deploy(String[] args, PrintStream out, PrintStream err) throws UsageException, IOException {
        String envelope = null;
        String device = null;
        boolean byUri = false;
        for (String a : args) {
            if (a.equals("--uri")) {
                byUri = true;
            } else if (a.startsWith("-")) {
                throw new UsageException("unexpected deploy argument '" + a + "'");
            } else if (envelope == null) {
                envelope = a;
            } else if (device == null) {
                device = a;
            } else {
                throw new UsageException("unexpected deploy argument '" + a + "'");
            }
        }
        if (envelope == null || device == null) {
            throw new UsageException("deploy needs ENVELOPE and coap://HOST:PORT");
        }
        URI target;
        try {
            target = new URI(device);
        } catch (URISyntaxException e) {
            throw new UsageException("not a URI: " + device);
        }
        if (!"coap".equals(target.getScheme()) || target.getHost() == null) {
            throw new UsageException("the device is coap://HOST:PORT, not " + device);
        }
        String base = "coap://" + target.getRawAuthority();
        byte[] body = byUri ? envelope.getBytes(StandardCharsets.UTF_8) : Main.read(envelope);
        CoapConfig.register();
        UdpConfig.register();
        Configuration config = Configuration.createStandardWithoutFile();
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 0); // blocks are sent here, one by one, to show progress
        CoapEndpoint endpoint = CoapEndpoint.builder().setConfiguration(config).build();
        try {
            endpoint.start();
            Response r = upload(endpoint, base + (byUri ? "/suit/trigger" : "/suit/install"), body, out);
            if (r == null) {
                err.println("femto: no answer from " + base + " within " + TIMEOUT_MS / 1000 + " s");
                return 1;
            }
            String text = r.getPayloadString();
            if (r.getCode().isSuccess()) {
                out.println(r.getCode() + " " + r.getCode().name() + ": " + text);
                return 0;
            }
            err.println("femto: refused, " + r.getCode() + " " + r.getCode().name() + ": " + text);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("femto: interrupted");
            return 1;
        } finally {
            endpoint.destroy();
        }
    }

    /**
     * Posts {@code body} in Block1 blocks (RFC 7959) of {@link #BLOCK_SIZE} bytes, or smaller when the device asks,
     * and returns the device's final answer (null when it does not answer).
     */
    static Response upload(CoapEndpoint endpoint, String uri, byte[] body, PrintStream out)
            throws InterruptedException {
        int size = BLOCK_SIZE;
        int offset = 0;
        int blocks = Math.max(1, (body.length + size - 1) / size);
        while (true) {
            int end = Math.min(body.length, offset + size);
            boolean more = end < body.length;
            Request request = Request.newPost();
            request.setURI(uri);
            request.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_CBOR);
            if (more || offset > 0) {
                request.getOptions().setBlock1(BlockOption.size2Szx(size), more, offset / size);
            }
            request.setPayload(Arrays.copyOfRange(body, offset, end));
            request.send(endpoint);
            Response r = request.waitForResponse(TIMEOUT_MS);
            if (blocks > 1) {
                out.println("block " + (offset / size + 1) + ": " + end + "/" + body.length + " bytes"
                        + (r == null ? ", no answer" : ", " + r.getCode()));
            }
            if (r == null || !more || r.getCode() != ResponseCode.CONTINUE) {
                return r;
            }
            BlockOption asked = r.getOptions().getBlock1();
            offset = end;
            if (asked != null && asked.getSize() < size) {
                size = asked.getSize(); // the device wants smaller blocks: continue at the same offset
            }
        }
    }
}
