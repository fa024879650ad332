package org.customerhub.identity;

import java.util.Objects;
import java.util.Optional;

/**
 * One postal address of a person, exactly as a channel sent it. What {@link StreetAddressParser} reads from it is
 * worked out once and kept: scoring compares the person's addresses with those of every candidate, and each
 * comparison asked for the same parse several times (two thirds of a load's address comparisons went to parsing).
 * The parses are pure and immutable, so two threads that race to work one out keep equal answers.
 */
public final class AddressEvidence {
    private final String line1;
    private final String line2;
    private final String city;
    private final String region;
    private final String postalCode;
    private final String country;
    private Optional<AddressKey> key;
    private Optional<AddressParts> parts;
    private Optional<StreetAddressParser.Place> place;

    public AddressEvidence(String line1, String line2, String city, String region, String postalCode, String country) {
        this.line1 = line1;
        this.line2 = line2;
        this.city = city;
        this.region = region;
        this.postalCode = postalCode;
        this.country = country;
    }

    public String line1() {
        return line1;
    }

    public String line2() {
        return line2;
    }

    public String city() {
        return city;
    }

    public String region() {
        return region;
    }

    public String postalCode() {
        return postalCode;
    }

    public String country() {
        return country;
    }

    Optional<AddressKey> key() {
        Optional<AddressKey> parsed = key;
        if (parsed == null) {
            parsed = StreetAddressParser.parseKey(this);
            key = parsed;
        }
        return parsed;
    }

    Optional<AddressParts> parts() {
        Optional<AddressParts> parsed = parts;
        if (parsed == null) {
            parsed = StreetAddressParser.parseParts(this);
            parts = parsed;
        }
        return parsed;
    }

    Optional<StreetAddressParser.Place> place() {
        Optional<StreetAddressParser.Place> parsed = place;
        if (parsed == null) {
            parsed = StreetAddressParser.parsePlace(this);
            place = parsed;
        }
        return parsed;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AddressEvidence that && Objects.equals(line1, that.line1) && Objects.equals(line2, that.line2)
                && Objects.equals(city, that.city) && Objects.equals(region, that.region)
                && Objects.equals(postalCode, that.postalCode) && Objects.equals(country, that.country);
    }

    @Override
    public int hashCode() {
        return Objects.hash(line1, line2, city, region, postalCode, country);
    }

    @Override
    public String toString() {
        return "AddressEvidence[line1=" + line1 + ", line2=" + line2 + ", city=" + city + ", region=" + region
                + ", postalCode=" + postalCode + ", country=" + country + "]";
    }
}
