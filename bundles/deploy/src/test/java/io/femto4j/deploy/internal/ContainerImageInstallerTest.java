package io.femto4j.deploy.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.femto4j.board.Device;
import io.femto4j.runtime.ContainerRuntime;
import io.femto4j.runtime.ContainerState;
import io.femto4j.runtime.RuntimeConfig;
import io.femto4j.runtime.Tenant;
import io.femto4j.runtime.store.ContainerId;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The FileInstall side of container deployment, on a device that is a bare runtime. */
class ContainerImageInstallerTest {
    static final Path EXAMPLES = Path.of("../../sdk/examples");

    @TempDir
    Path deploy;

    final ContainerRuntime runtime = new ContainerRuntime(RuntimeConfig.defaults());
    final ContainerImageInstaller installer = new ContainerImageInstaller();

    ContainerImageInstallerTest() {
        runtime.putTenant(Tenant.trusted("default"));
        installer.device = deviceOver(runtime);
    }

    @Test
    void handlesObjectsAndRbfImagesByExtensionAndMagic() throws IOException {
        assertTrue(installer.canHandle(copy("fletcher32.o")));
        assertFalse(installer.canHandle(write("notes.o", "plain text")), "a .o that is not ELF");
        assertFalse(installer.canHandle(write("bundle.jar", "PK")), "not a container image");
        assertTrue(installer.canHandle(write("app.rbf", "rBPF....")));
        assertFalse(installer.canHandle(write("app2.rbf", "\u007fELF")), "an ELF object named .rbf");
    }

    @Test
    void installRunsUpdateReplacesUninstallRemoves() throws Exception {
        File image = copy("fletcher32.o");
        installer.install(image);
        ContainerId id = ContainerId.of("fletcher32");
        assertEquals(ContainerState.ATTACHED, runtime.info(id).orElseThrow().state());
        assertEquals("shell", runtime.info(id).orElseThrow().hook().name());

        Files.copy(EXAMPLES.resolve("thread_counter.o"), image.toPath(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        installer.update(image);
        assertEquals(2, runtime.info(id).orElseThrow().stats().version(), "the image was replaced");

        installer.uninstall(image);
        assertTrue(runtime.info(id).isEmpty());
    }

    @Test
    void aBadImageLeavesNothingAndABadUpdateKeepsThePreviousImage() throws Exception {
        File bad = write("truncated.o", "\u007fELF\u0002\u0001");
        installer.install(bad);
        assertTrue(runtime.info(ContainerId.of("truncated")).isEmpty());

        File good = copy("fletcher32.o");
        installer.install(good);
        byte[] before = Files.readAllBytes(good.toPath());
        Files.writeString(good.toPath(), "\u007fELF garbage");
        installer.update(good);
        ContainerId id = ContainerId.of("fletcher32");
        assertEquals(ContainerState.ATTACHED, runtime.info(id).orElseThrow().state());
        assertEquals(1, runtime.info(id).orElseThrow().stats().version(), "the refused update replaced nothing");
        assertArrayEquals(before, Files.readAllBytes(EXAMPLES.resolve("fletcher32.o")));
    }

    @Test
    void aContainerOfTheSameNameThatIsNotDeployedIsLeftAlone() throws Exception {
        runtime.install(ContainerId.of("fletcher32"), Files.readAllBytes(EXAMPLES.resolve("fletcher32.o")),
                io.femto4j.runtime.store.TenantId.of("default"), ContainerImageInstaller.SHELL_HOOK, null);
        File image = copy("fletcher32.o");
        installer.install(image);
        installer.uninstall(image);
        assertTrue(runtime.info(ContainerId.of("fletcher32")).isPresent(), "someone else's container was removed");
    }

    private File copy(String example) throws IOException {
        Path target = deploy.resolve(example);
        Files.copy(EXAMPLES.resolve(example), target);
        return target.toFile();
    }

    private File write(String name, String content) throws IOException {
        Path target = deploy.resolve(name);
        Files.writeString(target, content, java.nio.charset.StandardCharsets.ISO_8859_1);
        return target.toFile();
    }

    /** dev0 as the installer uses it: name, runtime, install and uninstall, straight to the runtime. */
    static Device deviceOver(ContainerRuntime runtime) {
        Set<String> supported = Set.of("name", "runtime", "install", "uninstall");
        return (Device) Proxy.newProxyInstance(Device.class.getClassLoader(), new Class<?>[] {Device.class},
                (proxy, method, args) -> {
                    if (!supported.contains(method.getName())) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    if (method.getName().equals("name")) {
                        return "dev0";
                    }
                    if (method.getName().equals("runtime")) {
                        return runtime;
                    }
                    Method onRuntime = ContainerRuntime.class.getMethod(method.getName(), method.getParameterTypes());
                    try {
                        return onRuntime.invoke(runtime, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
