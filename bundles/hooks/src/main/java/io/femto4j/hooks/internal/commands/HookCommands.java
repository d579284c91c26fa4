package io.femto4j.hooks.internal.commands;

import io.femto4j.hooks.AttachSettings;
import io.femto4j.hooks.Attachment;
import io.femto4j.hooks.HookManager;
import io.femto4j.hooks.HookStatus;
import io.femto4j.runtime.store.ContainerId;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.exception.ConnectorException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Gogo commands {@code fc:attach}, {@code fc:detach}, {@code fc:trigger} and {@code fc:hooks} over the
 * {@link HookManager}, and {@code fc:coap}, a CoAP client for the CoAP hook's servers. They take plain words (no Gogo annotations, so the bundle needs nothing of Gogo) and
 * return text; a mistake is an exception whose message says what to type.
 */
@Component(service = HookCommands.class, property = {
        "osgi.command.scope=fc",
        "osgi.command.function=attach",
        "osgi.command.function=detach",
        "osgi.command.function=trigger",
        "osgi.command.function=hooks",
        "osgi.command.function=coap"})
public class HookCommands {
    static final long COAP_TIMEOUT_MS = 5000;
    static final String ATTACH_USAGE = "fc:attach DEVICE CONTAINER " + AttachSettings.USAGE;

    private final HookManager hooks;

    @Activate
    public HookCommands(@Reference HookManager hooks) {
        this.hooks = hooks;
    }

    public String attach(String device, String container) {
        return attach(device, container, new String[0]);
    }

    /** {@value #ATTACH_USAGE} */
    public String attach(String device, String container, String... settings) {
        AttachSettings parsed;
        try {
            parsed = AttachSettings.parse(Arrays.asList(settings));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + "; usage: " + ATTACH_USAGE);
        }
        Attachment a = hooks.attach(device, ContainerId.of(container), parsed.policy(), parsed.order(),
                parsed.parameters());
        return "attached " + a.container() + " to " + a.hook() + " on " + a.device() + " (order " + a.order()
                + ", " + a.policy().label() + (a.parameters().isEmpty() ? "" : ", " + a.parameters()) + ")";
    }

    public String detach(String device, String container) {
        return hooks.detach(device, ContainerId.of(container))
                ? "detached " + container + " on " + device
                : container + " is in no chain on " + device;
    }

    public String trigger(String device, String hook) {
        return trigger(device, hook, new String[0]);
    }

    /** {@code fc:trigger DEVICE HOOK [ARGS...]}: fires the hook once with the event its provider builds. */
    public String trigger(String device, String hook, String... arguments) {
        return hooks.trigger(device, hook, Arrays.asList(arguments)).describe();
    }

    /** {@code fc:hooks}: every hook on every device, its chain in run order, and gone providers. */
    public String hooks() {
        List<HookStatus> all = hooks.hooks();
        if (all.isEmpty()) {
            return "no hooks (no device, or no hook provider)";
        }
        StringBuilder out = new StringBuilder();
        for (HookStatus h : all) {
            out.append(h.device()).append(' ').append(h.hook());
            if (h.providerGone()) {
                out.append("  [provider gone]");
            } else if (!h.details().isEmpty()) {
                out.append("  ").append(h.details());
            }
            out.append("\n  context: ").append(h.contextLayout()).append('\n');
            for (HookStatus.Entry e : h.chain()) {
                Attachment a = e.attachment();
                out.append("  ").append(a.order()).append(". ").append(a.container()).append(' ')
                        .append(a.policy().label());
                if (!a.parameters().isEmpty()) {
                    out.append(' ').append(a.parameters());
                }
                out.append(" - ").append(e.state() == null ? "uninstalled" : e.state().name().toLowerCase());
                if (!e.note().isEmpty()) {
                    out.append(" (").append(e.note()).append(')');
                }
                out.append('\n');
            }
        }
        return out.toString().stripTrailing();
    }

    /**
     * {@code fc:coap DEVICE CONTAINER}: a CoAP GET of {@code /fc/CONTAINER} from the device's CoAP server (the
     * address {@code fc:hooks} shows), over the network like any client, so the container runs as it would for one.
     */
    public String coap(String device, String container) {
        HookStatus coap = hooks.hooks().stream()
                .filter(h -> h.device().equals(device) && h.hook().equals("coap") && !h.providerGone())
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no CoAP hook on " + device + " (see fc:hooks)"));
        String template = coap.details(); // coap://127.0.0.1:5683/fc/<container>
        if (!template.startsWith("coap://") || !template.endsWith("<container>")) {
            throw new IllegalStateException("the CoAP hook of " + device + " has no server: " + template);
        }
        return coap(template.replace("<container>", container));
    }

    /** {@code fc:coap URI}: a CoAP GET of any {@code coap://} URI; prints the response code and the payload. */
    public String coap(String uri) {
        if (!uri.startsWith("coap://")) {
            throw new IllegalArgumentException("usage: fc:coap DEVICE CONTAINER, or fc:coap coap://HOST:PORT/PATH");
        }
        // Californium reads its settings from modules that must be registered before a Configuration is made
        CoapConfig.register();
        UdpConfig.register();
        CoapEndpoint endpoint = CoapEndpoint.builder().setConfiguration(Configuration.createStandardWithoutFile())
                .build();
        CoapClient client = new CoapClient(uri);
        try {
            client.setEndpoint(endpoint);
            client.setTimeout(COAP_TIMEOUT_MS);
            CoapResponse response = client.get();
            if (response == null) {
                throw new IllegalStateException("no answer from " + uri + " within " + COAP_TIMEOUT_MS + " ms");
            }
            return response.getCode() + " " + response.getCode().name() + " " + response.getResponseText();
        } catch (ConnectorException | IOException e) {
            throw new IllegalStateException("GET " + uri + " failed: " + e.getMessage());
        } finally {
            client.shutdown();
            endpoint.destroy();
        }
    }
}
