package io.femto4j.benchmarks;

import org.mozilla.javascript.Context;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.Scriptable;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Fletcher-32 written in JavaScript ({@code fletcher32.js} beside this class, the same algorithm as
 * {@code sdk/examples/fletcher32.c}) on Rhino, interpreted or compiled to JVM bytecode. The input is a JavaScript
 * {@code Uint8Array} made once in {@link #load}.
 *
 * <p>A Rhino {@link Context} belongs to one thread: {@link #load} enters one on the calling thread, and
 * {@link #checksum()} and {@link #close()} must run on that thread.
 */
public final class RhinoFletcher32 implements AutoCloseable {

    private final Context context;
    private final Scriptable scope;
    private final Function function;
    private final Object[] args;

    private RhinoFletcher32(Context context, Scriptable scope, Function function, Object input, int length) {
        this.context = context;
        this.scope = scope;
        this.function = function;
        this.args = new Object[] {input, length};
    }

    /** The JavaScript source, {@code fletcher32.js} beside this class. */
    public static String source() {
        try (InputStream in = RhinoFletcher32.class.getResourceAsStream("fletcher32.js")) {
            if (in == null) {
                throw new IllegalStateException("resource io/femto4j/benchmarks/fletcher32.js is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Enters a context on this thread, compiles the script (interpreted mode, or compiled to JVM classes), runs it
     * to define {@code fletcher32}, and copies {@code input} into a {@code Uint8Array}.
     */
    public static RhinoFletcher32 load(String source, byte[] input, boolean compiled) {
        Context context = Context.enter();
        try {
            Scriptable scope = define(context, source, compiled);
            Function function = (Function) scope.get("fletcher32", scope);
            Function toBytes = (Function) scope.get("toUint8Array", scope);
            Object[] values = new Object[input.length];
            for (int i = 0; i < input.length; i++) {
                values[i] = input[i] & 0xff;
            }
            Object array = toBytes.call(context, scope, scope, new Object[] {context.newArray(scope, values)});
            return new RhinoFletcher32(context, scope, function, array, input.length);
        } catch (RuntimeException | Error e) {
            Context.exit();
            throw e;
        }
    }

    /**
     * Sets {@code context} to interpreted or compiled mode, makes a top-level scope with the standard objects, and
     * compiles and runs the script in it, which defines {@code fletcher32}: what start-up measures.
     */
    public static Scriptable define(Context context, String source, boolean compiled) {
        context.setInterpretedMode(!compiled);
        context.setLanguageVersion(Context.VERSION_ES6);
        Scriptable scope = context.initStandardObjects();
        context.compileString(source, "fletcher32.js", 1, null).exec(context, scope);
        return scope;
    }

    /** The top-level scope (with the function and the input): for the footprint measurement. */
    public Scriptable scope() {
        return scope;
    }

    /** Fletcher-32 of the input given to {@link #load}. */
    public int checksum() {
        return (int) (long) Context.toNumber(function.call(context, scope, scope, args));
    }

    /** Leaves the context entered by {@link #load}. */
    @Override
    public void close() {
        Context.exit();
    }
}
