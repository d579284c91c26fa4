package io.femto4j.verifier;

import io.femto4j.isa.Group;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * What a program may use: ISA level and groups, the helpers it may call (an allow-list), and its size
 * limits. The verifier accepts a program only within its policy.
 *
 * @param cpuVersion      highest CPU version (1 to 4) whose instructions are allowed
 * @param groups          conformance groups allowed
 * @param allowedHelpers  helper numbers this program may call (directly or through {@code callx})
 * @param maxInstructions most instruction slots a program may have
 * @param frameSize       bytes of stack per function frame
 * @param maxCallDepth    most frames live at once (the entry function counts as one)
 * @param strict          reject non-zero unused fields (off only for legacy images)
 */
public record Policy(int cpuVersion, Set<Group> groups, IntPredicate allowedHelpers, int maxInstructions,
                     int frameSize, int maxCallDepth, boolean strict) {

    /** Bytes of stack per frame, as in RFC 9669 and the Femto-Container VM. */
    public static final int DEFAULT_FRAME_SIZE = 512;
    public static final int DEFAULT_MAX_INSTRUCTIONS = 65_536;
    public static final int DEFAULT_MAX_CALL_DEPTH = 8;

    public Policy {
        if (cpuVersion < 1 || cpuVersion > 4) {
            throw new IllegalArgumentException("cpuVersion must be 1 to 4: " + cpuVersion);
        }
        groups = groups.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(groups));
        if (maxInstructions < 1 || maxInstructions > 1 << 20) {
            throw new IllegalArgumentException("maxInstructions must be 1 to 2^20: " + maxInstructions);
        }
        if (frameSize < 8 || frameSize > 1 << 16 || frameSize % 8 != 0) {
            throw new IllegalArgumentException("frameSize must be a multiple of 8 from 8 to 65536: " + frameSize);
        }
        if (maxCallDepth < 1 || maxCallDepth > 64) {
            throw new IllegalArgumentException("maxCallDepth must be 1 to 64: " + maxCallDepth);
        }
    }

    /** Everything in RFC 9669 up to CPU v4, all groups, helpers as given, strict decoding. */
    public static Policy permissive(IntPredicate allowedHelpers) {
        return new Policy(4, EnumSet.allOf(Group.class), allowedHelpers, DEFAULT_MAX_INSTRUCTIONS,
                DEFAULT_FRAME_SIZE, DEFAULT_MAX_CALL_DEPTH, true);
    }

    public Policy withStrict(boolean strict) {
        return new Policy(cpuVersion, groups, allowedHelpers, maxInstructions, frameSize, maxCallDepth, strict);
    }

    public Policy withHelpers(IntPredicate allowedHelpers) {
        return new Policy(cpuVersion, groups, allowedHelpers, maxInstructions, frameSize, maxCallDepth, strict);
    }

    /** Total stack the VM must provide: one frame per level of call depth. */
    public int stackSize() {
        return frameSize * maxCallDepth;
    }
}
