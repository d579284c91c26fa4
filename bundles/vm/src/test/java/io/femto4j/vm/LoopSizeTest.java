package io.femto4j.vm;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HotSpot does not JIT-compile methods over 8000 bytes of bytecode (DontCompileHugeMethods); the interpreter's
 * dispatch loop would then run interpreted, about 30 times slower. This reads Vm.class and checks the size of
 * Vm.loop, so that adding a case cannot silently cross the limit.
 */
class LoopSizeTest {
    static final int HUGE_METHOD_LIMIT = 8000;

    @Test
    void dispatchLoopStaysCompilable() throws IOException {
        int size = codeLength(Vm.class, "loop");
        assertTrue(size > 1000, "found the loop (" + size + " bytes)");
        assertTrue(size < HUGE_METHOD_LIMIT, "Vm.loop is " + size + " bytes of bytecode; the JIT's limit is "
                + HUGE_METHOD_LIMIT + ": move rare operations to the driver");
    }

    /** Bytecode length of the method called {@code name} in the class file of {@code type} (minimal parser). */
    static int codeLength(Class<?> type, String name) throws IOException {
        try (InputStream raw = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            assertNotNull(raw, "class file of " + type);
            DataInputStream in = new DataInputStream(raw);
            in.readInt(); // magic
            in.readUnsignedShort(); // minor
            in.readUnsignedShort(); // major
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1: utf8[i] = in.readUTF(); break;
                    case 3: case 4: in.readInt(); break;
                    case 5: case 6: in.readLong(); i++; break; // long and double take two entries
                    case 7: case 8: case 16: case 19: case 20: in.readUnsignedShort(); break;
                    case 9: case 10: case 11: case 12: case 17: case 18: in.readInt(); break;
                    case 15: in.readUnsignedByte(); in.readUnsignedShort(); break;
                    default: throw new IOException("constant pool tag " + tag);
                }
            }
            in.readUnsignedShort(); // access
            in.readUnsignedShort(); // this
            in.readUnsignedShort(); // super
            in.skipBytes(2 * in.readUnsignedShort()); // interfaces
            skipMembers(in); // fields
            int methods = in.readUnsignedShort();
            for (int m = 0; m < methods; m++) {
                in.readUnsignedShort();
                String methodName = utf8[in.readUnsignedShort()];
                in.readUnsignedShort(); // descriptor
                int attributes = in.readUnsignedShort();
                for (int a = 0; a < attributes; a++) {
                    String attribute = utf8[in.readUnsignedShort()];
                    int length = in.readInt();
                    if (attribute.equals("Code") && methodName.equals(name)) {
                        in.readUnsignedShort(); // max stack
                        in.readUnsignedShort(); // max locals
                        return in.readInt();
                    }
                    in.skipBytes(length);
                }
            }
            throw new IOException("no method " + name);
        }
    }

    private static void skipMembers(DataInputStream in) throws IOException {
        int n = in.readUnsignedShort();
        for (int i = 0; i < n; i++) {
            in.skipBytes(6);
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                in.readUnsignedShort();
                in.skipBytes(in.readInt());
            }
        }
    }
}
