package io.femto4j.loader.device;

import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.exception.ConnectorException;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.TimeUnit;

/**
 * Fetches a {@code coap://} URI with a GET, block-wise when the server sends blocks, through a client endpoint of
 * its own whose body limit is the bytes wanted (a longer body fails the transfer instead of being buffered), and
 * within the loader's timeout.
 */
final class CoapFetcher implements PayloadFetcher {
    private final int timeoutMs;

    CoapFetcher(int timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    @Override
    public byte[] fetch(String uri, int maxBytes) throws Refused {
        URI u;
        try {
            u = new URI(uri);
        } catch (URISyntaxException e) {
            throw new Refused(Refusal.FETCH_FAILED, "not a URI: " + io.femto4j.loader.envelope.Manifest.printable(uri));
        }
        if (!"coap".equals(u.getScheme()) || u.getHost() == null) {
            throw new Refused(Refusal.FETCH_FAILED, "only coap://host[:port]/path URIs are fetched, not "
                    + io.femto4j.loader.envelope.Manifest.printable(uri));
        }
        Configuration config = Configuration.createStandardWithoutFile();
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, Math.max(1, maxBytes));
        config.set(CoapConfig.BLOCKWISE_STATUS_LIFETIME, timeoutMs, TimeUnit.MILLISECONDS);
        config.set(CoapConfig.EXCHANGE_LIFETIME, Math.max(timeoutMs, 1000), TimeUnit.MILLISECONDS);
        CoapEndpoint endpoint = CoapEndpoint.builder().setConfiguration(config).build();
        CoapClient client = new CoapClient(u);
        client.setEndpoint(endpoint);
        client.setTimeout((long) timeoutMs);
        try {
            CoapResponse r = client.get();
            if (r == null) {
                throw new Refused(Refusal.FETCH_FAILED, "no complete response from " + uri + " within " + timeoutMs
                        + " ms (or longer than " + maxBytes + " bytes)");
            }
            if (!r.isSuccess()) {
                throw new Refused(Refusal.FETCH_FAILED, uri + " answered " + r.getCode().text + " " + r.getCode());
            }
            byte[] body = r.getPayload();
            if (body.length > maxBytes) {
                throw new Refused(Refusal.FETCH_FAILED, uri + " sent more than " + maxBytes + " bytes");
            }
            return body;
        } catch (ConnectorException | IOException e) {
            throw new Refused(Refusal.FETCH_FAILED, "fetching " + uri + ": " + e.getMessage());
        } finally {
            client.shutdown();
            endpoint.destroy();
        }
    }
}
