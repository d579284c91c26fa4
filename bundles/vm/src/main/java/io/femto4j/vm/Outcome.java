package io.femto4j.vm;

/**
 * How a run ended. {@code instructions} counts executed instructions (a two-slot {@code lddw} is one), including
 * one that faulted; after {@link Fault.BudgetExhausted} it equals the budget.
 */
public sealed interface Outcome {

    /** Instructions executed. */
    long instructions();

    /** The program returned (or a helper stopped it) with {@code r0}. */
    record Returned(long r0, long instructions) implements Outcome {
        @Override
        public String toString() {
            return "Returned[r0=0x" + Long.toHexString(r0) + ", instructions=" + instructions + "]";
        }
    }

    /** The run was stopped by a fault. */
    record Faulted(Fault fault, long instructions) implements Outcome {
        @Override
        public String toString() {
            return "Faulted[pc " + fault.pc() + ": " + fault.message() + ", instructions=" + instructions + "]";
        }
    }
}
