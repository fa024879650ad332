package org.customerhub.value;

/** A model's maximum-likelihood parameters, the log-likelihood they reach and how many customers they were fitted on. */
public record Fit<M>(M model, double logLikelihood, int customers) {
}
