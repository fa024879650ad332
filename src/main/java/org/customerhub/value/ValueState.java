package org.customerhub.value;

import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.util.Optional;

/**
 * The value settings in force: the rules of config/value.properties (replaced live when the file changes), the fit
 * in use (replaced when a fit completes), the window of the live figures, the lifetime value's horizon and discount
 * rate, and the clock figures are worked out against (a test's own).
 */
public final class ValueState {
    private final Period window;
    private final int horizonMonths;
    private final double discountRate;
    private final Clock clock;
    private volatile ValueRules rules;
    private volatile ValueModel model;

    public ValueState(ValueRules rules, Period window, int horizonMonths, double discountRate, Clock clock) {
        this.rules = rules;
        this.window = window;
        this.horizonMonths = horizonMonths;
        this.discountRate = discountRate;
        this.clock = clock;
    }

    public ValueRules rules() {
        return rules;
    }

    public void useRules(ValueRules newRules) {
        this.rules = newRules;
    }

    public Optional<ValueModel> model() {
        return Optional.ofNullable(model);
    }

    public void useModel(ValueModel newModel) {
        this.model = newModel;
    }

    public Period window() {
        return window;
    }

    public int horizonMonths() {
        return horizonMonths;
    }

    public double discountRate() {
        return discountRate;
    }

    public Clock clock() {
        return clock;
    }

    /** What the model in use and the rules say of a customer now. */
    public Assessment assess(Standing standing, Instant now) {
        return assess(standing, model(), now);
    }

    /** What a given fit and the rules say of a customer. */
    public Assessment assess(Standing standing, Optional<ValueModel> fit, Instant now) {
        Optional<ValueModel.Prediction> prediction = fit.flatMap(m -> m.predict(standing, now, horizonMonths, discountRate));
        String rfm = fit.map(m -> m.rfm(standing, now)).orElse(null);
        return new Assessment(prediction, rfm, Tiering.of(standing, prediction, fit, rules));
    }

    public record Assessment(Optional<ValueModel.Prediction> prediction, String rfm, Tiering.Tier tier) {
    }
}
