package io.femto4j.runtime.image;

import io.femto4j.isa.Decoder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Hostile input: random mutations of valid images (clang objects and their rbf files) never make a reader
 * throw anything but {@link ImageFormatException}: no index, arithmetic, null-pointer or out-of-memory
 * errors. Whatever still loads must survive a trip through rbf.
 */
class ImageMutationTest {

    private static final List<byte[]> SEEDS = seeds();

    private static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        for (String name : List.of("tiny.o", "globals.o", "calls.o", "debuginfo.o", "reject_pointers.o")) {
            seeds.add(Fixtures.bytes(name));
        }
        try {
            seeds.add(RbfWriter.pack(Fixtures.bytes("tiny.o")));
            seeds.add(RbfWriter.pack(Fixtures.bytes("globals.o")));
            seeds.add(RbfWriter.pack(Fixtures.bytes("calls.o")));
        } catch (ImageFormatException e) {
            throw new IllegalStateException(e);
        }
        seeds.add(Fixtures.bytes("plain.bin"));
        return seeds;
    }

    /** One edit: overwrite 1, 2, 4 or 8 bytes at a position with a random or boundary value. */
    private record Edit(int position, int width, long value) {
        void apply(byte[] b) {
            int at = Math.floorMod(position, b.length);
            for (int i = 0; i < width && at + i < b.length; i++) {
                b[at + i] = (byte) (value >>> (8 * i));
            }
        }
    }

    @Provide
    Arbitrary<byte[]> mutatedImages() {
        Arbitrary<Long> values = Arbitraries.oneOf(
                Arbitraries.longs(),
                Arbitraries.of(0L, 1L, -1L, 0x7fL, 0x80L, 0xffL, 0x7fffL, 0xffffL, 0x7fffffffL, 0x80000000L, 0xffffffffL,
                        Long.MAX_VALUE, Long.MIN_VALUE, 8L, 24L, 64L, 0x18L, 0x85L, 0xb8L, 0xd8L),
                Arbitraries.longs().between(0, 2048));
        Arbitrary<Edit> edit = Combinators.combine(
                Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.of(1, 1, 1, 2, 4, 8),
                values).as(Edit::new);
        // usually keep the length; sometimes cut the file short
        Arbitrary<Integer> cut = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(-1)),
                Tuple.of(1, Arbitraries.integers().between(0, 4096)));
        return Combinators.combine(Arbitraries.of(SEEDS), edit.list().ofMinSize(1).ofMaxSize(6), cut)
                .as((seed, edits, length) -> {
                    byte[] b = seed.clone();
                    for (Edit e : edits) {
                        e.apply(b);
                    }
                    return length < 0 || length >= b.length ? b : Arrays.copyOf(b, length);
                });
    }

    // No edge cases: they would mostly overwrite the magic at position 0; boundary values are in the edits.
    @Property(tries = 3000, edgeCases = EdgeCasesMode.NONE)
    void mutatedImagesFailOnlyWithImageFormatException(@ForAll("mutatedImages") byte[] bytes) {
        for (Decoder decoder : List.of(Decoder.strict(), Decoder.lenient())) {
            try {
                Image image = Images.load(bytes, decoder);
                roundTrip(image, decoder);
                Images.describe(image);
            } catch (ImageFormatException e) {
                if (e.getMessage() == null || e.getMessage().isEmpty()) {
                    throw new AssertionError("an ImageFormatException without a message", e);
                }
            }
        }
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    void everyFormatReaderSurvivesEveryInput(@ForAll("mutatedImages") byte[] bytes) {
        for (Image.Format format : Image.Format.values()) {
            try {
                Images.load(bytes, format, Decoder.lenient());
            } catch (ImageFormatException expected) {
                // the only acceptable failure
            }
        }
    }

    private static void roundTrip(Image image, Decoder decoder) throws ImageFormatException {
        byte[] rbf;
        try {
            rbf = RbfWriter.write(image);
        } catch (ImageFormatException e) {
            return; // rbf cannot express this one; the message says why
        }
        Image back = Images.load(rbf, decoder);
        if (!back.equals(image) && !(image.format() == Image.Format.RAW)) {
            throw new AssertionError("rbf round trip changed the image: " + image + " -> " + back);
        }
    }
}
