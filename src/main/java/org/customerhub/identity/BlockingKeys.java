package org.customerhub.identity;

import org.apache.commons.codec.language.Soundex;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keys under which a person is indexed, so that candidates are found without scanning every customer.
 * <ul>
 * <li>{@code phone:<10 digits>} and the address blocking key find anyone sharing a phone or a building,
 * whatever their name.</li>
 * <li>{@code name:<Soundex of surname>|<given key>} finds surname typos: Soundex ignores vowels and keeps
 * the first letter, so oneil/onell, kowalski/kowalsky and even raman/rmaan share a code.</li>
 * <li>{@code given:<given key>|<postcode>} covers what Soundex cannot: a slip in the surname's first letter
 * (Raman/Aramn, Oneil/Pneil) changes the Soundex code. Phone and exact address already block on their own,
 * so the remaining gap is a misspelt surname with only a near-identical address, which shares the postcode
 * (taken from any address with one, even without a house number). Given key plus postcode is small enough a
 * block in a retail customer base.</li>
 * <li>{@code family:<Soundex of surname>|<postcode>} covers a misspelt given name with a near-identical address;
 * the given name is keyed so too, for the two name fields typed into each other.</li>
 * <li>A postcode typed with a slip breaks every key above that holds it, so an address with a locality (city or
 * suburb) is also keyed without it: {@code place:<house number>|<street>|<locality>} finds the same building,
 * {@code given-house:<given key>|<house number>|<locality>} and {@code family-house:<Soundex of surname>|<house
 * number>|<locality>} a name typed with a slip at the same house number when the street was mistyped too. A house
 * number and locality keep these blocks as small as a building.</li>
 * <li>When the postcode and the locality slip together with a third field (the house number, the surname, the name
 * fields swapped), every key above misses: {@code given-street:<given key>|<street>|<locality's first letter>} still
 * finds the same given name on the same street of a town with the same initial, for each name field (so a swap is
 * found too). The street and the initial keep the block to a few namesakes on a street across the country.</li>
 * </ul>
 * E-mails are no blocking keys: the store links them deterministically.
 */
public final class BlockingKeys {

    private static final Pattern NOT_SOUNDEX_LETTER = Pattern.compile("[^a-z]");

    private final EvidenceNormalizer normalizer;
    private final Soundex soundex = new Soundex();

    public BlockingKeys(EvidenceNormalizer normalizer) {
        this.normalizer = Objects.requireNonNull(normalizer, "normalizer");
    }

    public Set<String> of(PersonEvidence person) {
        Set<String> keys = new LinkedHashSet<>();
        for (String phone : person.phones()) {
            normalizer.phone10(phone).ifPresent(digits -> keys.add("phone:" + digits));
        }
        Set<String> postcodes = new LinkedHashSet<>();
        Set<String> houses = new LinkedHashSet<>();
        Set<String> streets = new LinkedHashSet<>();
        for (AddressEvidence address : person.addresses()) {
            Optional<AddressKey> key = normalizer.addressKey(address);
            Optional<AddressParts> parts = StreetAddressParser.partsOf(address);
            key.ifPresent(building -> keys.add(building.blockingKey()));
            parts.ifPresent(found -> postcodes.add(found.postcode()));
            Optional<String> locality = parts.map(AddressParts::locality).filter(name -> !name.isEmpty());
            parts.filter(found -> !found.street().isEmpty()).ifPresent(found -> locality.ifPresent(place ->
                    streets.add(found.street() + "|" + place.charAt(0))));
            if (key.isPresent() && locality.isPresent()) {
                keys.add("place:" + key.get().houseNumber() + "|" + key.get().street() + "|" + locality.get());
                houses.add(key.get().houseNumber() + "|" + locality.get());
            }
        }
        for (NameEvidence name : person.names()) {
            String surnameCode = surnameCode(normalizer.familyKey(name.family()));
            for (String code : List.of(surnameCode, surnameCode(normalizer.familyKey(normalizer.foldGivenName(name.given()))))) {
                if (!code.isEmpty()) {
                    postcodes.forEach(postcode -> keys.add("family:" + code + "|" + postcode));
                }
            }
            if (!surnameCode.isEmpty()) {
                houses.forEach(house -> keys.add("family-house:" + surnameCode + "|" + house));
            }
            for (String field : new String[] {name.given(), name.family()}) {
                String key = normalizer.givenKey(field);
                if (!key.isEmpty()) {
                    streets.forEach(street -> keys.add("given-street:" + key + "|" + street));
                }
            }
            String given = normalizer.givenKey(name.given());
            if (given.isEmpty()) {
                continue;
            }
            houses.forEach(house -> keys.add("given-house:" + given + "|" + house));
            if (!surnameCode.isEmpty()) {
                keys.add("name:" + surnameCode + "|" + given);
            }
            postcodes.forEach(postcode -> keys.add("given:" + given + "|" + postcode));
        }
        return Collections.unmodifiableSet(keys);
    }

    /** The start of every name key of people with this family name, whatever their given name. */
    public String nameKeyPrefix(String family) {
        return "name:" + surnameCode(normalizer.familyKey(family)) + "|";
    }

    /** Soundex codes only the letters a-z; a surname in another script keys on its folded form instead. */
    private String surnameCode(String familyKey) {
        String letters = NOT_SOUNDEX_LETTER.matcher(familyKey).replaceAll("");
        return letters.isEmpty() ? familyKey : soundex.encode(letters);
    }
}
