package org.customerhub.identity;

/** One name of a person as a channel sent it (already split into given, middle and family parts). */
public record NameEvidence(String given, String middle, String family) {
}
