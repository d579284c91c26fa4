package io.femto4j.hooks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an attach request says besides the device and the container, read from {@code NAME=VALUE} words as the
 * shell's {@code fc:attach} and the web console take them: {@code policy}, {@code order}, and every other name
 * as a per-attachment parameter ({@link Attachment#parameters()}, e.g. {@code budget=1000} or the timer's
 * {@code period=500}).
 *
 * @param policy     the chain policy (default {@link ChainPolicy#CONTINUE})
 * @param order      the place in the chain, or {@link HookManager#APPEND} (default)
 * @param parameters the other settings, in the order given
 */
public record AttachSettings(ChainPolicy policy, int order, Map<String, String> parameters) {
    /** The words {@link #parse} reads. */
    public static final String USAGE = "[policy=continue|abort-on-negative|abort-on-positive|single] [order=N]"
            + " [budget=N] [NAME=VALUE ...] (e.g. period=500 for the timer hook)";

    public AttachSettings {
        parameters = Map.copyOf(parameters);
    }

    /**
     * Reads {@code NAME=VALUE} words; blank words are skipped.
     *
     * @throws IllegalArgumentException naming the word that is not {@code NAME=VALUE}, an unknown policy or an
     *                                  order that is not a number
     */
    public static AttachSettings parse(List<String> words) {
        ChainPolicy policy = ChainPolicy.CONTINUE;
        int order = HookManager.APPEND;
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String word : words) {
            if (word.isBlank()) {
                continue;
            }
            int eq = word.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + word + "' is not NAME=VALUE");
            }
            String name = word.substring(0, eq).trim();
            String value = word.substring(eq + 1).trim();
            switch (name) {
                case "policy" -> policy = ChainPolicy.parse(value);
                case "order" -> {
                    try {
                        order = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("order '" + value + "' is not a number");
                    }
                }
                default -> parameters.put(name, value);
            }
        }
        return new AttachSettings(policy, order, parameters);
    }
}
