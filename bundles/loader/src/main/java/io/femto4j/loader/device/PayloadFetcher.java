package io.femto4j.loader.device;

/** Fetches what a URI names, at most {@code maxBytes} of it, within the loader's time limit. */
@FunctionalInterface
interface PayloadFetcher {
    /**
     * @throws Refused {@link Refusal#FETCH_FAILED} naming why (scheme, unreachable, error response, timeout, longer
     *                 than {@code maxBytes})
     */
    byte[] fetch(String uri, int maxBytes) throws Refused;
}
