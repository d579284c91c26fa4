package io.femto4j.shell.internal;

import io.femto4j.board.BoardProfile;
import io.femto4j.board.BoardProvider;
import io.femto4j.board.BoardRun;
import io.femto4j.board.Device;
import io.femto4j.board.EnginePolicy;
import io.femto4j.runtime.ContainerInfo;
import io.femto4j.runtime.ContainerState;
import io.femto4j.runtime.ContainerStats;
import io.femto4j.runtime.HelperNumbers;
import io.femto4j.runtime.HookSpec;
import io.femto4j.runtime.InstallException;
import io.femto4j.runtime.Invocation;
import io.femto4j.runtime.Tenant;
import io.femto4j.runtime.image.Images;
import io.femto4j.runtime.spi.Phydat;
import io.femto4j.runtime.spi.SaulDevice;
import io.femto4j.runtime.store.ContainerId;
import io.femto4j.runtime.store.TenantId;
import io.femto4j.vm.Fault;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The {@code fc:} Gogo commands for boards, devices and containers. Containers are named {@code ID}, or
 * {@code DEVICE/ID} when several devices have one of that name. Every failure is one line, never a stack trace.
 *
 * <p>Containers installed without {@code --hook} go on the shell's own hook ({@value #SHELL_HOOK}), which only
 * {@code fc:run} fires, and are attached at once; with {@code --hook} they stay installed until the hook
 * manager's {@code fc:attach}.
 */
@Component(service = Object.class, property = {
        "osgi.command.scope=fc",
        "osgi.command.function=boards", "osgi.command.function=devices", "osgi.command.function=install",
        "osgi.command.function=list", "osgi.command.function=info", "osgi.command.function=run",
        "osgi.command.function=stats", "osgi.command.function=uninstall", "osgi.command.function=tenants",
        "osgi.command.function=sensor"})
public final class FemtoCommands {
    static final String SHELL_HOOK = "shell";
    /** The shell hook's context: room for --mem-file input of up to 1 KiB, counted in the board budget. */
    static final int SHELL_CONTEXT_BYTES = 1024;
    /**
     * Contexts of the hooks the SDK knows (femto4j.h), for installing with {@code --hook}: the hook manager owns
     * them, this table only sizes the container's context.
     */
    static final Map<String, HookSpec> KNOWN_HOOKS = Map.of(
            SHELL_HOOK, new HookSpec(SHELL_HOOK, SHELL_CONTEXT_BYTES, false, HelperNumbers.ALL),
            "sched", new HookSpec("sched", 16, true, HelperNumbers.ALL),
            "timer", new HookSpec("timer", 24, true, HelperNumbers.ALL),
            "coap", new HookSpec("coap", 24, true, HelperNumbers.ALL));

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    volatile List<Device> devices = List.of();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    volatile List<BoardProvider> boards = List.of();

    // ---- boards and devices -------------------------------------------------------------------------------

    @Descriptor("list the boards present: limits, stack, SAUL devices and cost model")
    public String boards() {
        return guard(() -> {
            List<BoardProfile> profiles = boards.stream().map(BoardProvider::profile)
                    .sorted(Comparator.comparing(BoardProfile::id)).toList();
            if (profiles.isEmpty()) {
                return "no boards (install a board bundle, e.g. io.femto4j.board.nrf52840)";
            }
            StringBuilder s = new StringBuilder();
            for (BoardProfile p : profiles) {
                s.append(p.summary()).append('\n')
                        .append("    SAUL: ").append(p.saul().stream().map(x -> x.name()).collect(Collectors.joining(", ")))
                        .append("; costs: ").append(p.costs().basis()).append('\n');
            }
            return s.toString().stripTrailing();
        });
    }

