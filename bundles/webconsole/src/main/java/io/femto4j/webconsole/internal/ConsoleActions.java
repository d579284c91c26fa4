package io.femto4j.webconsole.internal;

import io.femto4j.board.Device;
import io.femto4j.hooks.AttachSettings;
import io.femto4j.hooks.Attachment;
import io.femto4j.hooks.HookManager;
import io.femto4j.loader.envelope.EnvelopeDeployer;
import io.femto4j.runtime.ContainerInfo;
import io.femto4j.runtime.ContainerState;
import io.femto4j.runtime.HookSpec;
import io.femto4j.runtime.InstallException;
import io.femto4j.runtime.image.Image;
import io.femto4j.runtime.image.Images;
import io.femto4j.runtime.store.ContainerId;
import io.femto4j.runtime.store.TenantId;

import java.util.Arrays;
import java.util.List;

import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The tab's actions, through the same APIs the shell's {@code fc:*} commands use: {@link Device#install} and
 * {@link Device#uninstall} for the container lifecycle, the {@link HookManager} for attach, detach and trigger.
 * Each returns one line saying what was done, or throws an {@link ActionFailure} with one line saying why not;
 * a refused install leaves nothing installed.
 */
final class ConsoleActions {
    /** Names a container may have here: they end up in URLs, store owners and file names. */
    static final Pattern CONTAINER_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final ConsoleModel model;

    ConsoleActions(ConsoleModel model) {
        this.model = model;
    }

    /**
     * Whether an upload is a signed envelope rather than an image: by its name ({@code .suit}, {@code .cbor}), or,
     * when the loader runs, by content that is neither ELF nor rbf unless it is named as raw bytecode ({@code .bin}).
     */
    static boolean isEnvelope(String fileName, byte[] upload, boolean loaderRunning) {
        String name = fileName == null ? "" : fileName.toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".suit") || name.endsWith(".cbor")) {
            return true;
        }
        return loaderRunning && upload != null && upload.length > 0 && !name.endsWith(".bin")
                && Images.detect(upload) == Image.Format.RAW;
    }

    /**
     * Deploys a signed envelope on {@code device} through the network loader, the pipeline of its CoAP
     * {@code /suit/install}: tenant, hook, policy and container name come from the signed manifest.
     */
    String deployEnvelope(String device, byte[] envelope) {
        Device d = device(device);
        EnvelopeDeployer deployer = model.deployer().orElseThrow(() -> new ActionFailure(ActionFailure.CONFLICT,
                "a signed envelope needs the network loader (bundle io.femto4j.loader), which is not running"));
        if (envelope == null || envelope.length == 0) {
            throw new ActionFailure(ActionFailure.BAD_REQUEST, "no envelope uploaded: choose a .suit or .cbor file");
        }
        if (envelope.length > Images.MAX_FILE_SIZE) {
            throw new ActionFailure(ActionFailure.TOO_LARGE, "the envelope has more than " + Images.MAX_FILE_SIZE
                    + " bytes");
        }
        EnvelopeDeployer.Deployment done = guard(() -> deployer.deploy(d.name(), envelope));
        if (!done.ok()) {
            throw new ActionFailure(statusOf(done.code()), "envelope refused (CoAP " + done.code() + "), "
                    + done.message());
        }
        return "deployed envelope: " + done.message();
    }

    /** An HTTP status for the loader's CoAP code (never 401: the browser would ask for the console's login). */
    private static int statusOf(String coapCode) {
        return switch (coapCode) {
            case "4.01", "4.03" -> ActionFailure.FORBIDDEN;
            case "4.04" -> ActionFailure.NOT_FOUND;
            case "4.09" -> ActionFailure.CONFLICT;
            case "4.13" -> ActionFailure.TOO_LARGE;
            default -> coapCode.startsWith("5.") ? 503 : ActionFailure.BAD_REQUEST;
        };
    }

    /** Installs an uploaded image on {@code device} for {@code hook} (not attached: that is the next action). */
    String install(String device, String hook, String tenant, String id, String fileName, byte[] image) {
        Device d = device(device);
        HookManager hooks = hookManager();
        HookSpec spec = hooks.spec(required(hook, "hook")).orElseThrow(() -> new ActionFailure(ActionFailure.NOT_FOUND,
                "no hook " + hook + "; hooks: " + String.join(", ", hooks.hookNames())));
        String name = id == null || id.isBlank() ? baseName(fileName) : id.trim();
        if (!CONTAINER_NAME.matcher(name).matches()) {
            throw new ActionFailure(ActionFailure.BAD_REQUEST, "container name '" + name
                    + "' must be 1 to 64 letters, digits, '_', '-' or '.'");
        }
        if (image == null || image.length == 0) {
            throw new ActionFailure(ActionFailure.BAD_REQUEST, "no image uploaded: choose a .o or .rbf file");
        }
        if (image.length > Images.MAX_FILE_SIZE) {
            throw new ActionFailure(ActionFailure.TOO_LARGE, "the image has more than " + Images.MAX_FILE_SIZE + " bytes");
        }
        TenantId t = TenantId.of(required(tenant, "tenant"));
        try {
            ContainerInfo info = d.install(ContainerId.of(name), image, t, spec, null);
            return "installed " + d.name() + "/" + name + " (tenant " + t + ", hook " + spec.name() + ", "
                    + info.memoryBytes() + " bytes, engine " + info.engine() + "); attach it to run it";
        } catch (InstallException e) {
            throw new ActionFailure(ActionFailure.CONFLICT, "install refused, " + e.oneLine());
        }
    }

    /** Attaches an installed container to the chain of its hook; {@code settings}: policy=, order=, NAME=VALUE. */
    String attach(String device, String container, String settings) {
        Device d = device(device);
        ContainerId id = container(d, container);
        AttachSettings parsed = guard(() -> AttachSettings.parse(words(settings)));
        Attachment a = guard(() -> hookManager().attach(d.name(), id, parsed.policy(), parsed.order(),
                parsed.parameters()));
        return "attached " + a.container() + " to " + a.hook() + " on " + a.device() + " (order " + a.order() + ", "
                + a.policy().label() + (a.parameters().isEmpty() ? "" : ", " + a.parameters()) + ")";
    }

    /**
     * Takes a container out of its hook's chain. One attached outside the hook manager (the shell's own hook) is
     * detached in its runtime.
     */
    String detach(String device, String container) {
        Device d = device(device);
        ContainerId id = container(d, container);
        if (guard(() -> hookManager().detach(d.name(), id))) {
            return "detached " + id + " on " + d.name();
        }
        ContainerInfo info = d.runtime().info(id).orElseThrow();
        if (info.state() != ContainerState.ATTACHED) {
            throw new ActionFailure(ActionFailure.CONFLICT, id + " on " + d.name() + " is not attached");
        }
        guard(() -> {
            d.runtime().detach(id);
            return null;
        });
        return "detached " + id + " on " + d.name() + " (from hook " + info.hook().name() + ")";
    }

    /** Fires a hook once with the event its provider builds from the words of {@code arguments}. */
    String trigger(String device, String hook, String arguments) {
        Device d = device(device);
        String h = required(hook, "hook");
        return "triggered " + h + " on " + d.name() + ": "
                + guard(() -> hookManager().trigger(d.name(), h, words(arguments))).describe().replace('\n', ' ');
    }

    /** Uninstalls a container that is not attached (detach it first). */
    String uninstall(String device, String container) {
        Device d = device(device);
        ContainerId id = container(d, container);
        ContainerInfo info = d.runtime().info(id).orElseThrow();
        if (info.state() == ContainerState.ATTACHED) {
            throw new ActionFailure(ActionFailure.CONFLICT, id + " is attached to hook " + info.hook().name()
                    + " on " + d.name() + "; detach it first");
        }
        guard(() -> {
            d.uninstall(id);
            return null;
        });
        return "uninstalled " + d.name() + "/" + id;
    }

    private Device device(String name) {
        String n = required(name, "device");
        return model.devices().stream().filter(d -> d.name().equals(n)).findFirst()
                .orElseThrow(() -> new ActionFailure(ActionFailure.NOT_FOUND, "no device " + n + "; devices: "
                        + model.devices().stream().map(Device::name).collect(Collectors.joining(", "))));
    }

    private static ContainerId container(Device d, String name) {
        String n = required(name, "container");
        ContainerId id = ContainerId.of(n);
        if (d.runtime().info(id).isEmpty()) {
            throw new ActionFailure(ActionFailure.NOT_FOUND, "no container " + n + " on " + d.name());
        }
        return id;
    }

    private HookManager hookManager() {
        return model.hooks().orElseThrow(() -> new ActionFailure(ActionFailure.CONFLICT,
                "the hook manager (bundle io.femto4j.hooks) is not running"));
    }

    private static String required(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new ActionFailure(ActionFailure.BAD_REQUEST, "say which " + what);
        }
        return value.trim();
    }

    static List<String> words(String text) {
        return text == null || text.isBlank() ? List.of() : Arrays.asList(text.trim().split("\\s+"));
    }

    /** {@code sensor_average} from {@code sensor_average.o} or {@code C:\x\sensor_average.rbf}. */
    static String baseName(String fileName) {
        if (fileName == null) {
            return "";
        }
        String s = fileName.replace('\\', '/');
        s = s.substring(s.lastIndexOf('/') + 1);
        int dot = s.lastIndexOf('.');
        return dot > 0 ? s.substring(0, dot) : s;
    }

    /** The hook manager's and runtime's refusals (IllegalArgument/IllegalState) as one-line action failures. */
    private static <T> T guard(java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (ActionFailure e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ActionFailure(ActionFailure.BAD_REQUEST, e.getMessage());
        } catch (IllegalStateException e) {
            throw new ActionFailure(ActionFailure.CONFLICT, e.getMessage());
        } catch (RuntimeException e) {
            throw new ActionFailure(500, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

}
