package io.femto4j.runtime;

import io.femto4j.runtime.spi.Board;
import io.femto4j.runtime.spi.SimulatedBoard;
import io.femto4j.runtime.store.StoreService;
import io.femto4j.verifier.Policy;

import java.util.Objects;

/**
 * How a {@link ContainerRuntime} is set up.
 *
 * @param board         the device services behind the SAUL, clock and CoAP helpers
 * @param stores        the device's key-value stores
 * @param basePolicy    ISA level, groups and size limits for every container; its helper allow-list is replaced
 *                      by the intersection of the tenant's and the hook's helpers
 * @param defaultBudget instructions per run unless the invocation says otherwise
 * @param output        where printed text goes
 * @param engines       what runs a verified image: the interpreter unless configured otherwise
 */
public record RuntimeConfig(Board board, StoreService stores, Policy basePolicy, long defaultBudget,
                            OutputSink output, EngineFactory engines) {

    /** Upstream's budget was 200 taken branches; we count every instruction, so the default is larger. */
    public static final long DEFAULT_BUDGET = 1_000_000;

    public RuntimeConfig {
        Objects.requireNonNull(board, "board");
        Objects.requireNonNull(stores, "stores");
        Objects.requireNonNull(basePolicy, "basePolicy");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(engines, "engines");
        if (defaultBudget <= 0) {
            throw new IllegalArgumentException("defaultBudget must be positive");
        }
    }

    /** A configuration whose containers run on the interpreter. */
    public RuntimeConfig(Board board, StoreService stores, Policy basePolicy, long defaultBudget, OutputSink output) {
        this(board, stores, basePolicy, defaultBudget, output, EngineFactory.INTERPRETER);
    }

    /** A simulated board, default stores, the permissive ISA, the default budget, output discarded. */
    public static RuntimeConfig defaults() {
        return new RuntimeConfig(SimulatedBoard.create(), new StoreService(), Policy.defaults(), DEFAULT_BUDGET,
                OutputSink.discard());
    }

    public RuntimeConfig withBoard(Board b) {
        return new RuntimeConfig(b, stores, basePolicy, defaultBudget, output, engines);
    }

    public RuntimeConfig withStores(StoreService s) {
        return new RuntimeConfig(board, s, basePolicy, defaultBudget, output, engines);
    }

    public RuntimeConfig withBasePolicy(Policy p) {
        return new RuntimeConfig(board, stores, p, defaultBudget, output, engines);
    }

    public RuntimeConfig withDefaultBudget(long b) {
        return new RuntimeConfig(board, stores, basePolicy, b, output, engines);
    }

    public RuntimeConfig withOutput(OutputSink o) {
        return new RuntimeConfig(board, stores, basePolicy, defaultBudget, o, engines);
    }

    public RuntimeConfig withEngines(EngineFactory e) {
        return new RuntimeConfig(board, stores, basePolicy, defaultBudget, output, e);
    }
}
