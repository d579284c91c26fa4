package io.femto4j.verifier;

import io.femto4j.isa.Group;
import io.femto4j.isa.Op;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * What a program may use: ISA level and groups, the helpers it may call (an allow-list), and its size
 * limits. The verifier accepts a program only within its policy.
 *
 * @param cpuVersion      highest CPU version (1 to 4) whose instructions are allowed
 * @param groups          conformance groups allowed
 * @param allowedHelpers  helper numbers this program may call: the verifier checks {@code call N}; a {@code callx}
 *                        number is known only at run time, so the VM must check it against this same predicate
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
    /** Upper bound on {@link #maxInstructions()}; keeps verification time and memory bounded. */
    public static final int LIMIT_MAX_INSTRUCTIONS = 1 << 20;

    /** Groups every policy made by {@link #parse} allows: the core ISA that every eBPF toolchain emits. */
    public static final Set<Group> BASE_GROUPS =
            Set.copyOf(EnumSet.of(Group.BASE32, Group.BASE64, Group.DIVMUL32, Group.DIVMUL64));
    /** Groups a spec can switch on and off: atomics, {@code callx}, and the 0xB8/0xD8 section loads. */
    public static final Set<Group> OPTIONAL_GROUPS = Set.copyOf(EnumSet.complementOf(EnumSet.copyOf(BASE_GROUPS)));

    public Policy {
        if (cpuVersion < 1 || cpuVersion > 4) {
            throw new IllegalArgumentException("cpuVersion must be 1 to 4: " + cpuVersion);
        }
        Objects.requireNonNull(allowedHelpers, "allowedHelpers");
        groups = groups.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(groups));
        if (maxInstructions < 1 || maxInstructions > LIMIT_MAX_INSTRUCTIONS) {
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

    /** The policy of an empty spec: {@link #permissive} with no helper allowed. Same as {@code parse("")}. */
    public static Policy defaults() {
        return permissive(HelperAllowList.NONE);
    }

    public Policy withStrict(boolean strict) {
        return new Policy(cpuVersion, groups, allowedHelpers, maxInstructions, frameSize, maxCallDepth, strict);
    }

    public Policy withHelpers(IntPredicate allowedHelpers) {
        return new Policy(cpuVersion, groups, allowedHelpers, maxInstructions, frameSize, maxCallDepth, strict);
    }

    public Policy withCpuVersion(int cpuVersion) {
        return new Policy(cpuVersion, groups, allowedHelpers, maxInstructions, frameSize, maxCallDepth, strict);
    }

    public Policy withGroups(Set<Group> groups) {
        return new Policy(cpuVersion, groups, allowedHelpers, maxInstructions, frameSize, maxCallDepth, strict);
    }

    public Policy withMaxInstructions(int maxInstructions) {
        return new Policy(cpuVersion, groups, allowedHelpers, maxInstructions, frameSize, maxCallDepth, strict);
    }

    public Policy withFrameSize(int frameSize) {
        return new Policy(cpuVersion, groups, allowedHelpers, maxInstructions, frameSize, maxCallDepth, strict);
    }

    public Policy withMaxCallDepth(int maxCallDepth) {
        return new Policy(cpuVersion, groups, allowedHelpers, maxInstructions, frameSize, maxCallDepth, strict);
    }

    /** Total stack the VM must provide: one frame per level of call depth. */
    public int stackSize() {
        return frameSize * maxCallDepth;
    }

    /**
     * Reads a policy from a compact spec, as given on a command line, e.g.
     * {@code v3,atomics,helpers=1-5,max-insns=4096,lenient}.
     *
     * <pre>
     * spec     = [ item { "," item } ]        blanks around items are ignored; an empty spec is {@link #defaults()}
     * item     = "v1" | "v2" | "v3" | "v4"     highest CPU version allowed (default v4)
     *          | group                         allow an optional instruction group (see below)
     *          | "strict" | "lenient"          unused fields must be zero (default) / are ignored (legacy images)
     *          | "helpers=" helpers            helper allow-list (default none); repeated items add up
     *          | "max-insns=" number           most instruction slots (default 65536, at most 1048576)
     *          | "frame-size=" number          stack bytes per frame (default 512; a multiple of 8, 8 to 65536)
     *          | "call-depth=" number          most frames live at once, entry included (default 8, 1 to 64)
     * group    = "atomics"                     both atomic32 and atomic64
     *          | "atomic32" | "atomic64" | "callx"
     *          | "femto-sections"              the Femto-Container opcodes 0xB8 / 0xD8 (.data / .rodata address)
     *          | "base"                        no optional group (only the base groups)
     * helpers  = "none" | range { "+" range }
     * range    = number [ "-" number ]         inclusive
     * number   = decimal digits | "0x" hex digits
     * </pre>
     *
     * The groups base32, base64, divmul32 and divmul64 are always allowed. The optional groups (atomic32,
     * atomic64, callx, femto-sections) are all allowed when the spec names none of them; naming any allows
     * exactly the ones named ({@code base} names none, so {@code v2,base} is the bare ISA). Keywords are case
     * insensitive. Settings given twice, unknown items and out-of-range values are rejected.
     *
     * @throws IllegalArgumentException naming the offending item and what would be accepted
     */
    public static Policy parse(String spec) {
        return new SpecParser(Objects.requireNonNull(spec, "spec")).parse();
    }

    /**
     * The spec form of this policy, e.g. {@code v4,atomics,callx,femto-sections,helpers=1-5,max-insns=65536,
     * frame-size=512,call-depth=8,strict}. {@link #parse} reads it back to an equal policy when the helpers
     * came from a spec and the base groups are all allowed; other helper predicates print as
     * {@code helpers=<predicate>}.
     */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("v").append(cpuVersion);
        boolean anyOptional = false;
        if (groups.contains(Group.ATOMIC32) && groups.contains(Group.ATOMIC64)) {
            s.append(",atomics");
            anyOptional = true;
        }
        for (Group g : EnumSet.copyOf(OPTIONAL_GROUPS)) {
            boolean pairedAtomic = (g == Group.ATOMIC32 || g == Group.ATOMIC64)
                    && groups.contains(Group.ATOMIC32) && groups.contains(Group.ATOMIC64);
            if (groups.contains(g) && !pairedAtomic) {
                s.append(',').append(groupLabel(g));
                anyOptional = true;
            }
        }
        if (!anyOptional) {
            s.append(",base");
        }
        for (Group g : EnumSet.copyOf(BASE_GROUPS)) {
            if (!groups.contains(g)) {
                s.append(",without-").append(groupLabel(g));
            }
        }
        String helpers = allowedHelpers instanceof HelperAllowList ? allowedHelpers.toString() : "<predicate>";
        s.append(",helpers=").append(helpers)
                .append(",max-insns=").append(maxInstructions)
                .append(",frame-size=").append(frameSize)
                .append(",call-depth=").append(maxCallDepth)
                .append(strict ? ",strict" : ",lenient");
        return s.toString();
    }

    /** A group's name as a spec writes it, e.g. {@code femto-sections}. */
    static String groupLabel(Group g) {
        return g.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The lowest CPU version any operation of the group needs (atomics need v3). */
    static int minimumCpuVersion(Group g) {
        int min = 4;
        for (Op op : Op.values()) {
            if (op.group() == g && op != Op.WIDE_HI) {
                min = Math.min(min, op.cpuVersion());
            }
        }
        return min;
    }

    /** Parses one spec; one instance per call. */
    private static final class SpecParser {
        private static final String EXPECTED = "expected v1 to v4, strict, lenient, a group (atomics, atomic32, "
                + "atomic64, callx, femto-sections, base), or helpers=, max-insns=, frame-size=, call-depth=";

        private final String spec;
        private Integer cpuVersion;
        private Boolean strict;
        private Integer maxInstructions;
        private Integer frameSize;
        private Integer maxCallDepth;
        private boolean groupNamed;
        private final EnumSet<Group> optionalGroups = EnumSet.noneOf(Group.class);
        private boolean helpersNone;
        private final List<int[]> helperRanges = new ArrayList<>();

        SpecParser(String spec) {
            this.spec = spec;
        }

        Policy parse() {
            if (!spec.isBlank()) {
                for (String raw : spec.split(",", -1)) {
                    item(raw.strip());
                }
            }
            int cpu = cpuVersion == null ? 4 : cpuVersion;
            EnumSet<Group> groups = EnumSet.copyOf(BASE_GROUPS);
            if (groupNamed) {
                for (Group g : optionalGroups) {
                    if (minimumCpuVersion(g) > cpu) {
                        throw new IllegalArgumentException("policy spec '" + spec + "': " + groupLabel(g)
                                + " needs CPU v" + minimumCpuVersion(g) + " or later, but the spec says v" + cpu);
                    }
                }
                groups.addAll(optionalGroups);
            } else {
                groups.addAll(OPTIONAL_GROUPS);
            }
            if (helpersNone && !helperRanges.isEmpty()) {
                throw new IllegalArgumentException("policy spec '" + spec + "': helpers=none contradicts the "
                        + "helper ranges also given; use one or the other");
            }
            return new Policy(cpu, groups, HelperAllowList.of(helperRanges),
                    maxInstructions == null ? DEFAULT_MAX_INSTRUCTIONS : maxInstructions,
                    frameSize == null ? DEFAULT_FRAME_SIZE : frameSize,
                    maxCallDepth == null ? DEFAULT_MAX_CALL_DEPTH : maxCallDepth,
                    strict == null || strict);
        }

        private void item(String item) {
            if (item.isEmpty()) {
                throw error("an empty item; separate items with single commas");
            }
            int eq = item.indexOf('=');
            if (eq < 0) {
                keyword(item, item.toLowerCase(Locale.ROOT));
                return;
            }
            String key = item.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = item.substring(eq + 1).strip();
            switch (key) {
                case "helpers" -> helpers(item, value);
                case "max-insns" -> {
                    requireUnset(maxInstructions, item, "max-insns");
                    maxInstructions = number(item, value, 1, LIMIT_MAX_INSTRUCTIONS);
                }
                case "frame-size" -> {
                    requireUnset(frameSize, item, "frame-size");
                    int size = number(item, value, 8, 1 << 16);
                    if (size % 8 != 0) {
                        throw error("'" + item + "': the frame size must be a multiple of 8 bytes");
                    }
                    frameSize = size;
                }
                case "call-depth" -> {
                    requireUnset(maxCallDepth, item, "call-depth");
                    maxCallDepth = number(item, value, 1, 64);
                }
                default -> throw error("unknown key '" + key + "' in '" + item + "'; " + EXPECTED);
            }
        }

        private void keyword(String item, String word) {
            switch (word) {
                case "v1", "v2", "v3", "v4" -> {
                    requireUnset(cpuVersion, item, "the CPU version");
                    cpuVersion = word.charAt(1) - '0';
                }
                case "strict", "lenient" -> {
                    requireUnset(strict, item, "strict or lenient");
                    strict = word.equals("strict");
                }
                case "atomics" -> {
                    groupNamed = true;
                    optionalGroups.add(Group.ATOMIC32);
                    optionalGroups.add(Group.ATOMIC64);
                }
                case "atomic32" -> group(Group.ATOMIC32);
                case "atomic64" -> group(Group.ATOMIC64);
                case "callx" -> group(Group.CALLX);
                case "femto-sections" -> group(Group.FEMTO_SECTIONS);
                case "base" -> groupNamed = true;
                default -> throw error("unknown item '" + item + "'; " + EXPECTED);
            }
        }

        private void group(Group g) {
            groupNamed = true;
            optionalGroups.add(g);
        }

        private void helpers(String item, String value) {
            if (value.equalsIgnoreCase("none")) {
                helpersNone = true;
                return;
            }
            if (value.isEmpty()) {
                throw error("'" + item + "': give helper numbers or ranges joined by '+' (e.g. helpers=1-5+16), "
                        + "or none");
            }
            for (String range : value.split("\\+", -1)) {
                String r = range.strip();
                int dash = r.indexOf('-');
                int lo = number(item, dash < 0 ? r : r.substring(0, dash).strip(), 0, Integer.MAX_VALUE);
                int hi = dash < 0 ? lo : number(item, r.substring(dash + 1).strip(), 0, Integer.MAX_VALUE);
                if (hi < lo) {
                    throw error("'" + item + "': range " + r + " is empty; write the lower number first");
                }
                helperRanges.add(new int[] {lo, hi});
            }
        }

        private int number(String item, String text, int min, int max) {
            long value;
            try {
                boolean hex = text.startsWith("0x") || text.startsWith("0X");
                String digits = hex ? text.substring(2) : text;
                if (digits.isEmpty() || digits.length() > 10 || digits.charAt(0) == '+' || digits.charAt(0) == '-') {
                    throw new NumberFormatException();
                }
                value = Long.parseLong(digits, hex ? 16 : 10);
            } catch (NumberFormatException e) {
                throw error("'" + item + "': '" + text + "' is not a number (decimal, or hex with 0x)");
            }
            if (value < min || value > max) {
                throw error("'" + item + "': " + text + " is out of range; allowed " + min + " to " + max);
            }
            return (int) value;
        }

        private void requireUnset(Object current, String item, String what) {
            if (current != null) {
                throw error("'" + item + "' sets " + what + " again; give each setting once");
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("policy spec '" + spec + "': " + what);
        }
    }
}
