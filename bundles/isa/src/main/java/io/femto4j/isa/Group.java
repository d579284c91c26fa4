package io.femto4j.isa;

/** Conformance groups of RFC 9669 plus the Femto-Container extension; a policy allows a set of them. */
public enum Group {
    BASE32, BASE64, ATOMIC32, ATOMIC64, DIVMUL32, DIVMUL64, CALLX,
    /** Opcodes 0xB8 and 0xD8: address of {@code .data} / {@code .rodata} plus imm64. */
    FEMTO_SECTIONS
}
