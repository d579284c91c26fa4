package io.femto4j.loader.device;

import java.util.Locale;

/**
 * Why the loader refused a request, with the CoAP response code it answers with. The pipeline's checks come in
 * the order of the constants from {@link #TOO_LARGE} to {@link #STORAGE_FAILED}; the last ones concern the other
 * resources. The diagnostic payload is one line: {@code label(): detail}.
 */
public enum Refusal {
    /** 1. The envelope is larger than the configured limit. */
    TOO_LARGE("4.13"),
    /** 1. Not well-formed CBOR, or not the envelope's structure. */
    MALFORMED("4.00"),
    /** 2. No COSE_Sign1 in the envelope. */
    UNSIGNED("4.01"),
    /** 2. No key with the signature's kid is trusted for the manifest's tenant. */
    UNTRUSTED_KEY("4.01"),
    /** 2. The signature does not verify with the tenant's key. */
    BAD_SIGNATURE("4.01"),
    /** 3. The component belongs to another tenant. */
    NOT_OWNER("4.03"),
    /** 3. Sequence number not above the last one installed for the component (replay or rollback). */
    STALE_SEQUENCE("4.09"),
    /** 4. The manifest's vendor ID is not this device's. */
    WRONG_VENDOR("4.22"),
    /** 4. The manifest's class ID is not this device's board. */
    WRONG_CLASS("4.22"),
    /** 5. The declared payload size exceeds the board's limit; nothing was fetched. */
    PAYLOAD_TOO_LARGE("4.13"),
    /** 5. Neither an integrated payload nor a URI. */
    NO_PAYLOAD("4.00"),
    /** 5. The payload URI could not be fetched (refused, unreachable, timed out, too long). */
    FETCH_FAILED("5.02"),
    /** 6. The payload is not as long as the manifest says (e.g. a truncated transfer). */
    SIZE_MISMATCH("4.00"),
    /** 6. The payload's SHA-256 is not the manifest's. */
    DIGEST_MISMATCH("4.00"),
    /** 7. No provider serves the hook. */
    UNKNOWN_HOOK("4.04"),
    /** 7. The tenant may not use the hook. */
    HOOK_FORBIDDEN("4.03"),
    /** 7. The component is installed for another hook (an atomic swap keeps the hook). */
    HOOK_CONFLICT("4.09"),
    /** 7. A container of that name exists on the device, installed by something else than the loader. */
    NAME_TAKEN("4.09"),
    /** 7. The image does not load or the verifier rejects it under the tenant's and hook's policy. */
    IMAGE_REJECTED("4.22"),
    /** 7. A tenant quota or the board's budget would be exceeded. */
    QUOTA("4.13"),
    /** 7. The hook refused the attachment (bad policy or parameter). */
    ATTACH_REFUSED("4.22"),
    /** The accepted container could not be persisted; it was taken out again. */
    STORAGE_FAILED("5.00"),
    /** Another deployment is in progress (one at a time). */
    BUSY("5.03"),
    /** {@code /bpf/exec}: no container of that name. */
    NO_CONTAINER("4.04"),
    /** {@code /bpf/exec}: the context is longer than the container's hook allows. */
    CONTEXT_TOO_LARGE("4.13"),
    /** {@code /bpf/exec}: the container is installed but not attached. */
    NOT_ATTACHED("5.03");

    private final String code;

    Refusal(String code) {
        this.code = code;
    }

    /** The CoAP response code, e.g. {@code "4.01"}. */
    public String code() {
        return code;
    }

    /** Californium's number of the code: class times 32 plus detail. */
    public int coapValue() {
        return Integer.parseInt(code.substring(0, 1)) * 32 + Integer.parseInt(code.substring(2));
    }

    /** {@code stale-sequence}, the first word of the diagnostic. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
