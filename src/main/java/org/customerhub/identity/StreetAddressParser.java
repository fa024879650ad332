package org.customerhub.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns free-typed US address lines into an {@link AddressKey}. Street words are normalised one by one
 * (STREET and ST both become "st", NORTH and N both "n"), which keeps the mapping consistent even for
 * ambiguous words such as "St" (Street or Saint). The postal code is the first five digits (a ZIP, ZIP+4 or
 * another five-digit code), or all four digits in a country whose postcodes have four (Australia, New Zealand, much
 * of Europe); a four-digit code elsewhere is a truncated ZIP and gives no key.
 */
final class StreetAddressParser {

    private static final Pattern HOUSE_NUMBER = Pattern.compile("\\d+[a-z]?");
    private static final Pattern NON_DIGITS = Pattern.compile("\\D+");
    private static final String NUMBER_SIGN = "#";
    private static final int ZIP_DIGITS = 5;
    private static final int FOUR_DIGIT_POSTCODE = 4;
    /** ISO-2 countries whose postcodes are four digits. */
    private static final Set<String> FOUR_DIGIT_POSTCODE_COUNTRIES = Set.of(
            "AU", "NZ", "AT", "BE", "BG", "CH", "CY", "DK", "GE", "HU", "LI", "LU", "MK", "NO", "PH", "SI", "TN", "ZA");

    private static final Map<String, String> STREET_WORDS = Map.ofEntries(
            Map.entry("street", "st"), Map.entry("str", "st"), Map.entry("saint", "st"),
            Map.entry("road", "rd"),
            Map.entry("avenue", "ave"), Map.entry("av", "ave"), Map.entry("avn", "ave"),
            Map.entry("drive", "dr"), Map.entry("drv", "dr"),
            Map.entry("lane", "ln"),
            Map.entry("boulevard", "blvd"), Map.entry("blv", "blvd"),
            Map.entry("court", "ct"),
            Map.entry("place", "pl"),
            Map.entry("highway", "hwy"),
            Map.entry("parkway", "pkwy"), Map.entry("pky", "pkwy"),
            Map.entry("circle", "cir"),
            Map.entry("terrace", "ter"),
            Map.entry("square", "sq"),
            Map.entry("trail", "trl"),
            Map.entry("plaza", "plz"),
            Map.entry("turnpike", "tpke"),
            Map.entry("expressway", "expy"),
            Map.entry("route", "rte"),
            Map.entry("mount", "mt"),
            Map.entry("fort", "ft"),
            Map.entry("north", "n"), Map.entry("south", "s"), Map.entry("east", "e"), Map.entry("west", "w"),
            Map.entry("northeast", "ne"), Map.entry("northwest", "nw"),
            Map.entry("southeast", "se"), Map.entry("southwest", "sw"));

    /** The street types of STREET_WORDS spelt out, for comparing streets letter by letter. */
    private static final Map<String, String> SPELLED_OUT = Map.ofEntries(
            Map.entry("st", "street"), Map.entry("rd", "road"), Map.entry("ave", "avenue"), Map.entry("dr", "drive"),
            Map.entry("ln", "lane"), Map.entry("blvd", "boulevard"), Map.entry("ct", "court"), Map.entry("pl", "place"),
            Map.entry("hwy", "highway"), Map.entry("pkwy", "parkway"), Map.entry("cir", "circle"),
            Map.entry("ter", "terrace"), Map.entry("sq", "square"), Map.entry("trl", "trail"), Map.entry("plz", "plaza"),
            Map.entry("tpke", "turnpike"), Map.entry("expy", "expressway"), Map.entry("rte", "route"));

    private static final Map<String, String> UNIT_DESIGNATORS = Map.ofEntries(
            Map.entry("ste", "ste"), Map.entry("suite", "ste"),
            Map.entry("apt", "apt"), Map.entry("apartment", "apt"),
            Map.entry("unit", "unit"), Map.entry(NUMBER_SIGN, "unit"),
            Map.entry("fl", "fl"), Map.entry("floor", "fl"),
            Map.entry("rm", "rm"), Map.entry("room", "rm"));

    private record StreetLine(String houseNumber, String street, String unit) {
    }

    private StreetAddressParser() {
    }

    /** The address's key, worked out once for each address (see AddressEvidence). */
    static Optional<AddressKey> keyOf(AddressEvidence address) {
        return address == null ? Optional.empty() : address.key();
    }

    static Optional<AddressKey> parseKey(AddressEvidence address) {
        Optional<String> postcode = postcodeOf(address);
        if (postcode.isEmpty()) {
            return Optional.empty();
        }
        List<String> line1 = words(address.line1());
        List<String> line2 = words(address.line2());
        Optional<StreetLine> onLine1 = parseStreetLine(line1);
        // Some channels put a company or "c/o" line first and the street on the second line.
        Optional<StreetLine> streetLine = onLine1.isPresent() ? onLine1 : parseStreetLine(line2);
        List<String> otherLine = onLine1.isPresent() ? line2 : line1;
        return streetLine.map(parsed -> new AddressKey(parsed.houseNumber(), parsed.street(),
                parsed.unit().isEmpty() ? leadingUnit(otherLine) : parsed.unit(), postcode.get()));
    }

    private static Optional<String> postcodeOf(AddressEvidence address) {
        return Optional.ofNullable(address).map(a -> postcode(a.postalCode(), a.country())).filter(code -> !code.isEmpty());
    }

