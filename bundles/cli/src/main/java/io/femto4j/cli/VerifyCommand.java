package io.femto4j.cli;

import io.femto4j.isa.Decoder;
import io.femto4j.runtime.image.Image;
import io.femto4j.runtime.image.ImageFormatException;
import io.femto4j.runtime.image.Images;
import io.femto4j.verifier.Diagnostic;
import io.femto4j.verifier.Policy;
import io.femto4j.verifier.Verification;
import io.femto4j.verifier.Verifier;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code femto verify FILE [--policy SPEC]}: runs the pre-flight verifier on a program without running it and
 * prints every diagnostic, one per line, on standard output. Exit 0 when the program is accepted (warnings are
 * still printed), 1 when it is rejected or the file cannot be read as a program, 2 on bad usage.
 *
 * <p>FILE is raw bytecode, an rbf image or an ELF object (told apart by their magic, as
 * {@link Images#detect} does). Raw bytecode goes to the verifier byte for byte, so even a truncated or undecodable
 * program gets the verifier's own diagnostics; images are unpacked first and their text verified.
 *
 * <p>Without {@code --policy} the policy is the one {@code femto run} uses ({@link Policy#defaults()}: CPU v4, every
 * instruction group, no helpers), so "verify accepts it" means "run will not reject it". SPEC follows
 * {@link Policy#parse}.
 */
final class VerifyCommand {
    static final String USAGE = "femto verify FILE [--policy SPEC]";

    private VerifyCommand() {
    }

    /** Runs the command with the arguments after {@code verify}; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String file = null;
        String spec = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--policy")) {
                if (i + 1 >= args.length) {
                    return usage(err, "--policy needs a value");
                }
                if (spec != null) {
                    return usage(err, "--policy given twice");
                }
                spec = args[++i];
            } else if (args[i].startsWith("-") || file != null) {
                return usage(err, "unexpected argument '" + args[i] + "'");
            } else {
                file = args[i];
            }
        }
        if (file == null) {
            return usage(err, "verify needs a program FILE");
        }
        Policy policy;
        try {
            policy = spec == null ? Policy.defaults() : Policy.parse(spec);
        } catch (IllegalArgumentException e) {
            return usage(err, "--policy: " + e.getMessage());
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(Path.of(file));
        } catch (InvalidPathException e) {
            return usage(err, "bad file name '" + file + "'");
        } catch (NoSuchFileException e) {
            err.println("femto: " + file + ": no such file");
            return 1;
        } catch (IOException e) {
            err.println("femto: " + file + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        }
        Verification verdict;
        Image.Format format = Images.detect(bytes);
        if (format == Image.Format.RAW) {
            verdict = Verifier.verify(bytes, policy);
        } else {
            Image image;
            try {
                // Lenient decoding: unused fields are the verifier's call (strict policies reject them with a code).
                image = Images.load(bytes, format, Decoder.lenient());
            } catch (ImageFormatException e) {
                err.println("femto: " + file + ": not a loadable " + format.name().toLowerCase(java.util.Locale.ROOT)
                        + " image: " + e.getMessage());
                return 1;
            }
            verdict = Verifier.verify(image.text(), policy);
        }
        for (Diagnostic d : verdict.diagnostics()) {
            out.println(d);
        }
        if (verdict instanceof Verification.Accepted) {
            return 0;
        }
        long errors = verdict.diagnostics().stream().filter(Diagnostic::isError).count();
        err.println("femto: program rejected by the verifier (" + errors + (errors == 1 ? " error)" : " errors)"));
        return 1;
    }

    private static int usage(PrintStream err, String message) {
        err.println("femto: " + message + " (femto --help shows the usage)");
        return 2;
    }
}
