package io.femto4j.itests;

import static io.femto4j.itests.Itests.reactorBundle;
import static io.femto4j.itests.Itests.required;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Set;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.femto4j.board.Device;
import io.femto4j.board.EnginePolicy;
import io.femto4j.runtime.ContainerInfo;
import io.femto4j.runtime.HookSpec;
import io.femto4j.runtime.Invocation;
import io.femto4j.runtime.store.ContainerId;
import io.femto4j.runtime.store.TenantId;
import io.femto4j.vm.Engine;

/**
 * The engine policy in Felix: a device configured through ConfigAdmin with {@code compile=always} runs Fletcher-32
 * compiled to JVM bytecode (the jit bundle defining its hidden class inside the framework), an install may ask for
 * the interpreter instead, a changed configuration applies to later installs, and a bad policy makes no device.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EngineIT {
    static final HookSpec HOOK = new HookSpec("itest", 1024, false, Set.of());
    static final TenantId TENANT = TenantId.of("default");

    @Inject
    BundleContext context;

    @Inject
    ConfigurationAdmin configAdmin;

    @org.ops4j.pax.exam.Configuration
    public Option[] config() {
        Path work = Path.of(required("femto4j.itest.dir")).toAbsolutePath();
        return options(
                workingDirectory(work.resolve("paxexam-engine").toString()),
                cleanCaches(),
                Itests.declarativeServices(),
                Itests.core(),
                Itests.compiler(),
                reactorBundle("femto4j.bundle.board.api"),
                reactorBundle("femto4j.bundle.devices"),
                reactorBundle("femto4j.bundle.board.nrf52840"),
                junitBundles());
    }

    @Test
    public void aDeviceConfiguredToCompileRunsItsContainersCompiled() throws Exception {
        Configuration config = configure("jit0", "always");
        try {
            Device jit0 = awaitDevice("jit0");
            ContainerId f = ContainerId.of("f32");
            ContainerInfo installed = jit0.install(f, example("fletcher32.o"), TENANT, HOOK, null);
            assertEquals(installed.engine(), Engine.Kind.COMPILER, installed.engineKind());
            assertTrue(installed.engine(), installed.engine().startsWith("compiler"));
            jit0.runtime().attach(f);
            assertEquals(0x5bac8c3dL, jit0.run(f, Invocation.of(example("fletcher32-input.txt"))).result().r0());

            // per install: the interpreter on the same device
            ContainerId slow = ContainerId.of("slow");
            assertEquals(Engine.Kind.INTERPRETER,
                    jit0.install(slow, example("fletcher32.o"), TENANT, HOOK, null, EnginePolicy.NEVER).engineKind());

            // a new policy: later installs are interpreted for one run, then compiled
            Hashtable<String, Object> props = props("jit0", "after:1");
            config.update(props);
            ContainerId warm = ContainerId.of("warm");
            Itests.waitFor("the device to take compile=after:1", () -> {
                try {
                    ContainerInfo i = jit0.install(warm, example("fletcher32.o"), TENANT, HOOK, null);
                    if (i.engine().contains("compiles after 1 runs")) {
                        return true;
                    }
                    jit0.uninstall(warm); // the update has not arrived yet
                    return false;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            jit0.runtime().attach(warm);
            byte[] input = example("fletcher32-input.txt");
            assertEquals(0x5bac8c3dL, jit0.run(warm, Invocation.of(input)).result().r0());
            assertEquals(Engine.Kind.INTERPRETER, jit0.runtime().info(warm).orElseThrow().engineKind());
            assertEquals(0x5bac8c3dL, jit0.run(warm, Invocation.of(input)).result().r0());
            assertEquals(Engine.Kind.COMPILER, jit0.runtime().info(warm).orElseThrow().engineKind());
            assertEquals("left alone", Engine.Kind.COMPILER, jit0.runtime().info(f).orElseThrow().engineKind());
        } finally {
            config.delete();
        }
    }

    @Test
    public void aBadPolicyMakesNoDevice() throws Exception {
        Configuration bad = configure("bad0", "sometimes");
        Configuration good = configure("good0", "never");
        try {
            // ConfigAdmin delivers a factory's updates in order: once good0 is there, bad0 was refused
            awaitDevice("good0");
            assertTrue(context.getServiceReferences(Device.class, "(device.name=bad0)").isEmpty());
        } finally {
            bad.delete();
            good.delete();
        }
    }

    private static byte[] example(String name) throws Exception {
        return Files.readAllBytes(Path.of(required("femto4j.sdk.examples"), name));
    }

    private static Hashtable<String, Object> props(String name, String compile) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("name", name);
        props.put("board", "nrf52840");
        props.put("compile", compile);
        return props;
    }

    private Configuration configure(String name, String compile) throws Exception {
        Configuration c = configAdmin.createFactoryConfiguration("io.femto4j.device", "?");
        c.update(props(name, compile));
        return c;
    }

    private Device awaitDevice(String name) throws Exception {
        return context.getService(Itests.awaitDevice(context, name));
    }
}
