package io.femto4j.loader.envelope;

/**
 * The network loader as an OSGi service, for local front ends (the web console): deploys an envelope onto a
 * device through the very pipeline the device's CoAP {@code /suit/install} resource uses. Tenant, hook and policy
 * come from the signed manifest, never from the caller.
 */
public interface EnvelopeDeployer {
    /**
     * Checks {@code envelope} and installs or replaces its container on the device called {@code device}; never
     * throws for a bad envelope or an unknown device: the answer says why it was refused, and nothing changed.
     */
    Deployment deploy(String device, byte[] envelope);

    /**
     * The outcome of one deployment.
     *
     * @param ok        whether the container was installed (or swapped in)
     * @param component the installed component's name; for a refusal, null
     * @param sequence  the installed sequence number; for a refusal, -1
     * @param refusal   for a refusal its label ({@code stale-sequence}); null when installed
     * @param code      the CoAP response code the device answers over the network ({@code 2.04}, {@code 4.09})
     * @param message   one line for people: what was installed, or the diagnostic {@code label: detail}
     */
    record Deployment(boolean ok, String component, long sequence, String refusal, String code, String message) {
    }
}
