package io.femto4j.benchmarks;

import com.dylibso.chicory.runtime.Instance;
import io.femto4j.board.EnginePolicy;
import io.femto4j.jit.Jit;
import io.femto4j.runtime.ContainerInfo;
import io.femto4j.runtime.store.ContainerId;
import io.femto4j.verifier.Policy;
import io.femto4j.verifier.VerifiedProgram;
import io.femto4j.verifier.Verifier;
import io.femto4j.vm.Engine;
import io.femto4j.vm.HelperTable;
import io.femto4j.vm.Vm;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.Scriptable;
import org.openjdk.jol.info.GraphLayout;
import org.openjdk.jol.util.Multiset;
import org.python.util.PythonInterpreter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Heap retained by one loaded Fletcher-32 instance per runtime, ready to run, measured with JOL
 * ({@code GraphLayout.parseInstance(...).totalSize()}: every object reachable from the roots, counted once).
 * Not a JMH benchmark: run it with
 * {@code java -Djdk.attach.allowAttachSelf=true -cp benchmarks/target/benchmarks.jar io.femto4j.benchmarks.Footprint}.
 *
 * <p>What is and is not counted:
 * <ul>
 *   <li>femto4j: the {@link Vm} or compiled {@link Engine}, without the input region (a {@code Memory} the host
 *       passes to each run). The compiled engine's hidden class lives in metaspace, not the heap.</li>
 *   <li>Chicory: the {@code Instance}, which owns its module and its linear memory: one 64 KiB page here, so the
 *       memory is also reported on its own. Classes Chicory's compiler generates are in metaspace.</li>
 *   <li>Rhino: the top-level scope after the script ran (standard objects, the function and its compiled or
 *       interpreted code objects); JVM classes of compiled scripts are in metaspace.</li>
 *   <li>Jython: the interpreter, which reaches its system state and the modules loaded at start-up, shared by
 *       every interpreter of the JVM; an upper bound for one instance.</li>
 * </ul>
 */
public final class Footprint {

    private Footprint() {
    }

    /** Bytes retained per runtime, in the order printed by {@link #main}. */
    public static Map<String, Long> measure() throws Exception {
        Map<String, Long> sizes = new LinkedHashMap<>();
        VerifiedProgram program = Verifier.verify(Examples.fletcher32Program(), Policy.permissive(h -> false)).orThrow();
        Vm vm = Vm.load(program, HelperTable.empty());
        sizes.put("femto4j interpreter (Vm)", size(vm));
        Engine compiled = Jit.load(program, HelperTable.empty());
        if (compiled.kind() != Engine.Kind.COMPILER) {
            throw new IllegalStateException("not compiled: " + compiled.description());
        }
        sizes.put("femto4j compiled (Engine)", size(compiled));

        byte[] wasm = ChicoryFletcher32.wasm();
        byte[] input = Examples.fletcher32Input();
        Instance chicoryInterpreter = ChicoryFletcher32.load(wasm, input, false).instance();
        Instance chicoryCompiled = ChicoryFletcher32.load(wasm, input, true).instance();
        sizes.put("Chicory interpreter (Instance)", size(chicoryInterpreter));
        sizes.put("Chicory compiled (Instance)", size(chicoryCompiled));
        sizes.put("  of which linear memory", size(chicoryInterpreter.memory()));

        String source = RhinoFletcher32.source();
        for (boolean mode : new boolean[] {false, true}) {
            Context context = Context.enter();
            try {
                Scriptable scope = RhinoFletcher32.define(context, source, mode);
                sizes.put("Rhino " + (mode ? "compiled" : "interpreted") + " (script + scope)",
                        size(scope, scope.get("fletcher32", scope)));
            } finally {
                Context.exit();
            }
        }

        try (PythonInterpreter jython = new PythonInterpreter()) {
            jython.exec(JythonFletcher32.SOURCE);
            sizes.put("Jython (interpreter, upper bound)", size(jython));
        }
        return sizes;
    }

    /**
     * What one more idle container costs on a device: the heap reachable from the device (its runtime, stores,
     * containers) after installing it minus before, with one container of the same image installed first so that
     * shared structures exist. The difference is taken per class of the two JOL layouts (not object by object:
     * a GC between the two walks moves objects). Its sections are the image's text (8 bytes an instruction),
     * {@code .data} and {@code .rodata}; its stack is allocated per run only, so an idle container holds none.
     *
     * @param bytes     the heap of the installed container
     * @param sections  text, data and rodata of its image
     * @param footprint the added objects by class
     */
    public record Idle(long bytes, long sections, String footprint) {
        public long beyondSections() {
            return bytes - sections;
        }
    }

