package io.femto4j.vm;

/**
 * The optional {@code .data} and {@code .rodata} sections of a Femto-Container image, as regions at guest addresses
 * the host chose. The Femto-Container opcodes 0xB8 and 0xD8 load "start of .data (.rodata) plus imm64"; the VM adds
 * these regions to the memory of every run of the program. A program that uses a section loaded without it faults
 * with {@link Fault.MissingSection} when that instruction runs.
 *
 * @param data   writable or not, as the host wants; null when absent
 * @param rodata must be read-only; null when absent
 */
public record Sections(Region data, Region rodata) {

    /** Neither section. */
    public static final Sections NONE = new Sections(null, null);

    public Sections {
        if (rodata != null && rodata.writable()) {
            throw new IllegalArgumentException(".rodata region " + rodata.name() + " must be read-only");
        }
        if (data != null && rodata != null && data.length() > 0 && rodata.length() > 0
                && Long.compareUnsigned(data.start(), rodata.start() + rodata.length()) < 0
                && Long.compareUnsigned(rodata.start(), data.start() + data.length()) < 0) {
            throw new IllegalArgumentException(".data and .rodata overlap");
        }
    }

    Region[] regions() {
        if (data == null) {
            return rodata == null ? new Region[0] : new Region[] {rodata};
        }
        return rodata == null ? new Region[] {data} : new Region[] {data, rodata};
    }
}
