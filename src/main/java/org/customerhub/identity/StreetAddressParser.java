package org.customerhub.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns free-typed US address lines into an {@link AddressKey}. Street words are normalised one by one
 * (STREET and ST both become "st", NORTH and N both "n"), which keeps the mapping consistent even for
 * ambiguous words such as "St" (Street or Saint). The country is ignored: the key needs a five-digit
 * postal code, and the street and house number keep foreign codes that happen to have five digits apart.
 */
final class StreetAddressParser {

    private static final Pattern HOUSE_NUMBER = Pattern.compile("\\d+[a-z]?");
    private static final Pattern NON_DIGITS = Pattern.compile("\\D+");
    private static final String NUMBER_SIGN = "#";

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

    static Optional<AddressKey> keyOf(AddressEvidence address) {
        if (address == null) {
            return Optional.empty();
        }
        String zip5 = zip5(address.postalCode());
        if (zip5.isEmpty()) {
            return Optional.empty();
        }
        List<String> line1 = words(address.line1());
        List<String> line2 = words(address.line2());
        Optional<StreetLine> onLine1 = parseStreetLine(line1);
        // Some channels put a company or "c/o" line first and the street on the second line.
        Optional<StreetLine> streetLine = onLine1.isPresent() ? onLine1 : parseStreetLine(line2);
        List<String> otherLine = onLine1.isPresent() ? line2 : line1;
        return streetLine.map(parsed -> new AddressKey(parsed.houseNumber(), parsed.street(),
                parsed.unit().isEmpty() ? leadingUnit(otherLine) : parsed.unit(), zip5));
    }

    /** First five digits, so ZIP+4 with or without hyphen keys like the plain ZIP; empty when fewer than five. */
    static String zip5(String postalCode) {
        String digits = postalCode == null ? "" : NON_DIGITS.matcher(postalCode).replaceAll("");
        return digits.length() >= 5 ? digits.substring(0, 5) : "";
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
