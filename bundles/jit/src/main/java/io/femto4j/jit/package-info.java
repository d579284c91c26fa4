/**
 * A compiler from verified eBPF programs to JVM bytecode, with the interpreter as fallback. {@link
 * io.femto4j.jit.Jit#load} gives an {@link io.femto4j.vm.Engine} that runs the program compiled (one hidden class per
 * program, unloaded with the engine) or, when the program cannot be compiled, interpreted; both give the same
 * outcomes, instruction counts, faults and side effects as {@link io.femto4j.vm.Vm}.
 */
package io.femto4j.jit;
