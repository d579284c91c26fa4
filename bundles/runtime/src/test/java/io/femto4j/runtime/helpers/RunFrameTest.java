package io.femto4j.runtime.helpers;

import io.femto4j.vm.HelperFault;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunFrameTest {

    private static RunFrame frame(int outputLimit) {
        return new RunFrame(null, null, null, 0x1000, outputLimit);
    }

    @Test
    void nestedRunsRestoreTheOuterFrameAndNoneIsLeftAfter() throws Exception {
        assertThrows(HelperFault.class, RunFrame::current);
        RunFrame outer = frame(8);
        RunFrame inner = frame(8);
        RunFrame none = RunFrame.enter(outer);
        assertSame(outer, RunFrame.current());
        RunFrame previous = RunFrame.enter(inner);
        assertSame(outer, previous);
        assertSame(inner, RunFrame.current());
        RunFrame.leave(previous);
        assertSame(outer, RunFrame.current());
        RunFrame.leave(none);
        assertThrows(HelperFault.class, RunFrame::current, "outside a run again");
    }

    @Test
    void framesAreCurrentPerThread() throws Exception {
        RunFrame mine = frame(8);
        RunFrame previous = RunFrame.enter(mine);
        try {
            Throwable[] seen = new Throwable[1];
            Thread other = new Thread(() -> {
                try {
                    RunFrame.current();
                } catch (Throwable t) {
                    seen[0] = t;
                }
            });
            other.start();
            other.join();
            assertTrue(seen[0] instanceof HelperFault, "another thread has no frame: " + seen[0]);
            assertSame(mine, RunFrame.current());
        } finally {
            RunFrame.leave(previous);
        }
    }

    @Test
    void outputIsEmptyUntilPrintedAndKeptUpToItsLimit() {
        RunFrame f = frame(5);
        assertEquals("", f.output());
        assertFalse(f.outputTruncated());
        assertEquals(3, f.print("abc"));
        assertEquals(2, f.print("defg"));
        assertEquals(0, f.print("h"));
        assertEquals("abcde", f.output());
        assertTrue(f.outputTruncated());
    }
}
