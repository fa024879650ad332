package org.customerhub.value;

import java.util.Arrays;
import java.util.Collection;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;

/**
 * Customers' purchase histories as the models read them, held as columns (x, t_x, T and the mean repeat value) rather
 * than as an object per customer: a base of a million is 28 MB of arrays instead of a million records, and the
 * likelihoods go through it as arrays. Grows as histories are added, like a list.
 */
public final class RepeatHistories {
    private static final int INITIAL_CAPACITY = 1024;

    private int size;
    private int[] repeats;
    private double[] lastRepeatAt;
    private double[] observedFor;
    private double[] averageRepeatValue;

    public RepeatHistories(int expected) {
        int capacity = Math.max(expected, INITIAL_CAPACITY);
        repeats = new int[capacity];
        lastRepeatAt = new double[capacity];
        observedFor = new double[capacity];
        averageRepeatValue = new double[capacity];
    }

    /** Columns holding the given histories, in their order. */
    public static RepeatHistories of(Collection<RepeatHistory> histories) {
        RepeatHistories columns = new RepeatHistories(histories.size());
        histories.forEach(columns::add);
        return columns;
    }

    public void add(RepeatHistory history) {
        if (size == repeats.length) {
            int capacity = size + (size >> 1);
            repeats = Arrays.copyOf(repeats, capacity);
            lastRepeatAt = Arrays.copyOf(lastRepeatAt, capacity);
            observedFor = Arrays.copyOf(observedFor, capacity);
            averageRepeatValue = Arrays.copyOf(averageRepeatValue, capacity);
        }
        repeats[size] = history.repeats();
        lastRepeatAt[size] = history.lastRepeatAt();
        observedFor[size] = history.observedFor();
        averageRepeatValue[size] = history.averageRepeatValue();
        size++;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** x: purchases after the first. */
    public int repeats(int i) {
        return repeats[i];
    }

    /** t_x: weeks from the first purchase to the last. */
    public double lastRepeatAt(int i) {
        return lastRepeatAt[i];
    }

    /** T: weeks from the first purchase to the end of observation. */
    public double observedFor(int i) {
        return observedFor[i];
    }

    /** The mean value of the repeat purchases, 0 without repeats. */
    public double averageRepeatValue(int i) {
        return averageRepeatValue[i];
    }

    /** One customer's history as a record, for the per-customer predictions. */
    public RepeatHistory get(int i) {
        return new RepeatHistory(repeats[i], lastRepeatAt[i], observedFor[i], averageRepeatValue[i]);
    }

    IntStream repeatsStream() {
        return Arrays.stream(repeats, 0, size);
    }

    DoubleStream observedForStream() {
        return Arrays.stream(observedFor, 0, size);
    }
}
