/**
 * What a board offers the helpers of its containers: SAUL sensors and actuators ({@link SaulRegistry}), a
 * monotonic {@link Clock}, and CoAP response building ({@link CoapPacket}). Board bundles implement
 * {@link Board}; {@link SimulatedBoard} and {@link HostCoapPacket} are simple host implementations for the
 * command line and tests. Plain Java: nothing here depends on OSGi.
 */
package io.femto4j.runtime.spi;
