package io.femto4j.runtime.spi;

import java.util.Arrays;

/**
 * Physical data, as RIOT's {@code phydat_t}: one to three values of one unit, each meaning
 * {@code value * 10^scale}. Guests see it as 8 bytes: {@code int16 val[3]}, {@code uint8 unit}, {@code int8 scale}.
 *
 * @param values 1 to 3 values
 * @param unit   a RIOT unit number ({@link #UNIT_TEMP_C}, ...), 0 to 255
 * @param scale  power of ten, -128 to 127
 */
public record Phydat(short[] values, int unit, int scale) {
    public static final int SIZE = 8;
    public static final int UNIT_UNDEF = 0;
    public static final int UNIT_NONE = 1;
    public static final int UNIT_TEMP_C = 2;

    public Phydat {
        if (values == null || values.length < 1 || values.length > 3) {
            throw new IllegalArgumentException("a phydat has 1 to 3 values");
        }
        values = values.clone();
        if (unit < 0 || unit > 255 || scale < -128 || scale > 127) {
            throw new IllegalArgumentException("unit must be 0 to 255 and scale -128 to 127");
        }
    }

    /** One value. */
    public static Phydat of(int value, int unit, int scale) {
        return new Phydat(new short[] {(short) value}, unit, scale);
    }

    @Override
    public short[] values() {
        return values.clone();
    }

    /** Number of valid values, 1 to 3. */
    public int dims() {
        return values.length;
    }

    /** The guest layout, unused values 0. */
    public byte[] encode() {
        byte[] b = new byte[SIZE];
        for (int i = 0; i < values.length; i++) {
            b[2 * i] = (byte) values[i];
            b[2 * i + 1] = (byte) (values[i] >> 8);
        }
        b[6] = (byte) unit;
        b[7] = (byte) scale;
        return b;
    }

    /** Reads the guest layout; {@code dims} says how many values count. */
    public static Phydat decode(byte[] b, int dims) {
        short[] v = new short[dims];
        for (int i = 0; i < dims; i++) {
            v[i] = (short) ((b[2 * i] & 0xff) | b[2 * i + 1] << 8);
        }
        return new Phydat(v, b[6] & 0xff, b[7]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Phydat p && Arrays.equals(values, p.values) && unit == p.unit && scale == p.scale;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values) * 31 + unit * 7 + scale;
    }

    @Override
    public String toString() {
        return "Phydat" + Arrays.toString(values) + " unit " + unit + " scale " + scale;
    }
}
