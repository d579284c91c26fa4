package io.femto4j.isa.testing;

import io.femto4j.isa.AsmException;
import io.femto4j.isa.Assembler;

import java.util.Arrays;
import java.util.Objects;

/**
 * One {@code .data} file of the conformance suite.
 *
 * @param name   the file name without {@code .data}
 * @param asm    the {@code -- asm} section verbatim (comments included, so that assembler line numbers count from
 *               the section's first line), or null
 * @param raw    the {@code -- raw} section as bytecode, or null; it replaces the asm when both are present
 * @param memory the {@code -- mem} section, empty when there is none
 * @param result the expected r0 of {@code -- result}, or null
 * @param error  the text of {@code -- error}, or null; an empty string means an error without a given text
 */
public record ConformanceCase(String name, String asm, byte[] raw, byte[] memory, Long result, String error) {

    public ConformanceCase {
        Objects.requireNonNull(name, "name");
        raw = raw == null ? null : raw.clone();
        memory = memory == null ? new byte[0] : memory.clone();
    }

    @Override
    public byte[] raw() {
        return raw == null ? null : raw.clone();
    }

    @Override
    public byte[] memory() {
        return memory.clone();
    }

    /** True when the case carries a program, as asm or raw. */
    public boolean hasProgram() {
        return asm != null || raw != null;
    }

    /** The program: the raw bytes when given, else the assembled asm. */
    public byte[] bytecode() throws AsmException {
        if (raw != null) {
            return raw.clone();
        }
        if (asm == null) {
            throw new IllegalStateException(name + " has neither an asm nor a raw section");
        }
        return Assembler.assemble(asm).toBytes();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConformanceCase c && name.equals(c.name) && Objects.equals(asm, c.asm)
                && Arrays.equals(raw, c.raw) && Arrays.equals(memory, c.memory)
                && Objects.equals(result, c.result) && Objects.equals(error, c.error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, asm, Arrays.hashCode(raw), Arrays.hashCode(memory), result, error);
    }

    /** The name alone, so that parameterised test reports read well. */
    @Override
    public String toString() {
        return name;
    }
}
