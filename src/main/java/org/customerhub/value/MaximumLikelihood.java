package org.customerhub.value;

import java.util.function.ToDoubleFunction;

import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.hipparchus.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Maximises a log-likelihood over strictly positive parameters with Hipparchus' Nelder-Mead simplex, searching their
 * logarithms so no step leaves the domain. The simplex restarts from its own answer until the log-likelihood stops
 * improving, as one simplex can stall on the long ridges these likelihoods have.
 */
final class MaximumLikelihood {
    private static final int MAX_EVALUATIONS = 20_000;
    private static final int MAX_RESTARTS = 8;
    /** Parameters stay within e^-20 .. e^20: a small or degenerate base cannot send the search off to infinity. */
    private static final double MAX_LOG = 20;

    private MaximumLikelihood() {
    }

    /** The positive parameters maximising logLikelihood, with the maximum. */
    static Estimate maximise(ToDoubleFunction<double[]> logLikelihood, double[] start) {
        double[] point = new double[start.length];
        for (int i = 0; i < start.length; i++) {
            point[i] = Math.log(start[i]);
        }
        ObjectiveFunction objective = new ObjectiveFunction(logPoint -> {
            for (double logValue : logPoint) {
                if (Math.abs(logValue) > MAX_LOG) {
                    return Double.NEGATIVE_INFINITY;
                }
            }
            double value = logLikelihood.applyAsDouble(exp(logPoint));
            return Double.isFinite(value) ? value : Double.NEGATIVE_INFINITY;
        });
        double best = Double.NEGATIVE_INFINITY;
        for (int restart = 0; restart < MAX_RESTARTS; restart++) {
            PointValuePair optimum = new SimplexOptimizer(1e-12, 1e-10).optimize(new MaxEval(MAX_EVALUATIONS), objective,
                    GoalType.MAXIMIZE, new InitialGuess(point), new NelderMeadSimplex(start.length, 0.5));
            boolean improved = optimum.getValue() > best + 1e-9;
            point = optimum.getPoint();
            best = Math.max(best, optimum.getValue());
            if (!improved) {
                break;
            }
        }
        return new Estimate(exp(point), best);
    }

    private static double[] exp(double[] logs) {
        double[] values = new double[logs.length];
        for (int i = 0; i < logs.length; i++) {
            values[i] = Math.exp(logs[i]);
        }
        return values;
    }

    record Estimate(double[] parameters, double logLikelihood) {
    }
}
