package io.femto4j.runtime;

import io.femto4j.runtime.store.ContainerId;
import io.femto4j.runtime.store.TenantId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bpf_printf formats a fixed subset itself, bounded, whatever the guest passes. The format is the context. */
class PrintfTest {
    static final ContainerId P = ContainerId.of("p");
    final List<String> sink = new ArrayList<>();
    final ContainerRuntime runtime = new ContainerRuntime(RuntimeConfig.defaults()
            .withOutput((c, text) -> sink.add(text)));

    PrintfTest() {
        runtime.putTenant(Tenant.trusted("t"));
    }

    private RunResult printf(String format, long... args) throws InstallException {
        String[] lines = new String[args.length + 2];
        for (int i = 0; i < args.length; i++) {
            lines[i] = "lddw %r" + (i + 2) + ", " + args[i];
        }
        lines[args.length] = "call 1";
        lines[args.length + 1] = "exit";
        if (runtime.info(P).isPresent()) {
            runtime.replace(P, Asm.raw(lines), null);
        } else {
            runtime.install(P, Asm.raw(lines), TenantId.of("t"), new HookSpec("h", 1024, true, HelperNumbers.ALL), null);
            runtime.attach(P);
        }
        return runtime.run(P, Invocation.of(format.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private String printed(String format, long... args) throws InstallException {
        RunResult r = printf(format + "\0", args);
        assertTrue(r.returned(), r.outcome().toString());
        assertEquals(r.output().length(), r.r0(), "returns the characters printed");
        return r.output();
    }

    @Test
    void conversions() throws Exception {
        assertEquals("-5|4294967295|ff|A", printed("%d|%u|%x|%c", -5, -1, 255, 'A'));
        assertEquals("   42|7   |-0042|ffffffffffffffff", printed("%5d|%-4d|%05d|%lx", 42, 7, -42, -1));
        assertEquals("-1|FFFFFFFF|100%", printed("%lld|%X|100%%", -1, 0xffffffffL));
        assertEquals("i=3", printed("i=%i", 3));
        assertEquals(List.of("i=3"), sink.subList(sink.size() - 1, sink.size()));
    }

    @Test
    void stringsComeFromCheckedGuestMemory() throws Exception {
        RunResult r = printf("x%s\0hello\0", ContainerRuntime.CONTEXT_ADDRESS + 4);
        assertEquals("xhello", r.output());
    }

    @Test
    void hostileFormatsStayBounded() throws Exception {
        assertEquals(" ".repeat(63) + "1", printed("%999999999999999999999d", 1), "width capped at 64");
        assertEquals("%n%p%*d%.3s%q", printed("%n%p%*d%.3s%q"), "unsupported conversions printed, never executed");
        assertEquals("\\x1b[2J\n\\xff", printed("\u001b[2J\n\u00ff"), "control bytes escaped");
        assertEquals("%", printed("%"), "a lone % at the end");
        assertEquals(FaultCause.HELPER_FAILED, printf("%d%d%d%d%d\0", 1, 2, 3, 4).faultCause().orElseThrow(),
                "more conversions than r2..r5");
        assertEquals(FaultCause.HELPER_FAILED, printf("A".repeat(300)).faultCause().orElseThrow(),
                "no NUL within 256 bytes");
        assertEquals(FaultCause.HELPER_OUT_OF_BOUNDS, printf("A".repeat(100)).faultCause().orElseThrow(),
                "runs off the context");
        assertEquals(FaultCause.HELPER_FAILED, printf("%s\0" + "B".repeat(300), ContainerRuntime.CONTEXT_ADDRESS + 3)
                .faultCause().orElseThrow(), "%s without a NUL within 256 bytes");
    }

    @Test
    void outputPerRunIsLimited() throws Exception {
        String[] lines = new String[41];
        for (int i = 0; i < 40; i++) {
            lines[i] = "call 1"; // r1 still points to the format: printf keeps r1..r5
        }
        lines[40] = "exit";
        runtime.install(P, Asm.raw(lines), TenantId.of("t"), new HookSpec("h", 64, true, HelperNumbers.ALL), null);
        runtime.attach(P);
        RunResult r = runtime.run(P, Invocation.of("%64d\0".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(r.returned());
        assertEquals(ContainerRuntime.PRINTF_OUTPUT_LIMIT, r.output().length());
        assertTrue(r.outputTruncated());
        assertEquals(0, r.r0(), "the last call printed nothing");
    }

    @Test
    void randomFormatsNeverBreakTheHost() throws Exception {
        Random random = new Random(4);
        String alphabet = "%%%%dsuxXcilhz0123456789-*.np\0\u00ff\u0001 ";
        for (int i = 0; i < 300; i++) {
            StringBuilder f = new StringBuilder();
            int n = random.nextInt(80);
            for (int k = 0; k < n; k++) {
                f.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            long[] args = {random.nextLong(), ContainerRuntime.CONTEXT_ADDRESS + random.nextInt(100), random.nextLong(),
                    random.nextInt()};
            RunResult r = printf(f.toString(), args);
            assertTrue(r.output().length() <= ContainerRuntime.PRINTF_OUTPUT_LIMIT);
            r.faultCause().ifPresent(cause -> assertTrue(cause == FaultCause.HELPER_FAILED
                    || cause == FaultCause.HELPER_OUT_OF_BOUNDS, cause.toString()));
        }
    }
}
