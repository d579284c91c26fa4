package io.femto4j.cli;

import io.femto4j.cli.Main.UsageException;
import io.femto4j.jit.Jit;
import io.femto4j.runtime.ContainerRuntime;
import io.femto4j.runtime.EngineFactory;
import io.femto4j.runtime.HelperNumbers;
import io.femto4j.runtime.HookSpec;
import io.femto4j.runtime.InstallException;
import io.femto4j.runtime.Invocation;
import io.femto4j.runtime.RunResult;
import io.femto4j.runtime.RuntimeConfig;
import io.femto4j.runtime.Tenant;
import io.femto4j.runtime.image.Image;
import io.femto4j.runtime.image.ImageFormatException;
import io.femto4j.runtime.image.Images;
import io.femto4j.runtime.image.RbfWriter;
import io.femto4j.runtime.spi.SimulatedBoard;
import io.femto4j.runtime.store.ContainerId;
import io.femto4j.runtime.store.TenantId;
import io.femto4j.verifier.Diagnostic;
import io.femto4j.vm.Fault;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The image commands of {@code bin/femto}: {@code run} (raw bytecode, ELF or rbf, told apart by content),
 * {@code pack} (ELF to rbf) and {@code inspect}. Kept apart from {@link Main} so that commands can be added there
 * without touching these.
 */
final class ImageCommands {
    private ImageCommands() {
    }

    /**
     * {@code run FILE [--entry NAME] [--mem HEX | --mem-file FILE] [--budget N] [--jit]}: installs the image in a
     * {@link ContainerRuntime} with a simulated board (temperature sensor at 23.45 C) for a tenant allowed every
     * helper, on a hook whose writable context is the memory (r1 its address, r2 its length; 0 and 0 without),
     * runs it once and prints what it printed, then r0 in hex. With {@code --jit} the compiler runs it (same
     * results; the interpreter still runs what the compiler cannot take).
     */
    static int run(String[] args, PrintStream out, PrintStream err) throws UsageException, IOException {
        String file = null;
        String entry = null;
        byte[] mem = null;
        long budget = Main.DEFAULT_BUDGET;
        boolean jit = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jit": jit = true; break;
                case "--entry": entry = Main.value(args, i++, "--entry"); break;
                case "--mem":
                    requireNoMem(mem);
                    mem = Main.hex(Main.value(args, i++, "--mem"), "--mem");
                    break;
                case "--mem-file":
                    requireNoMem(mem);
                    mem = Main.read(Main.value(args, i++, "--mem-file"));
                    break;
                case "--budget": budget = Main.budget(Main.value(args, i++, "--budget")); break;
                default:
                    if (args[i].startsWith("-") || file != null) {
                        throw new UsageException("unexpected argument '" + args[i] + "'");
                    }
                    file = args[i];
            }
        }
        if (file == null) {
            throw new UsageException("run needs a FILE (raw bytecode, ELF object or rbf)");
        }
        byte[] memory = mem == null ? new byte[0] : mem;
        if (memory.length > HookSpec.MAX_CONTEXT_SIZE) {
            throw new UsageException("the memory is " + memory.length + " bytes; at most " + HookSpec.MAX_CONTEXT_SIZE);
        }
        Image image = load(file, err);
        if (image == null) {
            return 1;
        }
        RuntimeConfig config = RuntimeConfig.defaults().withBoard(SimulatedBoard.withSystemClock())
                .withEngines(jit ? Jit::load : EngineFactory.INTERPRETER);
        ContainerRuntime runtime = new ContainerRuntime(config);
        runtime.putTenant(Tenant.trusted("cli"));
        ContainerId id = ContainerId.of("cli");
        HookSpec hook = new HookSpec("cli", memory.length, false, HelperNumbers.ALL);
        try {
            runtime.install(id, image, TenantId.of("cli"), hook, entry);
        } catch (InstallException e) {
            if (e.stage() == InstallException.Stage.VERIFY) {
                err.println("femto: program rejected by the verifier");
                for (Diagnostic d : e.diagnostics()) {
                    err.println("  " + d);
                }
            } else {
                err.println("femto: " + file + ": " + e.getMessage());
            }
            return 1;
        }
        runtime.attach(id);
        RunResult r = runtime.run(id, Invocation.of(memory).withBudget(budget));
        if (!r.output().isEmpty()) {
            out.print(r.output());
            if (!r.output().endsWith("\n")) {
                out.println();
            }
        }
        if (r.returned()) {
            out.println("0x" + Long.toHexString(r.r0()));
            return 0;
        }
        Fault f = r.fault().orElseThrow();
        err.println("femto: fault at insn " + f.pc() + ": " + f.message());
        return 1;
    }

    private static void requireNoMem(byte[] mem) throws UsageException {
        if (mem != null) {
            throw new UsageException("give the memory once: --mem or --mem-file");
        }
    }

    /** {@code pack APP.o [-o APP.rbf]}: the ELF object as an rbf file. */
    static int pack(String[] args, PrintStream out, PrintStream err) throws UsageException, IOException {
        String file = null;
        String output = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("-o")) {
                output = Main.value(args, i++, "-o");
            } else if (args[i].startsWith("-") || file != null) {
                throw new UsageException("unexpected argument '" + args[i] + "'");
            } else {
                file = args[i];
            }
        }
        if (file == null) {
            throw new UsageException("pack needs an ELF object APP.o");
        }
        if (output == null) {
            output = (file.endsWith(".o") ? file.substring(0, file.length() - 2) : file) + ".rbf";
        }
        byte[] rbf;
        try {
            rbf = RbfWriter.pack(Main.read(file));
        } catch (ImageFormatException e) {
            err.println("femto: " + file + ": " + e.getMessage());
            return 1;
        }
        try {
            Files.write(Path.of(output), rbf);
        } catch (InvalidPathException e) {
            throw new UsageException("bad output path '" + output + "'");
        }
        out.println(output + ": " + rbf.length + " bytes");
        return 0;
    }

    /** {@code inspect FILE}: format, header, sections, functions, data and a disassembly. */
    static int inspect(String[] args, PrintStream out, PrintStream err) throws UsageException, IOException {
        if (args.length != 1 || args[0].startsWith("-")) {
            throw new UsageException("inspect needs exactly one FILE");
        }
        Image image = load(args[0], err);
        if (image == null) {
            return 1;
        }
        out.print(Images.describe(image));
        return 0;
    }

    /** The image in {@code file}, or null after printing why it is malformed. */
    private static Image load(String file, PrintStream err) throws UsageException, IOException {
        byte[] bytes = Main.read(file);
        try {
            return Images.load(bytes);
        } catch (ImageFormatException e) {
            err.println("femto: " + file + ": " + e.getMessage());
            return null;
        }
    }
}
