package io.femto4j.verifier;

import io.femto4j.isa.Group;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Policy#parse}: the spec grammar a command line uses. */
class PolicyParseTest {

    @Test
    void emptySpecIsTheDefaultPolicy() {
        Policy p = Policy.parse("");
        assertEquals(Policy.defaults(), p);
        assertEquals(Policy.parse("  "), p);
        assertEquals(4, p.cpuVersion());
        assertEquals(EnumSet.allOf(Group.class), EnumSet.copyOf(p.groups()));
        assertFalse(p.allowedHelpers().test(0));
        assertEquals(65_536, p.maxInstructions());
        assertEquals(512, p.frameSize());
        assertEquals(8, p.maxCallDepth());
        assertTrue(p.strict());
        assertEquals("v4,atomics,callx,femto-sections,helpers=none,max-insns=65536,frame-size=512,call-depth=8,strict",
                p.toString());
    }

    @Test
    void theExampleFromTheCommandLine() {
        Policy p = Policy.parse("v3,atomics,helpers=1-5,max-insns=4096,lenient");
        assertEquals(3, p.cpuVersion());
        assertEquals(EnumSet.of(Group.BASE32, Group.BASE64, Group.DIVMUL32, Group.DIVMUL64, Group.ATOMIC32,
                Group.ATOMIC64), EnumSet.copyOf(p.groups()));
        assertFalse(p.allowedHelpers().test(0));
        assertTrue(p.allowedHelpers().test(1) && p.allowedHelpers().test(5));
        assertFalse(p.allowedHelpers().test(6));
        assertEquals(4096, p.maxInstructions());
        assertFalse(p.strict());
        assertEquals("v3,atomics,helpers=1-5,max-insns=4096,frame-size=512,call-depth=8,lenient", p.toString());
        assertEquals(p, Policy.parse(p.toString()));
    }

    @Test
    void keywordsIgnoreCaseAndBlanks() {
        assertEquals(Policy.parse("v2,base,helpers=3"), Policy.parse(" V2 , BASE , Helpers = 3 "));
    }

    @Test
    void namingAnyOptionalGroupAllowsExactlyTheNamedOnes() {
        assertEquals(EnumSet.of(Group.BASE32, Group.BASE64, Group.DIVMUL32, Group.DIVMUL64, Group.CALLX,
                Group.FEMTO_SECTIONS), EnumSet.copyOf(Policy.parse("callx,femto-sections").groups()));
        assertEquals(Policy.BASE_GROUPS, Policy.parse("base").groups());
        assertEquals("v4,atomic32,helpers=none,max-insns=65536,frame-size=512,call-depth=8,strict",
                Policy.parse("atomic32").toString());
    }

    @Test
    void helperListsAddUpAndMerge() {
        Policy p = Policy.parse("helpers=0x10-0x13+2,helpers=3-4+5");
        assertEquals("v4,atomics,callx,femto-sections,helpers=2-5+16-19,max-insns=65536,frame-size=512,call-depth=8,"
                + "strict", p.toString());
        for (int h : new int[] {2, 3, 4, 5, 16, 19}) {
            assertTrue(p.allowedHelpers().test(h), "helper " + h);
        }
        for (int h : new int[] {-1, 0, 1, 6, 15, 20, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            assertFalse(p.allowedHelpers().test(h), "helper " + h);
        }
        assertEquals(Policy.parse("helpers=2-5+16-19"), p);
        assertTrue(Policy.parse("helpers=0-2147483647").allowedHelpers().test(Integer.MAX_VALUE));
    }

    @Test
    void sizesAndDepth() {
        Policy p = Policy.parse("frame-size=256,call-depth=3,max-insns=0x100");
        assertEquals(256, p.frameSize());
        assertEquals(3, p.maxCallDepth());
        assertEquals(768, p.stackSize());
        assertEquals(256, p.maxInstructions());
    }

    @Test
    void policiesWithOtherPredicatesPrintThatTheyHaveOne() {
        assertEquals("v4,atomics,callx,femto-sections,helpers=<predicate>,max-insns=65536,frame-size=512,call-depth=8,"
                + "strict", Policy.permissive(h -> true).toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "v5|policy spec 'v5': unknown item 'v5'; expected v1 to v4, strict, lenient, a group (atomics, atomic32, "
                + "atomic64, callx, femto-sections, base), or helpers=, max-insns=, frame-size=, call-depth=",
        "v3,frob=1|policy spec 'v3,frob=1': unknown key 'frob' in 'frob=1'; expected v1 to v4, strict, lenient, a "
                + "group (atomics, atomic32, atomic64, callx, femto-sections, base), or helpers=, max-insns=, "
                + "frame-size=, call-depth=",
        "v3,,atomics|policy spec 'v3,,atomics': an empty item; separate items with single commas",
        "v3,v4|policy spec 'v3,v4': 'v4' sets the CPU version again; give each setting once",
        "strict,lenient|policy spec 'strict,lenient': 'lenient' sets strict or lenient again; give each setting once",
        "max-insns=0|policy spec 'max-insns=0': 'max-insns=0': 0 is out of range; allowed 1 to 1048576",
        "max-insns=2000000|policy spec 'max-insns=2000000': 'max-insns=2000000': 2000000 is out of range; allowed 1 "
                + "to 1048576",
        "max-insns=abc|policy spec 'max-insns=abc': 'max-insns=abc': 'abc' is not a number (decimal, or hex with 0x)",
        "max-insns=99999999999999|policy spec 'max-insns=99999999999999': 'max-insns=99999999999999': "
                + "'99999999999999' is not a number (decimal, or hex with 0x)",
        "frame-size=12|policy spec 'frame-size=12': 'frame-size=12': the frame size must be a multiple of 8 bytes",
        "call-depth=65|policy spec 'call-depth=65': 'call-depth=65': 65 is out of range; allowed 1 to 64",
        "helpers=5-1|policy spec 'helpers=5-1': 'helpers=5-1': range 5-1 is empty; write the lower number first",
        "helpers=|policy spec 'helpers=': 'helpers=': give helper numbers or ranges joined by '+' (e.g. "
                + "helpers=1-5+16), or none",
        "helpers=0x|policy spec 'helpers=0x': 'helpers=0x': '0x' is not a number (decimal, or hex with 0x)",
        "helpers=none,helpers=1|policy spec 'helpers=none,helpers=1': helpers=none contradicts the helper ranges "
                + "also given; use one or the other",
        "v2,atomics|policy spec 'v2,atomics': atomic32 needs CPU v3 or later, but the spec says v2",
    })
    void rejectsWithAMessageNamingTheItem(String spec, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> Policy.parse(spec)).getMessage());
    }
}
