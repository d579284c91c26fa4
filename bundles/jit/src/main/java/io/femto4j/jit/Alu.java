package io.femto4j.jit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Operations the generated code calls rather than spelling out in bytecode: those with a case split (division by a
 * register that may hold zero), byte swaps and little-endian memory access. All are tiny, so HotSpot inlines them.
 * Semantics are the interpreter's (RFC 9669): division by zero gives 0, modulo by zero leaves dst (zero-extended
 * for 32-bit operations).
 */
final class Alu {
    private static final long M32 = 0xffffffffL;
    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Alu() {
    }

    public static long udiv(long a, long v) {
        return v == 0 ? 0 : Long.divideUnsigned(a, v);
    }

    public static long umod(long a, long v) {
        return v == 0 ? a : Long.remainderUnsigned(a, v);
    }

    public static long sdiv(long a, long v) {
        return v == 0 ? 0 : a / v;
    }

    public static long smod(long a, long v) {
        return v == 0 ? a : a % v;
    }

    public static long udiv32(long a, long s) {
        long v = s & M32;
        return v == 0 ? 0 : (a & M32) / v;
    }

    public static long umod32(long a, long s) {
        long v = s & M32;
        return v == 0 ? a & M32 : (a & M32) % v;
    }

    public static long sdiv32(long a, long s) {
        int v = (int) s;
        return v == 0 ? 0 : (int) a / v & M32;
    }

    public static long smod32(long a, long s) {
        int v = (int) s;
        return (v == 0 ? (int) a : (int) a % v) & M32;
    }

    public static long bswap16(long a) {
        return Character.reverseBytes((char) a);
    }

    public static long bswap32(long a) {
        return Integer.reverseBytes((int) a) & M32;
    }

    public static long u8(byte[] b, int i) {
        return b[i] & 0xff;
    }

    public static long s8(byte[] b, int i) {
        return b[i];
    }

    public static long u16(byte[] b, int i) {
        return (short) I16.get(b, i) & 0xffff;
    }

    public static long s16(byte[] b, int i) {
        return (short) I16.get(b, i);
    }

    public static long u32(byte[] b, int i) {
        return (int) I32.get(b, i) & M32;
    }

    public static long s32(byte[] b, int i) {
        return (int) I32.get(b, i);
    }

    public static long u64(byte[] b, int i) {
        return (long) I64.get(b, i);
    }

    public static void put8(byte[] b, int i, long v) {
        b[i] = (byte) v;
    }

    public static void put16(byte[] b, int i, long v) {
        I16.set(b, i, (short) v);
    }

    public static void put32(byte[] b, int i, long v) {
        I32.set(b, i, (int) v);
    }

    public static void put64(byte[] b, int i, long v) {
        I64.set(b, i, v);
    }
}
