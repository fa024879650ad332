package org.customerhub.identity;

/**
 * An address taken apart for a tolerant comparison, each part folded and run together without spaces: the house
 * number (empty when the first line starts with none), the street of the first line without it, the second line
 * (a unit, building or locality, sometimes the street itself), the locality (city or suburb) and the postal code.
 */
record AddressParts(String houseNumber, String street, String otherLine, String locality, String postcode) {
}
