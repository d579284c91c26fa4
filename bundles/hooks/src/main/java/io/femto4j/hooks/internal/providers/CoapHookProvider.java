package io.femto4j.hooks.internal.providers;

import io.femto4j.hooks.Attachment;
import io.femto4j.hooks.HookPoint;
import io.femto4j.hooks.HookProvider;
import io.femto4j.runtime.HookSpec;
import io.femto4j.runtime.Invocation;
import io.femto4j.runtime.RunResult;
import io.femto4j.runtime.spi.HostCoapPacket;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hook {@code coap}: one CoAP server (Eclipse Californium, UDP) per device, with a resource
 * {@code /fc/<container>} per attached container. A GET runs that container with a CoAP invocation; the response
 * it built in its buffer (code, Content-Format, payload) is sent back. A fault, a negative result or a malformed
 * response is answered with 5.00.
 *
 * <p>Configuration: {@code address} (default the loopback address), {@code port} (default 5683; the n-th device
 * served gets {@code port + n}; 0 picks a free port per device), {@code port.<device>} for one device, and
 * {@code buffer.size} (response room, default 512 bytes). The servers run on executors this component owns
 * (threads {@code femto4j-hook-coap-*}) and are destroyed on deactivation.
 */
@Component(name = "io.femto4j.hooks.coap", service = HookProvider.class)
public class CoapHookProvider implements HookProvider {
    private static final Logger LOG = Logger.getLogger(CoapHookProvider.class.getName());
    public static final String NAME = "coap";
    /** The parent resource of the containers' resources. */
    public static final String RESOURCE_ROOT = "fc";
    static final HookSpec SPEC = new HookSpec(NAME, 24, true, HelperSets.COAP);

    private final Map<HookPoint, Server> servers = new ConcurrentHashMap<>();
    private InetAddress address;
    private int basePort;
    private int bufferSize;
    private Map<String, ?> config = Map.of();
    private ScheduledExecutorService executor;
    private ScheduledExecutorService secondary;
    private NamedThreads executorThreads;
    private NamedThreads secondaryThreads;
    private int opened;

    /** One device's server and its resource tree. */
    private record Server(CoapServer coap, CoapResource root, InetSocketAddress bound) {
    }

    @Activate
    public void activate(Map<String, ?> configuration) throws UnknownHostException {
        // Californium reads its settings from modules that must be registered before a Configuration is made
        CoapConfig.register();
        UdpConfig.register();
        config = configuration == null ? Map.of() : Map.copyOf(configuration);
        Object a = config.get("address");
        address = a == null ? InetAddress.getLoopbackAddress() : InetAddress.getByName(a.toString().trim());
        basePort = intSetting("port", 5683);
        bufferSize = intSetting("buffer.size", 512);
        executor = new ScheduledThreadPoolExecutor(2, executorThreads = new NamedThreads("coap"));
        secondary = new ScheduledThreadPoolExecutor(1, secondaryThreads = new NamedThreads("coap-timer"));
    }

    @Deactivate
    public void deactivate() throws InterruptedException {
        for (HookPoint p : List.copyOf(servers.keySet())) {
            close(p);
        }
        secondary.shutdownNow(); // both stop at once; then wait for each
        executorThreads.stop(executor);
        secondaryThreads.stop(secondary);
    }

    private int intSetting(String key, int fallback) {
        Object v = config.get(key);
        return v == null ? fallback : Integer.parseInt(v.toString().trim());
    }

    @Override
    public HookSpec spec() {
        return SPEC;
    }

    @Override
    public String contextLayout() {
        return "femto_coap_ctx_t {void *pkt; uint8_t *buf; uint64_t buf_len}";
    }

    @Override
    public synchronized void open(HookPoint point) {
        String device = point.device().name();
        int port = intSetting("port." + device, basePort == 0 ? 0 : basePort + opened);
        opened++;
        Configuration settings = Configuration.createStandardWithoutFile();
        CoapServer coap = new CoapServer(settings);
        // our executors, not Californium's own: their threads are named for us and end with this component
        coap.setExecutors(executor, secondary, true);
        coap.addEndpoint(CoapEndpoint.builder().setConfiguration(settings)
                .setInetSocketAddress(new InetSocketAddress(address, port)).build());
        CoapResource root = new CoapResource(RESOURCE_ROOT);
        coap.add(root);
        try {
            coap.start();
        } catch (RuntimeException e) {
            coap.destroy();
            LOG.log(Level.WARNING, "CoAP server of " + device + " could not start on " + address + ":" + port, e);
            return;
        }
        InetSocketAddress bound = coap.getEndpoints().get(0).getAddress();
        servers.put(point, new Server(coap, root, bound));
        for (Attachment a : point.attachments()) {
            attached(point, a);
        }
    }

