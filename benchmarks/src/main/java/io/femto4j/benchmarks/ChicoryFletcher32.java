package io.femto4j.benchmarks;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;

/**
 * {@code sdk/examples/fletcher32.c} compiled to wasm32 ({@code benchmarks/wasm/fletcher32.wasm}, built by
 * {@code benchmarks/wasm/build.sh}) on Chicory: its interpreter, or its compiler to JVM bytecode. The export is
 * {@code fletcher32(i32 ptr, i64 len) -> i32}; {@link #load} writes the input into linear memory once, at
 * {@link #INPUT_ADDRESS}, and {@link #checksum()} runs the function over it.
 */
public final class ChicoryFletcher32 {

    /** Where the input goes in linear memory: above the 2 KiB data and stack area wasm-ld lays out. */
    public static final int INPUT_ADDRESS = 4096;

    private final Instance instance;
    private final ExportFunction function;
    private final long[] args;

    private ChicoryFletcher32(Instance instance, int inputLength) {
        this.instance = instance;
        this.function = instance.export("fletcher32");
        this.args = new long[] {INPUT_ADDRESS, inputLength};
    }

    /** The bytes of {@code benchmarks/wasm/fletcher32.wasm}. */
    public static byte[] wasm() {
        return Examples.resource("fletcher32.wasm");
    }

    /** Parses the module, instantiates it (compiled to JVM bytecode if asked) and writes {@code input} into memory. */
    public static ChicoryFletcher32 load(byte[] wasm, byte[] input, boolean compiled) {
        WasmModule module = Parser.parse(wasm);
        Instance.Builder builder = Instance.builder(module);
        if (compiled) {
            builder.withMachineFactory(MachineFactoryCompiler.builder(module)
                    .withInterpreterFallback(InterpreterFallback.FAIL).compile());
        }
        Instance instance = builder.build();
        instance.memory().write(INPUT_ADDRESS, input);
        return new ChicoryFletcher32(instance, input.length);
    }

    /** The instance: for the footprint measurement. */
    public Instance instance() {
        return instance;
    }

    /** Fletcher-32 of the input written by {@link #load}. */
    public int checksum() {
        return (int) function.apply(args)[0];
    }
}