    @Descriptor("list the devices: board, containers, memory in use, SAUL readings")
    public String devices() {
        return guard(() -> {
            List<Device> all = sortedDevices();
            if (all.isEmpty()) {
                return "no devices (their boards are missing, or none is configured: factory PID io.femto4j.device)";
            }
            StringBuilder s = new StringBuilder();
            for (Device d : all) {
                BoardProfile b = d.board();
                s.append(String.format(Locale.ROOT, "%s on %s: %d/%d containers, %d/%d bytes, tenants %s%n",
                        d.name(), b.id(), d.runtime().containers().size(), b.maxContainers(), d.memoryUsed(),
                        b.containerMemoryBytes(),
                        d.tenants().stream().map(t -> t.id().toString()).collect(Collectors.joining(","))));
                s.append("    ").append(d.saul().stream().map(FemtoCommands::reading)
                        .collect(Collectors.joining(", "))).append('\n');
            }
            return s.toString().stripTrailing();
        });
    }

    // ---- containers ---------------------------------------------------------------------------------------

    @Descriptor("install a femto-container (raw bytecode, ELF object or rbf) from a file or URL")
    public String install(
            @Descriptor("device to install on (default: the only device, else dev0)")
            @Parameter(names = {"-d", "--device"}, absentValue = "") String device,
            @Descriptor("tenant that owns it (default: default)")
            @Parameter(names = {"-t", "--tenant"}, absentValue = "default") String tenant,
            @Descriptor("hook: shell (default; attached at once, run with fc:run), sched, timer or coap")
            @Parameter(names = {"-k", "--hook"}, absentValue = SHELL_HOOK) String hook,
            @Descriptor("container id (default: the file name without extension)")
            @Parameter(names = {"-i", "--id"}, absentValue = "") String id,
            @Descriptor("compile to JVM bytecode: never, always or after:N runs (default: the device's policy)")
            @Parameter(names = {"-c", "--compile"}, absentValue = "") String compile,
            @Descriptor("FILE or URL of the image") String source) {
        return guard(() -> {
            Device d = device.isEmpty() ? defaultDevice() : deviceNamed(device);
            HookSpec spec = KNOWN_HOOKS.get(hook);
            if (spec == null) {
                throw new CommandFailure("unknown hook " + hook + "; known: " + new java.util.TreeSet<>(KNOWN_HOOKS.keySet()));
            }
            String name = id.isEmpty() ? baseName(source) : id;
            if (name.isBlank() || name.contains("/")) {
                throw new CommandFailure("container id '" + name + "' must be non-blank and contain no '/'");
            }
            EnginePolicy policy = compile.isEmpty() ? null : EnginePolicy.parse(compile);
            TenantId t = TenantId.of(tenant);
            if (d.runtime().tenant(t).isEmpty()) {
                throw new CommandFailure("no tenant " + tenant + " on " + d.name() + "; tenants: "
                        + d.tenants().stream().map(x -> x.id().toString()).collect(Collectors.joining(", ")));
            }
            byte[] image = read(source);
            ContainerId cid = ContainerId.of(name);
            ContainerInfo info = d.install(cid, image, t, spec, null, policy);
            if (spec.name().equals(SHELL_HOOK)) {
                d.runtime().attach(cid);
            }
            return "installed " + d.name() + "/" + name + " (tenant " + tenant + ", hook " + hook + ", "
                    + info.memoryBytes() + " bytes, engine " + info.engine() + ", " + (spec.name().equals(SHELL_HOOK) ? "attached: fc:run " + name
                    : "installed: attach it with fc:attach") + ")";
        });
    }

    @Descriptor("list the containers of every device")
    public String list() {
        return guard(() -> {
            StringBuilder s = new StringBuilder();
            for (Device d : sortedDevices()) {
                for (ContainerInfo c : d.runtime().containers()) {
                    s.append(String.format(Locale.ROOT,
                            "%s/%s  tenant %s  hook %s  %s  %d bytes  %d runs  %d faults  engine %s%n",
                            d.name(), c.id(), c.tenant(), c.hook().name(), c.state().name().toLowerCase(Locale.ROOT),
                            c.memoryBytes(), c.stats().runs(), c.stats().faults(), kind(c)));
                }
            }
            return s.length() == 0 ? "no containers" : s.toString().stripTrailing();
        });
    }