    @Override
    public void close(HookPoint point) {
        Server s = servers.remove(point);
        if (s != null) {
            s.coap.destroy(); // stops the endpoint and its UDP threads; the executors are ours (detached above)
        }
    }

    @Override
    public void attached(HookPoint point, Attachment attachment) {
        Server s = servers.get(point);
        if (s != null && s.root.getChild(attachment.container().name()) == null) {
            s.root.add(new ContainerResource(point, attachment));
        }
    }

    @Override
    public void detached(HookPoint point, Attachment attachment) {
        Server s = servers.get(point);
        if (s != null) {
            var child = s.root.getChild(attachment.container().name());
            if (child != null) {
                s.root.delete(child);
            }
        }
    }

    /** {@code fc:trigger dev coap}: the CoAP context of a confirmable request with an empty token. */
    @Override
    public Invocation manualEvent(HookPoint point, List<String> arguments) {
        if (!arguments.isEmpty()) {
            throw new IllegalArgumentException("the coap hook takes no arguments; GET coap://"
                    + describe(point) + " instead");
        }
        return Invocation.coap(new HostCoapPacket(bufferSize, HostCoapPacket.TYPE_CON, 0, new byte[0]));
    }

    @Override
    public String describe(HookPoint point) {
        Server s = servers.get(point);
        return s == null ? "no CoAP server" : "coap://" + hostPort(s.bound) + "/" + RESOURCE_ROOT + "/<container>";
    }

    /** The address the device's server listens on, if it is running. */
    public Optional<InetSocketAddress> address(HookPoint point) {
        return Optional.ofNullable(servers.get(point)).map(Server::bound);
    }

    private static String hostPort(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** {@code /fc/<container>}: GET runs the container. */
    private final class ContainerResource extends CoapResource {
        private final HookPoint point;
        private final Attachment attachment;

        ContainerResource(HookPoint point, Attachment attachment) {
            super(attachment.container().name());
            this.point = point;
            this.attachment = attachment;
            getAttributes().setTitle("femto-container " + attachment.container().name());
        }

        @Override
        public void handleGET(CoapExchange exchange) {
            Request request = exchange.advanced().getRequest();
            HostCoapPacket packet = new HostCoapPacket(bufferSize,
                    request.getType() == CoAP.Type.CON ? HostCoapPacket.TYPE_CON : HostCoapPacket.TYPE_NON,
                    request.getMID() < 0 ? 0 : request.getMID(), request.getTokenBytes());
            Optional<RunResult> run = point.fire(attachment.container(), Invocation.coap(packet));
            if (run.isEmpty()) {
                exchange.respond(CoAP.ResponseCode.SERVICE_UNAVAILABLE, "container is not attached");
                return;
            }
            RunResult r = run.get();
            if (!r.returned() || (int) r.r0() < 0) {
                exchange.respond(CoAP.ResponseCode.INTERNAL_SERVER_ERROR);
                return;
            }
            CoapResponse built;
            try {
                built = CoapResponse.parse(packet.buffer(), (int) r.r0());
            } catch (IllegalArgumentException malformed) {
                exchange.respond(CoAP.ResponseCode.INTERNAL_SERVER_ERROR, "malformed response: "
                        + malformed.getMessage());
                return;
            }
            CoAP.ResponseCode code;
            try {
                code = CoAP.ResponseCode.valueOf(built.code());
            } catch (IllegalArgumentException notAResponseCode) {
                exchange.respond(CoAP.ResponseCode.INTERNAL_SERVER_ERROR, "not a response code: " + built.code());
                return;
            }
            Response response = new Response(code);
            built.contentFormat().ifPresent(f -> response.getOptions().setContentFormat(f));
            response.setPayload(built.payload());
            exchange.respond(response);
        }
    }
}
