package org.customerhub.identity;

import java.util.ArrayList;
import java.util.List;

/** Test data: a person's evidence as a channel would send it. */
final class PersonBuilder {

    private final List<NameEvidence> names = new ArrayList<>();
    private final List<String> emails = new ArrayList<>();
    private final List<String> phones = new ArrayList<>();
    private final List<AddressEvidence> addresses = new ArrayList<>();

    private PersonBuilder() {
    }

    static PersonBuilder person(String given, String family) {
        return new PersonBuilder().alsoNamed(given, family);
    }

    static PersonBuilder nameless() {
        return new PersonBuilder();
    }

    PersonBuilder alsoNamed(String given, String family) {
        names.add(new NameEvidence(given, null, family));
        return this;
    }

    PersonBuilder phone(String phone) {
        phones.add(phone);
        return this;
    }

    PersonBuilder email(String email) {
        emails.add(email);
        return this;
    }

    PersonBuilder address(String line1, String postalCode) {
        return address(line1, null, postalCode);
    }

    PersonBuilder address(String line1, String line2, String postalCode) {
        addresses.add(new AddressEvidence(line1, line2, null, null, postalCode, "US"));
        return this;
    }

    /** An address with its locality, in any country. */
    PersonBuilder address(String line1, String line2, String city, String postalCode, String country) {
        addresses.add(new AddressEvidence(line1, line2, city, null, postalCode, country));
        return this;
    }

    PersonEvidence build() {
        return new PersonEvidence(names, emails, phones, addresses);
    }
}
