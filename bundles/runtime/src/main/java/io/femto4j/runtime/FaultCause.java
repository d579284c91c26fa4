package io.femto4j.runtime;

import io.femto4j.vm.Fault;

/** Why a run faulted, one constant per kind of {@link Fault}, for counting. */
public enum FaultCause {
    OUT_OF_BOUNDS, READ_ONLY_WRITE, BUDGET_EXHAUSTED, UNKNOWN_HELPER, HELPER_NOT_ALLOWED, CALL_DEPTH_EXCEEDED,
    HELPER_FAILED, HELPER_OUT_OF_BOUNDS, MISSING_SECTION, INVALID_INSTRUCTION;

    public static FaultCause of(Fault fault) {
        // Java 17 has no pattern switch; the sealed Fault makes this list complete.
        if (fault instanceof Fault.OutOfBounds) {
            return OUT_OF_BOUNDS;
        } else if (fault instanceof Fault.ReadOnlyWrite) {
            return READ_ONLY_WRITE;
        } else if (fault instanceof Fault.BudgetExhausted) {
            return BUDGET_EXHAUSTED;
        } else if (fault instanceof Fault.UnknownHelper) {
            return UNKNOWN_HELPER;
        } else if (fault instanceof Fault.HelperNotAllowed) {
            return HELPER_NOT_ALLOWED;
        } else if (fault instanceof Fault.CallDepthExceeded) {
            return CALL_DEPTH_EXCEEDED;
        } else if (fault instanceof Fault.HelperFailed) {
            return HELPER_FAILED;
        } else if (fault instanceof Fault.HelperOutOfBounds) {
            return HELPER_OUT_OF_BOUNDS;
        } else if (fault instanceof Fault.MissingSection) {
            return MISSING_SECTION;
        }
        return INVALID_INSTRUCTION;
    }
}
