package io.femto4j.runtime.helpers;

import io.femto4j.vm.HelperContext;
import io.femto4j.vm.HelperFault;

import java.nio.charset.StandardCharsets;

/**
 * {@code bpf_printf}, formatted by our own code: a guest string never reaches a host format function.
 *
 * <p>Supported: {@code %d %i %u %x %X %c %s %%}, each with optional flags {@code -} (left-justify) and {@code 0}
 * (zero-pad), a decimal width (capped at {@value #MAX_WIDTH}) and a length {@code h}, {@code hh}, {@code l},
 * {@code ll} or {@code z}. Without {@code l}/{@code ll}/{@code z} integers are 32 bits (C's int on eBPF); with
 * them 64. Arguments are r2 to r5, so at most four conversions take one; a fifth is a fault. {@code %s} reads
 * a NUL-terminated guest string of at most {@value #MAX_STRING} bytes, checked like the format. Anything else
 * after {@code %} (including {@code %n}, {@code %p}, {@code *} widths and precisions) is printed as it is and
 * consumes nothing: nothing ever writes to guest memory. The format itself may be at most
 * {@value #MAX_FORMAT} bytes. The result is bounded by the run's output limit; bytes that are not printable
 * ASCII are shown as {@code \xNN} so a guest cannot forge log lines or control the terminal.
 */
final class Printf {
    static final int MAX_FORMAT = 256;
    static final int MAX_STRING = 256;
    static final int MAX_WIDTH = 64;
    static final int MAX_ARGS = 4;

    private Printf() {
    }

    static String format(HelperContext ctx, long fmtAddress, long[] args) throws HelperFault {
        byte[] fmt = GuestStrings.read(ctx, fmtAddress, MAX_FORMAT, "printf format");
        StringBuilder out = new StringBuilder();
        int next = 0;
        int i = 0;
        while (i < fmt.length) {
            int c = fmt[i] & 0xff;
            if (c != '%') {
                appendSafe(out, c);
                i++;
                continue;
            }
            int start = i++;
            boolean left = false;
            boolean zero = false;
            while (i < fmt.length && (fmt[i] == '-' || fmt[i] == '0')) {
                left |= fmt[i] == '-';
                zero |= fmt[i] == '0';
                i++;
            }
            int width = 0;
            while (i < fmt.length && fmt[i] >= '0' && fmt[i] <= '9') {
                width = Math.min(MAX_WIDTH, width * 10 + (fmt[i] - '0')); // capped as it is read: no overflow
                i++;
            }
            boolean wide = false;
            while (i < fmt.length && (fmt[i] == 'l' || fmt[i] == 'h' || fmt[i] == 'z')) {
                wide |= fmt[i] == 'l' || fmt[i] == 'z';
                i++;
            }
            if (i >= fmt.length) {
                appendLiteral(out, fmt, start, i); // a lone % at the end
                break;
            }
            char conv = (char) fmt[i++];
            if (conv == '%') {
                out.append('%');
                continue;
            }
            if ("diuxXcs".indexOf(conv) < 0) {
                appendLiteral(out, fmt, start, i);
                continue;
            }
            if (next >= MAX_ARGS) {
                throw new HelperFault("printf format has more than " + MAX_ARGS + " conversions (r2 to r5)");
            }
            long arg = args[next++];
            String text;
            switch (conv) {
                case 'd', 'i' -> text = Long.toString(wide ? arg : (int) arg);
                case 'u' -> text = wide ? Long.toUnsignedString(arg) : Long.toString(arg & 0xffffffffL);
                case 'x' -> text = Long.toHexString(wide ? arg : arg & 0xffffffffL);
                case 'X' -> text = Long.toHexString(wide ? arg : arg & 0xffffffffL).toUpperCase(java.util.Locale.ROOT);
                case 'c' -> {
                    StringBuilder one = new StringBuilder();
                    appendSafe(one, (int) (arg & 0xff));
                    text = one.toString();
                }
                default -> {
                    StringBuilder s = new StringBuilder();
                    for (byte b : GuestStrings.read(ctx, arg, MAX_STRING, "printf %s argument")) {
                        appendSafe(s, b & 0xff);
                    }
                    text = s.toString();
                }
            }
            pad(out, text, width, left, zero && !left && "diuxX".indexOf(conv) >= 0);
        }
        return out.toString();
    }

    private static void pad(StringBuilder out, String text, int width, boolean left, boolean zero) {
        int fill = Math.max(0, width - text.length());
        if (left) {
            out.append(text).append(" ".repeat(fill));
        } else if (zero && text.startsWith("-")) {
            out.append('-').append("0".repeat(fill)).append(text, 1, text.length());
        } else {
            out.append((zero ? "0" : " ").repeat(fill)).append(text);
        }
    }

    private static void appendLiteral(StringBuilder out, byte[] fmt, int from, int to) {
        for (int k = from; k < to; k++) {
            appendSafe(out, fmt[k] & 0xff);
        }
    }

    /** Printable ASCII, newline and tab as they are; anything else as \xNN. */
    private static void appendSafe(StringBuilder out, int b) {
        if ((b >= 0x20 && b < 0x7f) || b == '\n' || b == '\t') {
            out.append((char) b);
        } else {
            out.append(String.format("\\x%02x", b));
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
