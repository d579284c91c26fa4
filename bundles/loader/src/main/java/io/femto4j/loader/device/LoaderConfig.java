package io.femto4j.loader.device;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The metatype of PID {@value LoaderSettings#PID} (read by {@link LoaderSettings#parse}; names with dots). */
@ObjectClassDefinition(name = "femto4j network loader",
        description = "CoAP servers that install signed SUIT envelopes on the devices")
@interface LoaderConfig {
    @AttributeDefinition(description = "address the CoAP servers listen on (default: loopback)", required = false)
    String address();

    @AttributeDefinition(description = "UDP port of the first device; the n-th gets port + n; 0 picks free ports",
            required = false)
    int port() default LoaderSettings.DEFAULT_PORT;

    @AttributeDefinition(description = "TENANT:KEY entries, KEY the base64url of a raw Ed25519 public key"
            + " (bin/femto keygen prints it)", required = false)
    String[] trusted_keys();

    @AttributeDefinition(description = "TENANT:HOOK entries: the hooks a tenant may use (TENANT:* for all);"
            + " a tenant without entries may use none",
            required = false)
    String[] tenant_hooks();

    @AttributeDefinition(description = "most bytes of a payload (also capped by the board's container budget)",
            required = false)
    int max_payload_bytes() default LoaderSettings.DEFAULT_MAX_PAYLOAD;

    @AttributeDefinition(description = "most bytes of an envelope with its integrated payload", required = false)
    int max_envelope_bytes() default LoaderSettings.DEFAULT_MAX_PAYLOAD + LoaderSettings.ENVELOPE_OVERHEAD;

    @AttributeDefinition(description = "most milliseconds a fetch of a coap:// URI may take", required = false)
    int fetch_timeout_ms() default LoaderSettings.DEFAULT_FETCH_TIMEOUT_MS;
}
