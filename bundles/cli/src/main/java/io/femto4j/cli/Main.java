package io.femto4j.cli;

import io.femto4j.isa.AsmException;
import io.femto4j.isa.Assembler;
import io.femto4j.isa.DecodeException;
import io.femto4j.isa.Decoder;
import io.femto4j.isa.Disassembler;
import io.femto4j.isa.Program;
import io.femto4j.vm.Engine;
import io.femto4j.jit.Jit;
import io.femto4j.verifier.Diagnostic;
import io.femto4j.verifier.Policy;
import io.femto4j.verifier.Verification;
import io.femto4j.verifier.Verifier;
import io.femto4j.vm.HelperTable;
import io.femto4j.vm.Memory;
import io.femto4j.vm.Outcome;
import io.femto4j.vm.Region;
import io.femto4j.vm.Vm;
import io.femto4j.vm.conformance.SuiteHelpers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry point of {@code bin/femto}. All logic is in {@link #run}, which tests call in-process; {@link #main} only
 * wires it to the real streams and exit code. Exit codes: 0 success, 1 the program or input was rejected or
 * faulted, 2 bad usage. Errors are one line each, never a stack trace.
 */
public final class Main {
    /** Guest address of the input memory region in {@code run} and {@code plugin}. */
    public static final long MEMORY_ADDRESS = 0x1000_0000L;
    /** Instructions a run may execute unless {@code --budget} says otherwise. */
    public static final long DEFAULT_BUDGET = 100_000_000L;

    static final String USAGE = "usage: femto run FILE [--entry NAME] [--mem HEX | --mem-file FILE] [--budget N]"
            + " | femto pack APP.o [-o APP.rbf] | femto inspect FILE"
            + " | femto plugin [MEMHEX] [--budget N] [--jit] | femto asm FILE.s [-o OUT] | femto disasm FILE"
            + " | " + VerifyCommand.USAGE + " | " + LoaderCommands.USAGE;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /** Bad command line: reported as one line, exit 2. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message, null, false, false);
        }
    }

    /** Runs one command; returns the process exit code. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        try {
            if (args.length == 0) {
                throw new UsageException("no command");
            }
            String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
            switch (args[0]) {
                case "run": return ImageCommands.run(rest, out, err);
                case "pack": return ImageCommands.pack(rest, out, err);
                case "inspect": return ImageCommands.inspect(rest, out, err);
                case "plugin": return plugin(rest, in, out, err);
                case "asm": return asm(rest, out, err);
                case "disasm": return disasm(rest, out, err);
                case "verify": return VerifyCommand.run(rest, out, err);
                case "keygen": return LoaderCommands.keygen(rest, out);
                case "manifest": return LoaderCommands.manifest(rest, out);
                case "deploy": return LoaderCommands.deploy(rest, out, err);
                case "-h": case "--help": case "help":
                    out.println(USAGE);
                    return 0;
                default: throw new UsageException("unknown command '" + args[0] + "'");
            }
        } catch (UsageException e) {
            err.println("femto: " + e.getMessage() + " (femto --help shows the usage)");
            return 2;
        } catch (IOException e) {
            err.println("femto: " + describe(e));
            return 1;
        }
    }

    /**
     * Verifies, loads and runs; prints r0 or the reason it failed. With {@code jit} the program is compiled to JVM
     * bytecode (same results; the interpreter still runs what the compiler cannot take).
     */
    private static int execute(byte[] code, byte[] mem, long budget, Policy policy, HelperTable helpers,
                               boolean jit, PrintStream out, PrintStream err) {
        Verification v = Verifier.verify(code, policy);
        if (!(v instanceof Verification.Accepted accepted)) {
            err.println("femto: program rejected by the verifier");
            for (Diagnostic d : v.diagnostics()) {
                err.println("  " + d);
            }
            return 1;
        }
        Engine engine = jit ? Jit.load(accepted.program(), helpers) : Jit.interpreter(Vm.load(accepted.program(), helpers));
        Memory memory = mem.length == 0 ? Memory.empty() : Memory.of(Region.writable("input", MEMORY_ADDRESS, mem));
        Outcome outcome = engine.run(memory, mem.length == 0 ? 0 : MEMORY_ADDRESS, mem.length, budget);
        if (outcome instanceof Outcome.Returned ret) {
            out.println("0x" + Long.toHexString(ret.r0()));
            return 0;
        }
        Outcome.Faulted f = (Outcome.Faulted) outcome;
        err.println("femto: fault at insn " + f.fault().pc() + ": " + f.fault().message());
        return 1;
    }

    // ---- plugin -----------------------------------------------------------------------------------------------

    /**
     * The bpf_conformance plugin protocol: optional memory as hex in the first argument, the program as hex on
     * standard input, r0 printed in hex. The runner passes the memory and its plugin options as one argument each,
     * either possibly empty, so arguments are split on whitespace here.
     */
    private static int plugin(String[] args, InputStream in, PrintStream out, PrintStream err)
            throws UsageException, IOException {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i].trim();
            if (i == 0 && !a.startsWith("-")) {
                words.add("--mem"); // the first argument, unless an option, is the memory (possibly empty)
                words.add(a);
                continue;
            }
            for (String t : a.split("\\s+")) {
                if (!t.isEmpty()) {
                    words.add(t);
                }
            }
        }
        byte[] mem = new byte[0];
        long budget = DEFAULT_BUDGET;
        boolean jit = false;
        for (int i = 0; i < words.size(); i++) {
            switch (words.get(i)) {
                case "--jit": jit = true; break;
                case "--mem": mem = hex(words.get(++i), "memory"); break;
                case "--budget": budget = budget(value(words.toArray(new String[0]), i++, "--budget")); break;
                default: throw new UsageException("unexpected plugin argument '" + words.get(i) + "'");
            }
        }
        byte[] code;
        try {
            code = hex(new String(in.readAllBytes(), StandardCharsets.US_ASCII), "program");
        } catch (UsageException e) {
            // Bad input, not a bad command line.
            err.println("femto: " + e.getMessage());
            out.println(e.getMessage());
            return 1;
        }
        if (code.length == 0) {
            err.println("femto: no program on standard input");
            out.println("no program on standard input");
            return 1;
        }
        Policy policy = Policy.permissive(n -> n >= 0 && n <= SuiteHelpers.LAST);
        ByteArrayOutputStream problems = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(problems, true, StandardCharsets.UTF_8);
        int rc = execute(code, mem, budget, policy, SuiteHelpers.table(), jit, out, p);
        if (rc != 0) {
            // The runner reads only standard output; it compares error text against it for negative tests.
            String text = problems.toString(StandardCharsets.UTF_8).strip();
            out.println(text);
            err.println(text);
        }
        return rc;
    }

    // ---- asm / disasm -----------------------------------------------------------------------------------------

    private static int asm(String[] args, PrintStream out, PrintStream err) throws UsageException, IOException {
        String file = null;
        String output = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("-o")) {
                output = value(args, i++, "-o");
            } else if (args[i].startsWith("-") || file != null) {
                throw new UsageException("unexpected argument '" + args[i] + "'");
            } else {
                file = args[i];
            }
        }
        if (file == null) {
            throw new UsageException("asm needs a FILE.s");
        }
        if (output == null) {
            output = (file.endsWith(".s") ? file.substring(0, file.length() - 2) : file) + ".bin";
        }
        String source = new String(read(file), StandardCharsets.UTF_8);
        Program program;
        try {
            program = Assembler.assemble(source);
        } catch (AsmException e) {
            err.println("femto: " + file + ": " + e.getMessage());
            return 1;
        } catch (UnsupportedOperationException e) {
            err.println("femto: asm: " + e.getMessage());
            return 1;
        }
        try {
            Files.write(Path.of(output), program.toBytes());
        } catch (InvalidPathException e) {
            throw new UsageException("bad output path '" + output + "'");
        }
        out.println(output + ": " + program.size() + " instruction slots");
        return 0;
    }

    private static int disasm(String[] args, PrintStream out, PrintStream err) throws UsageException, IOException {
        if (args.length != 1 || args[0].startsWith("-")) {
            throw new UsageException("disasm needs exactly one FILE");
        }
        byte[] code = read(args[0]);
        Program program;
        try {
            program = Decoder.strict().decode(code);
        } catch (DecodeException e) {
            err.println("femto: " + args[0] + ": " + e.getMessage());
            return 1;
        }
        try {
            out.print(Disassembler.disassemble(program));
        } catch (UnsupportedOperationException e) {
            err.println("femto: disasm: " + e.getMessage());
            return 1;
        }
        return 0;
    }

    // ---- arguments --------------------------------------------------------------------------------------------

    static String value(String[] args, int at, String option) throws UsageException {
        if (at + 1 >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[at + 1];
    }

    static long budget(String s) throws UsageException {
        try {
            long n = Long.parseLong(s.replace("_", ""));
            if (n <= 0) {
                throw new UsageException("--budget must be at least 1: " + s);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--budget is not a number: '" + s + "'");
        }
    }

    /**
     * Hex bytes, ignoring whitespace; also accepts the conformance runner's "aa  bb  " form and a leading 0x.
     */
    static byte[] hex(String text, String what) throws UsageException {
        String s = text.replaceAll("\\s+", "");
        if (s.startsWith("0x") || s.startsWith("0X")) {
            s = s.substring(2);
        }
        if (s.length() % 2 != 0) {
            throw new UsageException(what + ": odd number of hex digits");
        }
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(s.charAt(2 * i), 16);
            int lo = Character.digit(s.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new UsageException(what + ": not hex at character " + (2 * i) + ": '" + s.substring(2 * i, 2 * i + 2) + "'");
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    static byte[] read(String file) throws IOException, UsageException {
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (InvalidPathException e) {
            throw new UsageException("bad file name '" + file + "'");
        }
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return e.getMessage() + ": no such file";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
