package io.femto4j.loader.device;

import io.femto4j.runtime.RunResult;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The CoAP face of one device's loader (Eclipse Californium, UDP, block-wise transfers on, bodies bounded by
 * {@link LoaderSettings#maxEnvelopeBytes}):
 * <ul>
 * <li>{@code POST /suit/install}: the body is an envelope (payload integrated, or a URI the device fetches);</li>
 * <li>{@code POST /suit/trigger}: the body is a {@code coap://} URI of an envelope the device fetches;</li>
 * <li>{@code GET /bpf}: the loader's containers, one line each;</li>
 * <li>{@code POST /bpf/exec/NAME}: runs NAME once with the body as its context; answers r0 as {@code 0x...}.</li>
 * </ul>
 * Success is 2.04 Changed with one line; a refusal is its {@link Refusal#code()} with its one-line diagnostic.
 */
final class LoaderServer implements AutoCloseable {
    /** How long a block-wise transfer may stay unfinished before its state is dropped. */
    static final int BLOCKWISE_LIFETIME_S = 30;

    private final DeviceLoader loader;
    private final CoapServer coap;

    LoaderServer(DeviceLoader loader, LoaderSettings settings, InetSocketAddress bind) {
        this.loader = loader;
        CoapConfig.register();
        UdpConfig.register();
        Configuration config = Configuration.createStandardWithoutFile();
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, settings.maxEnvelopeBytes());
        config.set(CoapConfig.BLOCKWISE_STATUS_LIFETIME, BLOCKWISE_LIFETIME_S, TimeUnit.SECONDS);
        coap = new CoapServer(config);
        coap.addEndpoint(CoapEndpoint.builder().setConfiguration(config).setInetSocketAddress(bind).build());
        CoapResource suit = new CoapResource("suit");
        suit.add(new Install());
        suit.add(new Trigger());
        CoapResource bpf = new Listing();
        bpf.add(new Exec());
        coap.add(suit, bpf);
    }

    LoaderServer start() {
        try {
            coap.start();
        } catch (RuntimeException e) {
            coap.destroy();
            throw e;
        }
        return this;
    }

    /** Where the server listens (its port when it was asked for 0). */
    InetSocketAddress address() {
        return coap.getEndpoints().get(0).getAddress();
    }

    @Override
    public void close() {
        coap.destroy();
    }

    private static void refuse(CoapExchange exchange, Refused r) {
        exchange.respond(ResponseCode.valueOf(r.reason().coapValue()), r.diagnostic(), MediaTypeRegistry.TEXT_PLAIN);
    }

    /** A deployment through the loader, which answers with what it installed or refuses. */
    private interface Deployment {
        DeviceLoader.Installed run() throws Refused;
    }

    private static void deploy(CoapExchange exchange, Deployment deployment) {
        exchange.accept(); // checks and a fetch may take a while: acknowledge now, answer separately
        try {
            DeviceLoader.Installed i = deployment.run();
            exchange.respond(ResponseCode.CHANGED, "installed " + i.line(), MediaTypeRegistry.TEXT_PLAIN);
        } catch (Refused r) {
            refuse(exchange, r);
        }
    }

    /** {@code /suit/install}. */
    private final class Install extends CoapResource {
        Install() {
            super("install");
            getAttributes().setTitle("POST a signed SUIT envelope");
        }

        @Override
        public void handlePOST(CoapExchange exchange) {
            deploy(exchange, () -> loader.deploy(exchange.getRequestPayload()));
        }
    }

    /** {@code /suit/trigger}. */
    private final class Trigger extends CoapResource {
        Trigger() {
            super("trigger");
            getAttributes().setTitle("POST the coap:// URI of a signed SUIT envelope");
        }

        @Override
        public void handlePOST(CoapExchange exchange) {
            String uri = new String(exchange.getRequestPayload(), StandardCharsets.UTF_8).trim();
            deploy(exchange, () -> loader.deployFrom(uri));
        }
    }

    /** {@code /bpf}. */
    private final class Listing extends CoapResource {
        Listing() {
            super("bpf");
            getAttributes().setTitle("the loader's containers");
        }

        @Override
        public void handleGET(CoapExchange exchange) {
            String lines = loader.installed().stream().map(DeviceLoader.Installed::line)
                    .collect(Collectors.joining("\n"));
            exchange.respond(ResponseCode.CONTENT, lines, MediaTypeRegistry.TEXT_PLAIN);
        }
    }

    /** {@code /bpf/exec}: each name below it is a container (resolved at request time, not registered). */
    private final class Exec extends CoapResource {
        Exec() {
            super("exec");
        }

        @Override
        public Resource getChild(String name) {
            return new Run(name);
        }
    }

    /** {@code /bpf/exec/NAME} for one request. */
    private final class Run extends CoapResource {
        Run(String name) {
            super(name, false);
        }

        @Override
        public void handlePOST(CoapExchange exchange) {
            try {
                RunResult r = loader.exec(getName(), exchange.getRequestPayload());
                if (r.returned()) {
                    exchange.respond(ResponseCode.CHANGED, String.format(Locale.ROOT, "0x%x", r.r0()),
                            MediaTypeRegistry.TEXT_PLAIN);
                } else {
                    exchange.respond(ResponseCode.INTERNAL_SERVER_ERROR, "fault: " + r.fault().orElseThrow(),
                            MediaTypeRegistry.TEXT_PLAIN);
                }
            } catch (Refused r) {
                refuse(exchange, r);
            }
        }
    }
}
