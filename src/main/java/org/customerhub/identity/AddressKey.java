package org.customerhub.identity;

import java.util.Objects;

/** Normalised postal address; {@code unit} is empty when the address names none. */
public record AddressKey(String houseNumber, String street, String unit, String postcode) {

    public AddressKey {
        Objects.requireNonNull(houseNumber, "houseNumber");
        Objects.requireNonNull(street, "street");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(postcode, "postcode");
    }

    /** The unit is left out so that an address typed without its apartment or suite still lands in the same block. */
    public String blockingKey() {
        return "addr:" + houseNumber + "|" + street + "|" + postcode;
    }

    /** Same building: house number, street and ZIP agree, whatever the unit. */
    public boolean sameBuilding(AddressKey other) {
        return houseNumber.equals(other.houseNumber) && street.equals(other.street) && postcode.equals(other.postcode);
    }
}
