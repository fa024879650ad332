package org.customerhub.bench;

import java.util.List;
import java.util.Locale;

/**
 * A made-up person of the bench, with an identity in every channel derived from their number, so that the traffic
 * generator and the seeder agree on who someone is and channel keys never collide: traffic people and seeded people
 * draw their keys from disjoint number ranges (see {@link #keyBase}).
 */
record Person(int number, String given, String middleInitial, String family, int house, String street, String streetType,
              String city, String region, String zip5, String zip4, String phone10, int keyBase) {

    static final List<String> STREET_TYPES = List.of("ST", "AVE", "RD", "LN", "DR", "CT", "PL", "WAY");
    static final List<String> STREET_TYPE_WORDS = List.of("Street", "Avenue", "Road", "Lane", "Drive", "Court", "Place", "Way");

    /** The catalogue's account number: 7 digits. */
    String catalogueAccount() {
        return String.format("%07d", keyBase + number);
    }

    /** The web shop's user id: U and 8 digits. */
    String webUser() {
        return String.format("U%08d", 30_000_000 + keyBase + number);
    }

    /** The retail loyalty card (also the web's loyaltyCard): 10 digits. */
    String card() {
        return String.format("71%08d", keyBase + number);
    }

    String directSalesAccount() {
        return String.format("DS-%06d", number % 1_000_000);
    }

    String directSalesContact() {
        return String.format("CT-%06d", number % 1_000_000);
    }

    String email() {
        // the number keeps it one person's: two people sharing a mailbox would be linked as one by the hub
        return (upper(given) + "." + upper(family)).toLowerCase(Locale.ROOT).replaceAll("[^a-z.]", "") + (keyBase + number)
                + "@example.net";
    }

    String workEmail() {
        return given.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "").charAt(0)
                + family.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "") + "@" + company().toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z]", "") + ".example.com";
    }

    String company() {
        return family + " " + List.of("Surveying", "Dental", "Design", "Plumbing", "Law Office", "Veterinary").get(number % 6);
    }

    /** Upper case ASCII, as the catalogue desk types it ("José" becomes "JOSE"). */
    static String upper(String text) {
        return java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toUpperCase(Locale.ROOT);
    }

    String catalogueName() {
        return upper(family) + ", " + upper(given) + (middleInitial.isEmpty() ? "" : " " + middleInitial);
    }

    /** "86 HARLOW ST", as the catalogue writes it. */
    String catalogueLine1() {
        return house + " " + upper(street) + " " + streetType;
    }

    /** "86 Harlow Street", as people type it on the web. */
    String spelledOutLine1() {
        return house + " " + street + " " + STREET_TYPE_WORDS.get(STREET_TYPES.indexOf(streetType));
    }

    String phoneDashed() {
        return phone10.substring(0, 3) + "-" + phone10.substring(3, 6) + "-" + phone10.substring(6);
    }

    String phoneBracketed() {
        return "(" + phone10.substring(0, 3) + ") " + phone10.substring(3, 6) + "-" + phone10.substring(6);
    }
}