    /**
     * The parts of an address as typed, for comparing two addresses that may not be the same key: the house number
     * may be missing, and either line may be the street (forms where the locality or building went into line1).
     * Empty when there is no postal code, or the first line is a post office box.
     */
    static Optional<AddressParts> partsOf(AddressEvidence address) {
        return address == null ? Optional.empty() : address.parts();
    }

    static Optional<AddressParts> parseParts(AddressEvidence address) {
        Optional<String> postcode = postcodeOf(address);
        List<String> line1 = postcode.isEmpty() ? List.of() : words(address.line1());
        if (postcode.isEmpty() || isPostOfficeBox(line1)) {
            return Optional.empty();
        }
        String houseNumber = !line1.isEmpty() && HOUSE_NUMBER.matcher(line1.get(0)).matches() ? line1.get(0) : "";
        List<String> street1 = houseNumber.isEmpty() ? line1 : line1.subList(1, line1.size());
        return Optional.of(new AddressParts(houseNumber, compactStreet(street1), compactStreet(words(address.line2())),
                localityOf(address), postcode.get()));
    }

    /**
     * The postal code and locality of an address as {@link #partsOf} finds them, without reading its street lines;
     * empty when there is no postal code (partsOf is then empty too).
     */
    static Optional<Place> placeOf(AddressEvidence address) {
        return address == null ? Optional.empty() : address.place();
    }

    static Optional<Place> parsePlace(AddressEvidence address) {
        return postcodeOf(address).map(postcode -> new Place(postcode, localityOf(address)));
    }

    /** Where an address is: its postal code and its locality folded and run together (empty when it has none). */
    record Place(String postcode, String locality) {
    }

    private static String localityOf(AddressEvidence address) {
        return String.join("", words(TextFolding.fold(address.city())));
    }

    /** A box at the post office locates nobody's home. */
    private static boolean isPostOfficeBox(List<String> words) {
        return !words.isEmpty() && (words.get(0).equals("pobox") || words.size() > 1 && words.get(0).equals("po") && words.get(1).equals("box"));
    }

    /** Street words spelt out and run together, so that a space typed into or left out of a name does not count
     *  (PRIDHAMSTREET), and a slip in a street type stays one slip (Stret / St). */
    private static String compactStreet(List<String> words) {
        return String.join("", words.stream()
                .map(word -> STREET_WORDS.getOrDefault(word, word))
                .map(word -> SPELLED_OUT.getOrDefault(word, word))
                .toList());
    }

    /** See the class comment; empty when the code has too few digits for its country. */
    static String postcode(String postalCode, String country) {
        String digits = postalCode == null ? "" : NON_DIGITS.matcher(postalCode).replaceAll("");
        if (digits.length() >= ZIP_DIGITS) {
            return digits.substring(0, ZIP_DIGITS);
        }
        boolean fourDigitCountry = country != null && FOUR_DIGIT_POSTCODE_COUNTRIES.contains(country.strip().toUpperCase(Locale.ROOT));
        return fourDigitCountry && digits.length() == FOUR_DIGIT_POSTCODE ? digits : "";
    }

    private static List<String> words(String line) {
        String folded = TextFolding.fold(line).replace(NUMBER_SIGN, " " + NUMBER_SIGN + " ");
        List<String> words = new ArrayList<>();
        for (String part : folded.split(" ")) {
            if (part.equals(NUMBER_SIGN)) {
                words.add(part);
            } else {
                words.addAll(TextFolding.words(part));
            }
        }
        return words;
    }

    /** House number, street and an optional unit: "27 maple st", "1180 shelburne rd ste 4", "apt 3 27 maple st". */
    private static Optional<StreetLine> parseStreetLine(List<String> words) {
        int start = isDesignator(words, 0) ? unitEnd(words, 0) : 0;
        String unitBeforeHouse = unit(words.subList(0, start));
        if (start >= words.size() || !HOUSE_NUMBER.matcher(words.get(start)).matches()) {
            return Optional.empty();
        }
        int streetStart = start + 1;
        int streetEnd = streetStart;
        while (streetEnd < words.size() && !isDesignator(words, streetEnd)) {
            streetEnd++;
        }
        if (streetEnd == streetStart) {
            return Optional.empty();
        }
        List<String> street = words.subList(streetStart, streetEnd).stream()
                .map(word -> STREET_WORDS.getOrDefault(word, word))
                .toList();
        String unitAfterStreet = unit(words.subList(streetEnd, words.size()));
        return Optional.of(new StreetLine(words.get(start), String.join(" ", street),
                unitAfterStreet.isEmpty() ? unitBeforeHouse : unitAfterStreet));
    }

    private static String leadingUnit(List<String> words) {
        return isDesignator(words, 0) ? unit(words.subList(0, unitEnd(words, 0))) : "";
    }

    private static boolean isDesignator(List<String> words, int index) {
        return index < words.size() && UNIT_DESIGNATORS.containsKey(words.get(index));
    }

    /** A unit is its designator, any repeated designator ("apt #") and one value word. */
    private static int unitEnd(List<String> words, int designatorIndex) {
        int end = designatorIndex + 1;
        while (isDesignator(words, end)) {
            end++;
        }
        return Math.min(end + 1, words.size());
    }

    /** "ste 210", "apt 3r": the first designator, normalised, then the value words run together. */
    private static String unit(List<String> words) {
        if (words.isEmpty()) {
            return "";
        }
        String designator = UNIT_DESIGNATORS.get(words.get(0));
        String value = String.join("", words.stream().filter(word -> !UNIT_DESIGNATORS.containsKey(word)).toList());
        return value.isEmpty() ? designator : designator + " " + value;
    }
}