    @Descriptor("show one container: tenant, hook, state, entry, memory, policy, statistics")
    public String info(@Descriptor("ID or DEVICE/ID") String id) {
        return guard(() -> {
            Located c = locate(id);
            ContainerInfo i = c.device.runtime().info(c.id).orElseThrow(() -> new CommandFailure("no container " + id));
            return c.device.name() + "/" + i.id() + "\n  tenant " + i.tenant() + ", hook " + i.hook().name()
                    + " (context " + i.hook().contextSize() + " bytes" + (i.hook().readOnlyContext() ? ", read-only" : "")
                    + "), state " + i.state().name().toLowerCase(Locale.ROOT) + ", entry " + i.entry()
                    + "\n  memory " + i.memoryBytes() + " bytes on " + c.device.board().id() + "; policy " + i.policy()
                    + "\n  engine " + i.engine()
                    + "\n  " + statsLine(c, i.stats());
        });
    }

    @Descriptor("run an attached container once; prints r0 or the fault, and the estimated time on its board")
    public String run(
            @Descriptor("file whose bytes are the context (r1; r2 = its length)")
            @Parameter(names = {"-m", "--mem-file"}, absentValue = "") String memFile,
            @Descriptor("ID or DEVICE/ID") String id) {
        return guard(() -> {
            Located c = locate(id);
            ContainerInfo i = c.device.runtime().info(c.id).orElseThrow(() -> new CommandFailure("no container " + id));
            if (i.state() != ContainerState.ATTACHED) {
                throw new CommandFailure("container " + id + " is " + i.state().name().toLowerCase(Locale.ROOT)
                        + ", not attached");
            }
            byte[] context = memFile.isEmpty() ? new byte[0] : read(memFile);
            if (context.length > i.hook().contextSize()) {
                throw new CommandFailure("--mem-file has " + context.length + " bytes; hook " + i.hook().name()
                        + " takes at most " + i.hook().contextSize());
            }
            BoardRun run = c.device.run(c.id, Invocation.of(context));
            StringBuilder s = new StringBuilder(run.result().output());
            if (s.length() > 0 && s.charAt(s.length() - 1) != '\n') {
                s.append('\n');
            }
            if (run.result().returned()) {
                s.append("r0 = 0x").append(Long.toHexString(run.result().r0()));
            } else {
                Fault f = run.result().fault().orElseThrow();
                s.append("fault at insn ").append(f.pc()).append(": ").append(f.message());
            }
            s.append(String.format(Locale.ROOT, "%n%d instructions, host %.1f us, board %s",
                    run.result().instructions(), run.result().hostNanos() / 1000.0, run.estimate()));
            return s.toString();
        });
    }

    @Descriptor("statistics of every container")
    public String stats() {
        return guard(() -> {
            StringBuilder s = new StringBuilder();
            for (Device d : sortedDevices()) {
                for (ContainerInfo i : d.runtime().containers()) {
                    s.append(d.name()).append('/').append(i.id()).append(": ")
                            .append(statsLine(new Located(d, i.id()), i.stats())).append("; engine ").append(kind(i))
                            .append('\n');
                }
            }
            return s.length() == 0 ? "no containers" : s.toString().stripTrailing();
        });
    }

    @Descriptor("statistics of one container: runs, faults by cause, last fault, instructions, host and board time")
    public String stats(@Descriptor("ID or DEVICE/ID") String id) {
        return guard(() -> {
            Located c = locate(id);
            ContainerInfo i = c.device.runtime().info(c.id).orElseThrow(() -> new CommandFailure("no container " + id));
            return c.device.name() + "/" + c.id + ": " + statsLine(c, i.stats()) + "; engine " + kind(i);
        });
    }

    @Descriptor("uninstall a container (detach it first if it is attached to a hook other than the shell's)")
    public String uninstall(@Descriptor("ID or DEVICE/ID") String id) {
        return guard(() -> {
            Located c = locate(id);
            ContainerInfo i = c.device.runtime().info(c.id).orElseThrow(() -> new CommandFailure("no container " + id));
            if (i.state() == ContainerState.ATTACHED) {
                if (!i.hook().name().equals(SHELL_HOOK)) {
                    throw new CommandFailure("container " + id + " is attached to hook " + i.hook().name()
                            + "; fc:detach it first");
                }
                c.device.runtime().detach(c.id);
            }
            c.device.uninstall(c.id);
            return "uninstalled " + c.device.name() + "/" + c.id;
        });
    }

