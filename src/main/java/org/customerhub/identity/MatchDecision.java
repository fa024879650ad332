package org.customerhub.identity;

/** Outcome of a scored match: merge, send to clerical review, or keep apart. */
public enum MatchDecision { MATCH, POSSIBLE, NO_MATCH }
