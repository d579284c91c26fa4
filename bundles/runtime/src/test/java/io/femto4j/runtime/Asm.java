package io.femto4j.runtime;

import io.femto4j.isa.AsmException;
import io.femto4j.isa.Assembler;

/** Raw images assembled in the tests. */
final class Asm {
    private Asm() {
    }

    static byte[] raw(String... lines) {
        try {
            return Assembler.assemble(String.join("\n", lines) + "\n").toBytes();
        } catch (AsmException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** r0 = value; exit. */
    static byte[] returning(long value) {
        return raw("lddw %r0, " + value, "exit");
    }

    /** Loads r1..r5 with the given values (null: leave as is), calls helper n, exits with its r0. */
    static byte[] call(int helper, String... argSetup) {
        String[] lines = new String[argSetup.length + 2];
        System.arraycopy(argSetup, 0, lines, 0, argSetup.length);
        lines[argSetup.length] = "call " + helper;
        lines[argSetup.length + 1] = "exit";
        return raw(lines);
    }
}
