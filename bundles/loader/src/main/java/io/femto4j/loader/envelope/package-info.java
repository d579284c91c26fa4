/**
 * Envelopes of the network loader: a SUIT-structured {@link io.femto4j.loader.envelope.Manifest}, its CBOR
 * codec ({@link io.femto4j.loader.envelope.EnvelopeCodec}), the COSE_Sign1/Ed25519 signature over it
 * ({@link io.femto4j.loader.envelope.CoseSign1}), keys and SUIT device identifiers. Plain Java: the device's
 * loader and the {@code bin/femto manifest} command share it.
 */
package io.femto4j.loader.envelope;