    @Descriptor("list the tenants of every device with their quotas and use")
    public String tenants() {
        return guard(() -> {
            StringBuilder s = new StringBuilder();
            for (Device d : sortedDevices()) {
                for (Tenant t : d.tenants()) {
                    long count = d.runtime().containers().stream().filter(c -> c.tenant().equals(t.id())).count();
                    Tenant.Quotas q = t.quotas();
                    s.append(String.format(Locale.ROOT,
                            "%s/%s: %d/%d containers, %d/%d bytes, %d store entries, hooks %s, %d helpers%n",
                            d.name(), t.id(), count, q.containers(), d.runtime().memoryUsed(t.id()), q.memoryBytes(),
                            q.storeEntries(), t.hooks(), t.helpers().size()));
                }
            }
            return s.length() == 0 ? "no tenants" : s.toString().stripTrailing();
        });
    }

    @Descriptor("set a simulated SAUL reading (sensor) or state (actuator), e.g. fc:sensor dev0 temp0 21.5")
    public String sensor(@Descriptor("device name") String device,
                         @Descriptor("SAUL device name: led0, temp0, hum0, btn0") String name,
                         @Descriptor("decimal value (e.g. 21.5, -3, 45.25); on/off for switches and buttons") String value) {
        return guard(() -> {
            Device d = deviceNamed(device);
            SaulDevice saul = d.saul().stream().filter(x -> x.name().equals(name)).findFirst()
                    .orElseThrow(() -> new CommandFailure("no SAUL device " + name + " on " + device + "; there are "
                            + d.saul().stream().map(SaulDevice::name).collect(Collectors.joining(", "))));
            int unit = saul.read().map(Phydat::unit).orElse(Phydat.UNIT_NONE);
            Phydat reading = parseReading(value, unit);
            d.setReading(name, reading);
            return device + "/" + name + " = " + reading(saul);
        });
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    /** {@code value} as a phydat of {@code unit}: the decimal digits as an int16 and the power of ten. */
    static Phydat parseReading(String value, int unit) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("on") || v.equals("true") || v.equals("pressed")) {
            return Phydat.of(1, unit, 0);
        }
        if (v.equals("off") || v.equals("false") || v.equals("released")) {
            return Phydat.of(0, unit, 0);
        }
        BigDecimal d;
        try {
            d = new BigDecimal(v);
        } catch (NumberFormatException e) {
            throw new CommandFailure("'" + value + "' is not a number (or on/off)");
        }
        BigDecimal stripped = d.stripTrailingZeros();
        if (stripped.scale() < 0) {
            stripped = stripped.setScale(0); // 1E+2 -> 100
        }
        try {
            int unscaled = stripped.unscaledValue().intValueExact();
            if (unscaled < Short.MIN_VALUE || unscaled > Short.MAX_VALUE) {
                throw new ArithmeticException();
            }
            return Phydat.of(unscaled, unit, -stripped.scale());
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw new CommandFailure("'" + value + "' does not fit a SAUL reading: at most "
                    + Short.MAX_VALUE + " in its significant digits");
        }
    }

    static String reading(SaulDevice d) {
        Optional<Phydat> p = d.read();
        if (p.isEmpty()) {
            return d.name() + "=(unreadable)";
        }
        Phydat x = p.get();
        String v = BigDecimal.valueOf(x.values()[0], -x.scale()).toPlainString();
        String unit = x.unit() == Phydat.UNIT_TEMP_C ? " C" : "";
        return d.name() + "=" + v + unit;
    }

    /** The engine running a container now, one word: interpreter or compiler (fc:info says why). */
    static String kind(ContainerInfo i) {
        return i.engineKind().name().toLowerCase(Locale.ROOT);
    }

    private String statsLine(Located c, ContainerStats s) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "%d runs, %d faults, %d instructions, host %.1f us, board %s", s.runs(), s.faults(), s.instructions(),
                s.hostNanos() / 1000.0, c.device.estimate(c.id, s.instructions())));
        if (!s.faultsByCause().isEmpty()) {
            line.append("; faults by cause ").append(s.faultsByCause());
        }
        s.lastFault().ifPresent(f -> line.append("; last fault ").append(f));
        if (s.version() > 1) {
            line.append("; image version ").append(s.version());
        }
        return line.toString();
    }

    private record Located(Device device, ContainerId id) {
    }

    /** {@code DEVICE/ID}, or an {@code ID} held by exactly one device. */
    private Located locate(String ref) {
        int slash = ref.indexOf('/');
        if (slash > 0) {
            Device d = deviceNamed(ref.substring(0, slash));
            ContainerId id = ContainerId.of(ref.substring(slash + 1));
            if (d.runtime().info(id).isEmpty()) {
                throw new CommandFailure("no container " + id + " on " + d.name());
            }
            return new Located(d, id);
        }
        ContainerId id = ContainerId.of(ref);
        List<Device> holders = sortedDevices().stream().filter(d -> d.runtime().info(id).isPresent()).toList();
        if (holders.isEmpty()) {
            throw new CommandFailure("no container " + ref + " (fc:list shows them)");
        }
        if (holders.size() > 1) {
            throw new CommandFailure("container " + ref + " is on several devices ("
                    + holders.stream().map(Device::name).collect(Collectors.joining(", ")) + "): say DEVICE/" + ref);
        }
        return new Located(holders.get(0), id);
    }

    private List<Device> sortedDevices() {
        List<Device> all = new ArrayList<>(devices);
        all.sort(Comparator.comparing(Device::name));
        return all;
    }

    private Device deviceNamed(String name) {
        return sortedDevices().stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new CommandFailure("no device " + name + "; devices: " + deviceNames()));
    }

    private Device defaultDevice() {
        List<Device> all = sortedDevices();
        if (all.size() == 1) {
            return all.get(0);
        }
        return all.stream().filter(d -> d.name().equals("dev0")).findFirst()
                .orElseThrow(() -> new CommandFailure(all.isEmpty() ? "no devices to install on"
                        : "several devices and none is dev0: say --device (" + deviceNames() + ")"));
    }

    private String deviceNames() {
        List<Device> all = sortedDevices();
        return all.isEmpty() ? "none" : all.stream().map(Device::name).collect(Collectors.joining(", "));
    }

    private static String baseName(String source) {
        String s = source.replace('\\', '/');
        s = s.substring(s.lastIndexOf('/') + 1);
        int dot = s.lastIndexOf('.');
        return dot > 0 ? s.substring(0, dot) : s;
    }

    /** A local file, or a URL (anything with a scheme of two or more letters), at most the image size limit. */
    static byte[] read(String source) {
        try {
            if (source.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*")) {
                try (InputStream in = URI.create(source).toURL().openStream()) {
                    byte[] bytes = in.readNBytes(Images.MAX_FILE_SIZE + 1);
                    if (bytes.length > Images.MAX_FILE_SIZE) {
                        throw new CommandFailure(source + " is larger than " + Images.MAX_FILE_SIZE + " bytes");
                    }
                    return bytes;
                }
            }
            Path p = Path.of(source);
            if (Files.size(p) > Images.MAX_FILE_SIZE) {
                throw new CommandFailure(source + " is larger than " + Images.MAX_FILE_SIZE + " bytes");
            }
            return Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            throw new CommandFailure("no such file: " + source);
        } catch (IOException | IllegalArgumentException e) {
            throw new CommandFailure("cannot read " + source + ": " + e.getMessage());
        }
    }

    /** Runs a command body, turning every failure into one {@link CommandFailure} line. */
    private static String guard(Body body) {
        try {
            return body.run();
        } catch (CommandFailure e) {
            throw e;
        } catch (InstallException e) {
            throw new CommandFailure("install refused, " + e.oneLine());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CommandFailure(e.getMessage());
        } catch (RuntimeException e) {
            throw new CommandFailure(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    @FunctionalInterface
    private interface Body {
        String run() throws InstallException;
    }

}
