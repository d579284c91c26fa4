package io.femto4j.cli;

/** Entry point of {@code bin/femto}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.err.println("usage: femto <command> ...");
        System.exit(2);
    }
}
