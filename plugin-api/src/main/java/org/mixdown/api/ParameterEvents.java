package org.mixdown.api;

/**
 * Parameter changes inside one block, each at a sample offset from the start of the block. Held in
 * preallocated arrays so a host can fill it on the audio thread without allocating. Events are kept
 * sorted by offset (stable for equal offsets).
 */
public final class ParameterEvents {
    /** An empty, read-only-by-convention list for blocks without automation. */
    public static final ParameterEvents NONE = new ParameterEvents(0);

    private final int[] offsets;
    private final int[] parameters;
    private final double[] values;
    private int size;

    public ParameterEvents(int capacity) {
        offsets = new int[capacity];
        parameters = new int[capacity];
        values = new double[capacity];
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return offsets.length;
    }

    /** Sample offset of event {@code i} from the start of the block. */
    public int offset(int i) {
        return offsets[i];
    }

    /** Index of the parameter (in the descriptor's list) event {@code i} changes. */
    public int parameter(int i) {
        return parameters[i];
    }

    /** New value of event {@code i}, in plain units. */
    public double value(int i) {
        return values[i];
    }

    public void clear() {
        size = 0;
    }

    /**
     * Adds an event, keeping the list sorted by offset.
     *
     * @throws IllegalStateException when the list is full
     */
    public void add(int offset, int parameterIndex, double value) {
        if (size == offsets.length) {
            throw new IllegalStateException("parameter event list full (" + offsets.length + ")");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("negative event offset " + offset);
        }
        int i = size;
        while (i > 0 && offsets[i - 1] > offset) {
            offsets[i] = offsets[i - 1];
            parameters[i] = parameters[i - 1];
            values[i] = values[i - 1];
            i--;
        }
        offsets[i] = offset;
        parameters[i] = parameterIndex;
        values[i] = value;
        size++;
    }
}
