package org.customerhub.identity;

/** One postal address of a person, exactly as a channel sent it. */
public record AddressEvidence(String line1, String line2, String city, String region, String postalCode, String country) {
}
