package io.femto4j.vm;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * The helpers a host offers, by number. Immutable and safe to share. Which of them a given program may call is
 * decided by its verifier policy ({@code Policy.allowedHelpers()}); this table only says what exists.
 */
public final class HelperTable {
    private static final HelperTable EMPTY = new HelperTable(new int[0], new String[0], new Helper[0]);

    // Sorted by number; parallel arrays so the VM can resolve numbers to dense indices at load time.
    private final int[] numbers;
    private final String[] names;
    private final Helper[] helpers;
    /** The last answers of {@link #allowedBy}, handed out again to loads that get the same answers. */
    private volatile boolean[] lastAllowed;

    private HelperTable(int[] numbers, String[] names, Helper[] helpers) {
        this.numbers = numbers;
        this.names = names;
        this.helpers = helpers;
    }

    public static HelperTable empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The helper registered under {@code number}, or null. */
    public Helper helper(int number) {
        int i = indexOf(number);
        return i < 0 ? null : helpers[i];
    }

    /** The name registered for {@code number}, or null. */
    public String name(int number) {
        int i = indexOf(number);
        return i < 0 ? null : names[i];
    }

    public boolean contains(int number) {
        return indexOf(number) >= 0;
    }

    /** Registered numbers, ascending. */
    public int[] numbers() {
        return numbers.clone();
    }

    public int size() {
        return numbers.length;
    }

    /** Dense index of {@code number} (0 to size-1), or a negative value; for the VM's resolution at load. */
    int indexOf(int number) {
        return Arrays.binarySearch(numbers, number);
    }

    /**
     * Per dense index, whether {@code allowed} accepts that helper's number; asked now, once per helper. Loads
     * that get the same answers (the containers of one tenant on one hook) share one array, which nobody writes:
     * compared by content, so a predicate whose answers change is still asked every time.
     */
    boolean[] allowedBy(IntPredicate allowed) {
        boolean[] answers = new boolean[numbers.length];
        for (int i = 0; i < answers.length; i++) {
            answers[i] = allowed.test(numbers[i]);
        }
        boolean[] last = lastAllowed;
        if (last != null && Arrays.equals(last, answers)) {
            return last;
        }
        lastAllowed = answers;
        return answers;
    }

    int numberAt(int index) {
        return numbers[index];
    }

    String nameAt(int index) {
        return names[index];
    }

    Helper helperAt(int index) {
        return helpers[index];
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("HelperTable[");
        for (int i = 0; i < numbers.length; i++) {
            s.append(i == 0 ? "" : ", ").append(numbers[i]).append('=').append(names[i]);
        }
        return s.append(']').toString();
    }

    /** Collects registrations; each number at most once. */
    public static final class Builder {
        private int[] numbers = new int[8];
        private String[] names = new String[8];
        private Helper[] helpers = new Helper[8];
        private int count;

        private Builder() {
        }

        public Builder register(int number, String name, Helper helper) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(helper, "helper");
            for (int i = 0; i < count; i++) {
                if (numbers[i] == number) {
                    throw new IllegalArgumentException("helper " + number + " is already registered as " + names[i]);
                }
            }
            if (count == numbers.length) {
                numbers = Arrays.copyOf(numbers, count * 2);
                names = Arrays.copyOf(names, count * 2);
                helpers = Arrays.copyOf(helpers, count * 2);
            }
            numbers[count] = number;
            names[count] = name;
            helpers[count] = helper;
            count++;
            return this;
        }

        public HelperTable build() {
            Integer[] order = new Integer[count];
            for (int i = 0; i < count; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Integer.compare(numbers[a], numbers[b]));
            int[] n = new int[count];
            String[] s = new String[count];
            Helper[] h = new Helper[count];
            for (int i = 0; i < count; i++) {
                n[i] = numbers[order[i]];
                s[i] = names[order[i]];
                h[i] = helpers[order[i]];
            }
            return new HelperTable(n, s, h);
        }
    }
}
