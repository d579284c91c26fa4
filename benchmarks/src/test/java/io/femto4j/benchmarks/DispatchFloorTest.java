package io.femto4j.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The floor experiment computes Fletcher-32 in every fusion, and really fuses the word loop. */
class DispatchFloorTest {
    private static final long BASE = 0x1000_0000L;

    @ParameterizedTest
    @EnumSource(DispatchFloor.Fusion.class)
    void everyFusionComputesFletcher32(DispatchFloor.Fusion fusion) {
        DispatchFloor floor = DispatchFloor.of(Examples.fletcher32Program(), fusion);
        assertEquals(Examples.FLETCHER32_EXPECTED & 0xffff_ffffL, floor.run(Examples.fletcher32Input(), BASE));
        Random random = new Random(fusion.ordinal());
        for (int i = 0; i < 200; i++) {
            byte[] data = new byte[random.nextInt(2000)]; // more than one block of 359 words, odd lengths too
            random.nextBytes(data);
            assertEquals(Fletcher32.checksum(data) & 0xffff_ffffL, floor.run(data, BASE), () -> data.length + " bytes");
        }
    }

    @Test
    void theWordLoopIsFusedOnce() {
        byte[] program = Examples.fletcher32Program();
        assertEquals(0, DispatchFloor.of(program, DispatchFloor.Fusion.NONE).fusedSlots());
        assertEquals(4, DispatchFloor.of(program, DispatchFloor.Fusion.PAIRS).fusedSlots());
        assertEquals(2, DispatchFloor.of(program, DispatchFloor.Fusion.QUADS).fusedSlots());
        assertEquals(1, DispatchFloor.of(program, DispatchFloor.Fusion.LOOP).fusedSlots());
    }

    @Test
    void refusesOpcodesItDoesNotRun() {
        byte[] call = {(byte) 0x85, 0, 0, 0, 1, 0, 0, 0};
        assertEquals("opcode 0x85 at 0 is not one this experiment runs",
                assertThrows(IllegalArgumentException.class,
                        () -> DispatchFloor.of(call, DispatchFloor.Fusion.NONE)).getMessage());
    }
}
