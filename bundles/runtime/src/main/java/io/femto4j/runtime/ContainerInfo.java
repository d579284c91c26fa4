package io.femto4j.runtime;

import io.femto4j.runtime.store.ContainerId;
import io.femto4j.runtime.store.TenantId;
import io.femto4j.verifier.Policy;
import io.femto4j.vm.Engine;

/**
 * What the runtime knows about an installed container, at one moment.
 *
 * @param id          its name
 * @param tenant      its tenant
 * @param hook        the hook it was installed for
 * @param entry       name of its entry function
 * @param state       lifecycle state
 * @param policy      the verifier policy it was checked against (tenant and hook helpers intersected)
 * @param memoryBytes what it counts against its tenant's memory quota: text, .data, .rodata, the stack of its
 *                    policy (frame size times call depth) and the hook's context size
 * @param engineKind  which engine runs it now (a tiered engine changes from interpreter to compiler)
 * @param engine      which engine runs it, for people: the interpreter, or the compiler (with the reason when it
 *                    fell back, or the runs left before a tiered engine compiles)
 * @param stats       its statistics
 */
public record ContainerInfo(ContainerId id, TenantId tenant, HookSpec hook, String entry, ContainerState state,
                            Policy policy, long memoryBytes, Engine.Kind engineKind, String engine,
                            ContainerStats stats) {
}
