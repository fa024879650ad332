package org.customerhub.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** Reduces raw channel values to comparable keys: folded names, nickname keys, 10-digit phones, e-mail and address keys. */
public final class EvidenceNormalizer {

    private static final int NORTH_AMERICA_COUNTRY_CODE = 1;
    private static final int NORTH_AMERICA_NUMBER_LENGTH = 10;
    private static final int PHONES_REMEMBERED = 50_000;

    private final Nicknames nicknames;
    private final String defaultPhoneRegion;
    private final PhoneNumberUtil phoneNumbers = PhoneNumberUtil.getInstance();
    /** Parsing a phone is costly and one message compares the same phones with every candidate. */
    private final Cache<String, Optional<String>> phone10s = Caffeine.newBuilder().maximumSize(PHONES_REMEMBERED).build();

    public EvidenceNormalizer(Nicknames nicknames, String defaultPhoneRegion) {
        this.nicknames = Objects.requireNonNull(nicknames, "nicknames");
        this.defaultPhoneRegion = Objects.requireNonNull(defaultPhoneRegion, "defaultPhoneRegion").toUpperCase(Locale.ROOT);
        if (!phoneNumbers.getSupportedRegions().contains(this.defaultPhoneRegion)) {
            throw new IllegalArgumentException("unknown phone region: " + defaultPhoneRegion);
        }
    }

    /** Case- and accent-folded words separated by single spaces; apostrophes vanish, hyphens separate words; null or blank gives "". */
    public String foldName(String raw) {
        return folded(raw);
    }

    static String folded(String raw) {
        return String.join(" ", TextFolding.words(TextFolding.fold(raw)));
    }

    /**
     * The folded given name without trailing initials, because a channel may leave the middle initial in the
     * given field ("JANE M"); a leading initial is kept, it may be all that is known ("J").
     */
    public String foldGivenName(String rawGiven) {
        return foldedGivenName(rawGiven);
    }

    static String foldedGivenName(String rawGiven) {
        List<String> words = new ArrayList<>(TextFolding.words(TextFolding.fold(rawGiven)));
        while (words.size() > 1 && words.get(words.size() - 1).length() == 1) {
            words.remove(words.size() - 1);
        }
        return String.join(" ", words);
    }

    /** Folded given name mapped to its nickname class, so Bob, Rob and Robert share one key. */
    public String givenKey(String rawGiven) {
        return nicknames.canonical(foldGivenName(rawGiven));
    }

    /** As givenKey, of a name's given name folded already (see NameEvidence). */
    String givenKey(NameEvidence name) {
        return nicknames.canonical(name.foldedGiven());
    }

    public boolean isKnownGivenName(String foldedGivenName) {
        return nicknames.isKnown(foldedGivenName);
    }

    /** Folded surname with the spaces removed, so that "Mc Donald" and "McDonald", "Brandt-Müller" and "BRANDTMULLER" agree. */
    public String familyKey(String rawFamily) {
        return foldName(rawFamily).replace(" ", "");
    }

    /** National number of a 10-digit North American phone; punctuation, +1/1 prefix and extensions dropped. */
    public Optional<String> phone10(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        return phone10s.get(raw, this::parsePhone10);
    }

    private Optional<String> parsePhone10(String raw) {
        PhoneNumber number;
        try {
            number = phoneNumbers.parse(raw, defaultPhoneRegion);
        } catch (NumberParseException notAPhoneNumber) {
            return Optional.empty();
        }
        String national = phoneNumbers.getNationalSignificantNumber(number);
        boolean northAmerican = number.getCountryCode() == NORTH_AMERICA_COUNTRY_CODE
                && national.length() == NORTH_AMERICA_NUMBER_LENGTH;
        return northAmerican ? Optional.of(national) : Optional.empty();
    }

    public String emailKey(String raw) {
        return raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
    }

    /** Empty when no house number, street or five-digit ZIP can be found. */
    public Optional<AddressKey> addressKey(AddressEvidence address) {
        return StreetAddressParser.keyOf(address);
    }
}
