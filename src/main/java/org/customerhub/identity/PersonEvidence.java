package org.customerhub.identity;

import java.util.List;

/** Everything known about one person (a customer may have several names: married names, spellings). Lists never null. */
public record PersonEvidence(List<NameEvidence> names, List<String> emails, List<String> phones, List<AddressEvidence> addresses) {

    public PersonEvidence {
        names = names == null ? List.of() : List.copyOf(names);
        emails = emails == null ? List.of() : List.copyOf(emails);
        phones = phones == null ? List.of() : List.copyOf(phones);
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
    }
}
