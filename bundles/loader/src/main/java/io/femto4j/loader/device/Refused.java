package io.femto4j.loader.device;

import java.util.Objects;

/** A request the loader refused: the reason and a detail for people; nothing was changed. */
public final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    private final Refusal reason;

    public Refused(Refusal reason, String detail) {
        super(oneLine(detail), null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Refusal reason() {
        return reason;
    }

    /** The one-line diagnostic a client gets: {@code label: detail}. */
    public String diagnostic() {
        return reason.label() + ": " + getMessage();
    }

    private static String oneLine(String detail) {
        String s = detail == null ? "" : detail.replaceAll("\\p{Cntrl}+", " ").strip();
        return s.length() > 400 ? s.substring(0, 400) + "..." : s;
    }
}
