package io.femto4j.benchmarks;

import com.dylibso.chicory.runtime.Instance;
import io.femto4j.jit.Jit;
import io.femto4j.verifier.Policy;
import io.femto4j.verifier.VerifiedProgram;
import io.femto4j.verifier.Verifier;
import io.femto4j.vm.Engine;
import io.femto4j.vm.HelperTable;
import io.femto4j.vm.Vm;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.Scriptable;
import org.openjdk.jol.info.GraphLayout;
import org.python.util.PythonInterpreter;

import java.util.LinkedHashMap;
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
    }
}
