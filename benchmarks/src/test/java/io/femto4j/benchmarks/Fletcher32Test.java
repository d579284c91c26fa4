package io.femto4j.benchmarks;

import io.femto4j.verifier.Policy;
import io.femto4j.verifier.Verification;
import io.femto4j.verifier.Verifier;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class Fletcher32Test {

    @Test
    void inputIsTheRiotTestVector() {
        byte[] input = Examples.fletcher32Input();
        assertEquals(360, input.length, "sdk/examples/fletcher32-input.txt must be 360 bytes, no trailing newline");
        assertEquals("AD3Awn4kb6", new String(input, 0, 10, StandardCharsets.US_ASCII));
        assertEquals("byNy4yqxu7", new String(input, 350, 10, StandardCharsets.US_ASCII));
    }

    @Test
    void checksumOfTheBenchmarkInput() {
        assertEquals(Examples.FLETCHER32_EXPECTED, Fletcher32.checksum(Examples.fletcher32Input()));
        assertEquals(0x5bac8c3d, Examples.FLETCHER32_EXPECTED);
    }

    @Test
    void emptyInputKeepsTheInitialSums() {
        assertEquals(0xffff_ffff, Fletcher32.checksum(new byte[0]));
        assertEquals(0xffff_ffff, Fletcher32.checksum(new byte[] {42}), "an odd trailing byte is ignored");
    }

    @Test
    void shortText() {
        // RIOT's checksum unit test: "abcdef" without its NUL.
        assertEquals(0x56502d2a, Fletcher32.checksum("abcdef".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void offsetAndLengthSelectTheBytes() {
        byte[] input = Examples.fletcher32Input();
        byte[] padded = new byte[input.length + 7];
        System.arraycopy(input, 0, padded, 3, input.length);
        assertEquals(Examples.FLETCHER32_EXPECTED, Fletcher32.checksum(padded, 3, input.length));
    }

    /** The block-folding version agrees, modulo 65535 in each half, with reducing after every word. */
    @Test
    void agreesWithPerWordReduction() {
        Random random = new Random(20221003);
        for (int n = 0; n < 400; n++) {
            int length = n < 200 ? n : random.nextInt(4 * 2 * Fletcher32.BLOCK_WORDS);
            byte[] data = new byte[length];
            if (n % 3 == 0) {
                java.util.Arrays.fill(data, (byte) 0xff); // largest words: the worst case for overflow
            } else {
                random.nextBytes(data);
            }
            long sum1 = 0xffff;
            long sum2 = 0xffff;
            for (int i = 0; i + 1 < length; i += 2) {
                sum1 = (sum1 + ((data[i] & 0xff) | (data[i + 1] & 0xff) << 8)) % 0xffff;
                sum2 = (sum2 + sum1) % 0xffff;
            }
            int checksum = Fletcher32.checksum(data);
            assertEquals(sum1 % 0xffff, (checksum & 0xffff) % 0xffff, "sum1, length " + length);
            assertEquals(sum2 % 0xffff, (checksum >>> 16) % 0xffff, "sum2, length " + length);
        }
    }

    @Test
    void programIsPackaged() {
        byte[] program = Examples.fletcher32Program();
        assertEquals(0, program.length % 8, "eBPF instructions are 8 bytes");
        assertEquals(41, program.length / 8, "fletcher32.bin as built by sdk/examples/build.sh");
        assertEquals((byte) 0x95, program[program.length - 8], "the program ends with exit");
    }

    @Test
    void programPassesTheVerifier() {
        Verification verification = Verifier.verify(Examples.fletcher32Program(), Policy.permissive(helper -> false));
        assertInstanceOf(Verification.Accepted.class, verification, () -> verification.diagnostics().toString());
        assertEquals(41, ((Verification.Accepted) verification).program().program().size());
    }
}
