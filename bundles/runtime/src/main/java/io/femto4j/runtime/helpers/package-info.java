/**
 * The helpers of femto-containers, done safely: every pointer and length a guest passes is checked against the
 * calling container's regions with the access the helper makes, through {@link io.femto4j.vm.HelperContext},
 * before anything happens; lengths are bounded before any host buffer is allocated; a bad argument faults the
 * container's run (a {@link io.femto4j.vm.HelperFault}), never the host. Not exported: the runtime wires it.
 */
package io.femto4j.runtime.helpers;