    public static Idle idleContainer(String example, EnginePolicy compile) throws Exception {
        byte[] image = Examples.object(example);
        try (BenchPlatform platform = new BenchPlatform(compile)) {
            platform.device.install(ContainerId.of("first"), image, BenchPlatform.TENANT, platform.schedSpec, null);
            GraphLayout.parseInstance(platform.device); // JOL's own first-use allocations happen before, not between
            GraphLayout before = GraphLayout.parseInstance(platform.device);
            ContainerInfo info = platform.device.install(ContainerId.of("second"), image, BenchPlatform.TENANT,
                    platform.schedSpec, null);
            GraphLayout after = GraphLayout.parseInstance(platform.device);
            long stackAndContext = info.policy().stackSize() + info.hook().contextSize();
            return new Idle(after.totalSize() - before.totalSize(), info.memoryBytes() - stackAndContext,
                    classDifference(before, after));
        }
    }

    /** Classes whose instances grew from {@code before} to {@code after}: count, bytes, name; largest first. */
    static String classDifference(GraphLayout before, GraphLayout after) {
        Multiset<Class<?>> sizesBefore = before.getClassSizes();
        Multiset<Class<?>> countsBefore = before.getClassCounts();
        Multiset<Class<?>> sizesAfter = after.getClassSizes();
        Multiset<Class<?>> countsAfter = after.getClassCounts();
        List<Class<?>> grown = new ArrayList<>();
        for (Class<?> c : after.getClasses()) {
            if (sizesAfter.count(c) != sizesBefore.count(c)) {
                grown.add(c);
            }
        }
        grown.sort(Comparator.comparingLong((Class<?> c) -> sizesBefore.count(c) - sizesAfter.count(c))
                .thenComparing(Class::getName));
        StringBuilder s = new StringBuilder(String.format("%8s %8s  %s%n", "count", "bytes", "class"));
        for (Class<?> c : grown) {
            s.append(String.format("%8d %8d  %s%n", countsAfter.count(c) - countsBefore.count(c),
                    sizesAfter.count(c) - sizesBefore.count(c), c.getName()));
        }
        return s.toString();
    }

    /** Heap per container with {@code count} idle containers installed on one device: (after - before) / count. */
    public static long perContainerAtScale(String example, int count, EnginePolicy compile) throws Exception {
        byte[] image = Examples.object(example);
        try (BenchPlatform platform = new BenchPlatform(compile)) {
            platform.device.install(ContainerId.of("first"), image, BenchPlatform.TENANT, platform.schedSpec, null);
            size(platform.device);
            long before = size(platform.device);
            for (int i = 0; i < count; i++) {
                platform.device.install(ContainerId.of("c" + i), image, BenchPlatform.TENANT, platform.schedSpec, null);
            }
            return (size(platform.device) - before) / count;
        }
    }

    private static long size(Object... roots) {
        return GraphLayout.parseInstance(roots).totalSize();
    }

    public static void main(String[] args) throws Exception {
        // Objects of hidden classes (lambdas, our compiled engines) have no Unsafe field offsets: let JOL find them.
        if (System.getProperty("jol.magicFieldOffset") == null) {
            System.setProperty("jol.magicFieldOffset", "true");
        }
        System.out.printf("%-38s %12s%n", "runtime", "bytes");
        for (Map.Entry<String, Long> e : measure().entrySet()) {
            System.out.printf("%-38s %12d%n", e.getKey(), e.getValue());
        }
        System.out.println();
        System.out.printf("%-38s %12s %12s %12s%n", "idle installed container", "heap", "sections", "beyond");
        Map<String, Idle> details = new LinkedHashMap<>();
        for (String example : new String[] {"thread_counter", "fletcher32"}) {
            for (EnginePolicy compile : new EnginePolicy[] {EnginePolicy.NEVER, EnginePolicy.ALWAYS}) {
                Idle idle = idleContainer(example, compile);
                System.out.printf("%-38s %12d %12d %12d%n", example + " (compile " + compile + ")", idle.bytes(),
                        idle.sections(), idle.beyondSections());
                if (example.equals("thread_counter")) {
                    details.put(example + " (compile " + compile + ")", idle);
                }
            }
        }
        int count = Integer.getInteger("femto4j.scale", 10_000);
        System.out.printf("%-38s %12d%n", "per container, " + count + " installed", perContainerAtScale("thread_counter",
                count, EnginePolicy.NEVER));
        if (Boolean.getBoolean("femto4j.footprint.detail")) {
            details.forEach((what, idle) -> System.out.println("\nobjects added by one idle " + what + ":\n"
                    + idle.footprint()));
        }
    }
}
