package io.femto4j.deploy.internal;

import io.femto4j.board.Device;
import io.femto4j.runtime.ContainerInfo;
import io.femto4j.runtime.ContainerState;
import io.femto4j.runtime.HelperNumbers;
import io.femto4j.runtime.HookSpec;
import io.femto4j.runtime.InstallException;
import io.femto4j.runtime.image.Images;
import io.femto4j.runtime.store.ContainerId;
import io.femto4j.runtime.store.TenantId;
import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Hot deployment of femto-containers: FileInstall hands every file of its folder ({@code deploy/}) to this
 * {@link ArtifactInstaller}, which takes clang ELF objects ({@code .o}) and rbf images ({@code .rbf}). A file
 * {@code NAME.o} becomes container {@code NAME} on the default device ({@code dev0}; configuration PID
 * {@value #PID}, {@code device.target} to pick another), tenant {@code default}, on the shell's hook and attached,
 * as {@code fc:install} does, so {@code fc:run NAME} runs it. Replacing the file replaces the image; deleting it
 * uninstalls the container.
 *
 * <p>A file that does not load, verify or fit is logged with its one-line reason and leaves nothing installed
 * (an update that fails keeps the previous image). FileInstall is not told of the failure: it would only log a
 * stack trace, and it calls {@link #update} when the file changes anyway.
 */
@Component(configurationPid = ContainerImageInstaller.PID, service = ArtifactInstaller.class)
public class ContainerImageInstaller implements ArtifactInstaller {
    static final String PID = "io.femto4j.deploy";
    static final TenantId TENANT = TenantId.of("default");
    /**
     * The shell's hook (as io.femto4j.shell's {@code fc:install} without {@code --hook}): run only by
     * {@code fc:run}, with a context of up to 1 KiB. Deployed containers go there so that they can be tried at once.
     */
    static final HookSpec SHELL_HOOK = new HookSpec("shell", 1024, false, HelperNumbers.ALL);
    private static final Logger LOG = Logger.getLogger(ContainerImageInstaller.class.getName());
    private static final byte[] ELF_MAGIC = {0x7f, 'E', 'L', 'F'};
    private static final byte[] RBF_MAGIC = {'r', 'B', 'P', 'F'};

    @Reference(target = "(" + Device.DEVICE_NAME + "=dev0)")
    Device device;

    /** The containers this installer made, by the file's absolute path: only those does it replace or remove. */
    private final Map<String, ContainerId> deployed = new ConcurrentHashMap<>();

    @Override
    public boolean canHandle(File artifact) {
        String name = artifact.getName().toLowerCase(Locale.ROOT);
        byte[] magic;
        if (name.endsWith(".o")) {
            magic = ELF_MAGIC;
        } else if (name.endsWith(".rbf")) {
            magic = RBF_MAGIC;
        } else {
            return false;
        }
        return Arrays.equals(magic, head(artifact, magic.length));
    }

    @Override
    public void install(File artifact) {
        ContainerId id = containerId(artifact);
        try {
            if (device.runtime().info(id).isPresent()) {
                throw new IllegalStateException("a container " + id + " is already on " + device.name());
            }
            byte[] image = read(artifact);
            device.install(id, image, TENANT, SHELL_HOOK, null);
            try {
                device.runtime().attach(id);
            } catch (RuntimeException e) {
                device.uninstall(id); // not attached: take it out again rather than leave half of it
                throw e;
            }
            deployed.put(key(artifact), id);
            LOG.info("deployed " + artifact.getName() + " as " + device.name() + "/" + id);
        } catch (InstallException | IOException | RuntimeException e) {
            LOG.warning(artifact.getName() + " not installed on " + device.name() + ": " + oneLine(e));
        }
    }

    @Override
    public void update(File artifact) {
        ContainerId id = deployed.get(key(artifact));
        if (id == null || device.runtime().info(id).isEmpty()) {
            install(artifact); // an earlier version was refused, or the device was replaced
            return;
        }
        try {
            ContainerInfo info = device.runtime().replace(id, read(artifact), null);
            LOG.info("replaced " + device.name() + "/" + id + " from " + artifact.getName()
                    + " (image version " + info.stats().version() + ")");
        } catch (InstallException | IOException | RuntimeException e) {
            LOG.warning(artifact.getName() + " not replaced on " + device.name() + ", the previous image stays: "
                    + oneLine(e));
        }
    }

    @Override
    public void uninstall(File artifact) {
        ContainerId id = deployed.remove(key(artifact));
        if (id != null) {
            remove(id);
        }
    }

    /** The deployed containers leave with this installer: whoever drops the file again gets them back. */
    @Deactivate
    void deactivate() {
        deployed.values().forEach(this::remove);
        deployed.clear();
    }

    private void remove(ContainerId id) {
        try {
            if (device.runtime().info(id).map(i -> i.state() == ContainerState.ATTACHED).orElse(false)) {
                device.runtime().detach(id);
            }
            if (device.runtime().info(id).isPresent()) {
                device.uninstall(id);
                LOG.info("undeployed " + device.name() + "/" + id);
            }
        } catch (RuntimeException e) {
            LOG.warning(id + " not uninstalled from " + device.name() + ": " + oneLine(e));
        }
    }

    static ContainerId containerId(File artifact) {
        String name = artifact.getName();
        int dot = name.lastIndexOf('.');
        return ContainerId.of(dot > 0 ? name.substring(0, dot) : name);
    }

    private static String key(File artifact) {
        return artifact.getAbsolutePath();
    }

    private static byte[] head(File artifact, int length) {
        try (InputStream in = Files.newInputStream(artifact.toPath())) {
            return in.readNBytes(length);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static byte[] read(File artifact) throws IOException {
        if (artifact.length() > Images.MAX_FILE_SIZE) {
            throw new IOException("larger than " + Images.MAX_FILE_SIZE + " bytes");
        }
        return Files.readAllBytes(artifact.toPath());
    }

    /** The reason of a refusal on one line: the message, and the verifier's first diagnostic when there is one. */
    static String oneLine(Exception e) {
        if (e instanceof InstallException ie) {
            return ie.oneLine();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replace('\n', ' ');
    }
}
