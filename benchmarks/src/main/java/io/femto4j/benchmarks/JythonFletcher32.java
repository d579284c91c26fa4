package io.femto4j.benchmarks;

import org.python.core.Py;
import org.python.core.PyByteArray;
import org.python.core.PyObject;
import org.python.util.PythonInterpreter;

/**
 * Fletcher-32 written in Python 2.7 (the algorithm of {@code sdk/examples/fletcher32.c}) on Jython, which compiles
 * Python functions to JVM bytecode. The input is a Python {@code bytearray} made once in {@link #load}.
 */
public final class JythonFletcher32 implements AutoCloseable {

    /** The Python source: {@code len / 2} little-endian words, sums folded once per 359 words and twice at the end. */
    public static final String SOURCE = String.join("\n",
            "def fletcher32(data, length):",
            "    sum1 = 0xffff",
            "    sum2 = 0xffff",
            "    p = 0",
            "    words = length >> 1",
            "    while words > 0:",
            "        block = words if words < 359 else 359",
            "        words -= block",
            "        end = p + 2 * block",
            "        while p < end:",
            "            sum1 += data[p] | (data[p + 1] << 8)",
            "            sum2 += sum1",
            "            p += 2",
            "        sum1 = (sum1 & 0xffff) + (sum1 >> 16)",
            "        sum2 = (sum2 & 0xffff) + (sum2 >> 16)",
            "    sum1 = (sum1 & 0xffff) + (sum1 >> 16)",
            "    sum2 = (sum2 & 0xffff) + (sum2 >> 16)",
            "    return (sum2 << 16) | sum1",
            "");

    private final PythonInterpreter interpreter;
    private final PyObject function;
    private final PyObject data;
    private final PyObject length;

    private JythonFletcher32(PythonInterpreter interpreter, PyObject function, PyObject data, PyObject length) {
        this.interpreter = interpreter;
        this.function = function;
        this.data = data;
        this.length = length;
    }

    /** A new interpreter with {@code fletcher32} defined, and {@code input} as a {@code bytearray}. */
    public static JythonFletcher32 load(byte[] input) {
        PythonInterpreter interpreter = new PythonInterpreter();
        interpreter.exec(SOURCE);
        PyObject function = interpreter.get("fletcher32");
        return new JythonFletcher32(interpreter, function, new PyByteArray(input), Py.newInteger(input.length));
    }

    /** The interpreter: for the footprint measurement. */
    public PythonInterpreter interpreter() {
        return interpreter;
    }

    /** Fletcher-32 of the input given to {@link #load}. */
    public int checksum() {
        return (int) function.__call__(data, length).asLong();
    }

    @Override
    public void close() {
        interpreter.close();
    }
}
