package io.femto4j.runtime.helpers;

/** RIOT's fmt conversions, computed on the host (no NUL is part of the result, as in RIOT). */
final class Fmt {
    /** Longest output of {@link #s16Dfp}: "-32768" and 7 zeros. */
    static final int S16_DFP_MAX = 13;

    private Fmt() {
    }

    /**
     * {@code value * 10^fpDigits} in decimal: (-1234, -2) is "-12.34", (5, -2) "0.05", (12, 2) "1200".
     *
     * @param fpDigits -7 to 7 (checked by the caller)
     */
    static String s16Dfp(short value, int fpDigits) {
        int v = value;
        boolean negative = v < 0;
        String digits = Integer.toString(Math.abs(v));
        StringBuilder s = new StringBuilder(S16_DFP_MAX);
        if (negative) {
            s.append('-');
        }
        if (fpDigits >= 0) {
            s.append(digits);
            s.append("0".repeat(fpDigits)); // as RIOT, also after a 0 value
            return s.toString();
        }
        int decimals = -fpDigits;
        if (digits.length() <= decimals) {
            digits = "0".repeat(decimals - digits.length() + 1) + digits;
        }
        int point = digits.length() - decimals;
        return s.append(digits, 0, point).append('.').append(digits, point, digits.length()).toString();
    }

    static String u32Dec(long value) {
        return Long.toString(value & 0xffffffffL);
    }
}
