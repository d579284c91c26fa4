package io.femto4j.benchmarks;

/**
 * Fletcher-32 in plain Java: the same algorithm as {@code sdk/examples/fletcher32.c}, the baseline the
 * interpreter is measured against.
 *
 * <p>The input is read as {@code length / 2} little-endian 16-bit words (an odd trailing byte is ignored).
 * Both sums start at 0xffff and are kept in 32 bits; after at most {@value #BLOCK_WORDS} words neither can
 * overflow, so they are folded ({@code x = (x & 0xffff) + (x >>> 16)}) once per block and twice at the end.
 * The result is {@code sum2 << 16 | sum1}.
 */
public final class Fletcher32 {

    /** Most words summed before a fold: the largest count for which the 32-bit sums cannot overflow. */
    public static final int BLOCK_WORDS = 359;

    private Fletcher32() {
    }

    /** The checksum of all of {@code data}. */
    public static int checksum(byte[] data) {
        return checksum(data, 0, data.length);
    }

    /** The checksum of {@code length} bytes of {@code data} from {@code offset}. */
    public static int checksum(byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || length > data.length - offset) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + ", array " + data.length);
        }
        int sum1 = 0xffff;
        int sum2 = 0xffff;
        int p = offset;
        int words = length / 2;
        while (words > 0) {
            int block = Math.min(words, BLOCK_WORDS);
            words -= block;
            for (int end = p + 2 * block; p < end; p += 2) {
                sum1 += (data[p] & 0xff) | (data[p + 1] & 0xff) << 8;
                sum2 += sum1;
            }
            sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
            sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
        }
        sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
        sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
        return sum2 << 16 | sum1;
    }
}
