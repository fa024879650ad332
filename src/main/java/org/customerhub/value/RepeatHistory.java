package org.customerhub.value;

/**
 * One customer's purchase history as the models read it: {@code repeats} purchases after the first, the last of them
 * {@code lastRepeatAt} weeks after the first purchase, {@code observedFor} weeks from the first purchase to the end of
 * observation, and {@code averageRepeatValue} the mean value of the repeat purchases (0 without repeats).
 */
public record RepeatHistory(int repeats, double lastRepeatAt, double observedFor, double averageRepeatValue) {
    public RepeatHistory {
        if (repeats < 0 || lastRepeatAt < 0 || observedFor < lastRepeatAt || repeats == 0 && lastRepeatAt != 0) {
            throw new IllegalArgumentException("inconsistent history: x=" + repeats + " t_x=" + lastRepeatAt + " T=" + observedFor);
        }
    }
}
