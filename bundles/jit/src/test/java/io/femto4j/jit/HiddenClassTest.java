package io.femto4j.jit;

import io.femto4j.isa.Assembler;
import io.femto4j.verifier.Policy;
import io.femto4j.verifier.Verifier;
import io.femto4j.vm.HelperTable;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HiddenClassTest {

    @Test
    void eachProgramIsAHiddenClassThatIsUnloadedWithItsEngine() throws Exception {
        WeakReference<Class<?>> ref = compileAndForget();
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(ref.get(), "the generated class is still reachable after its engine was dropped");
    }

    private static WeakReference<Class<?>> compileAndForget() throws Exception {
        Compiled engine = (Compiled) Jit.load(Verifier.verify(Assembler.assemble("mov %r0, 1\nexit\n").toBytes(),
                Policy.defaults()).orThrow(), HelperTable.empty());
        Class<?> c = engine.codeClass();
        assertTrue(c.isHidden(), c::getName);
        return new WeakReference<>(c);
    }
}
