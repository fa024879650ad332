package org.customerhub.bench;

import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Who the bench's people are: person number n always gives the same name, address and phone. Family names are a mix
 * of common US surnames (so that name blocks hold many people, as real ones do) and made-up ones; given names are
 * common ones, several with nicknames the hub's nickname table knows; ZIP codes and phones spread widely.
 */
final class People {
    /** Key ranges: traffic people take keys from 0, seeded people from here on (7-digit catalogue accounts). */
    static final int SEEDED_KEY_BASE = 2_000_000;
    static final int TRAFFIC_KEY_BASE = 100_000;

    private static final List<String> COMMON_FAMILIES = List.of("Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia",
            "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas",
            "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark",
            "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill",
            "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
            "O'Neil", "McDonald", "Lindqvist", "Okafor", "Brennan", "Ibarra", "Farrow", "Kowalski", "Esposito", "Nakamura");
    private static final List<String> SYLLABLES = List.of("ba", "ke", "li", "mo", "nu", "ra", "se", "to", "vi", "da", "go",
            "hu", "pe", "za", "fi", "we", "lan", "dor", "mer", "tis");
    private static final List<String> GIVENS = List.of("Robert", "William", "Thomas", "James", "Michael", "Richard",
            "Elizabeth", "Margaret", "Patricia", "Jennifer", "Katherine", "Susan", "David", "Daniel", "Joseph", "Nora",
            "Aisha", "Kenji", "Elena", "Omar", "Grace", "Ivan", "Sofia", "Carlos", "Hanna", "Victor", "Leila", "Samuel",
            "Ingrid", "Tomás", "José", "Chidi", "Wendell", "Gina", "Priya", "Mei", "Lucas", "Fatima", "Olga", "Ahmed");
    /** Nicknames the hub's config/identity/nicknames.csv maps back to the given name. */
    static final Map<String, String> NICKNAMES = Map.ofEntries(Map.entry("Robert", "Bob"), Map.entry("William", "Bill"),
            Map.entry("Thomas", "Tom"), Map.entry("James", "Jim"), Map.entry("Michael", "Mike"), Map.entry("Richard", "Rick"),
            Map.entry("Elizabeth", "Liz"), Map.entry("Margaret", "Peggy"), Map.entry("Patricia", "Patty"),
            Map.entry("Jennifer", "Jenny"), Map.entry("Katherine", "Kate"), Map.entry("Susan", "Sue"),
            Map.entry("David", "Dave"), Map.entry("Daniel", "Dan"), Map.entry("Joseph", "Joe"), Map.entry("Samuel", "Sam"),
            Map.entry("Victor", "Vic"));
    private static final List<String> STREETS = List.of("Harlow", "Main", "Elm", "Maple", "Oak", "Pleasant", "Highland",
            "Park", "Chestnut", "Lincoln", "Washington", "Farmington", "Kedzie", "Lowell", "Summer", "Winter", "Church",
            "Prospect", "Water", "Spring", "Union", "Center", "Walnut", "Cedar", "Franklin", "Grove", "Hillside", "Mill");
    private static final List<String[]> PLACES = List.of(new String[] {"Worcester", "MA", "016"},
            new String[] {"Boston", "MA", "021"}, new String[] {"Concord", "NH", "033"},
            new String[] {"West Hartford", "CT", "061"}, new String[] {"Providence", "RI", "029"},
            new String[] {"Chicago", "IL", "606"}, new String[] {"Somerville", "MA", "021"},
            new String[] {"Albany", "NY", "122"}, new String[] {"Burlington", "VT", "054"},
            new String[] {"Portland", "ME", "041"});
    private static final List<String> AREA_CODES = List.of("508", "617", "603", "860", "401", "773", "781", "518", "802",
            "207", "978", "413");

    private People() {
    }

    /** Person n of the range starting at keyBase; the same n and keyBase always give the same person. */
    static Person person(int n, int keyBase) {
        Random random = new Random(31L * n + keyBase);
        String family = random.nextInt(10) < 4 ? COMMON_FAMILIES.get(random.nextInt(COMMON_FAMILIES.size())) : madeUpFamily(random);
        String given = GIVENS.get(random.nextInt(GIVENS.size()));
        String middle = random.nextInt(3) == 0 ? String.valueOf((char) ('A' + random.nextInt(26))) : "";
        String[] place = PLACES.get(random.nextInt(PLACES.size()));
        String zip5 = place[2] + String.format("%02d", random.nextInt(100));
        String zip4 = String.format("%04d", random.nextInt(10_000));
        int streetType = random.nextInt(Person.STREET_TYPES.size());
        // a distinct 7-digit local number per person: a bijection of n, so that a phone is one person's alone
        long local = 2_000_000 + (n * 7_919L + keyBase) % 8_000_000;
        String phone = AREA_CODES.get(random.nextInt(AREA_CODES.size())) + local;
        return new Person(n, given, middle, family, 1 + random.nextInt(9_998), STREETS.get(random.nextInt(STREETS.size())),
                Person.STREET_TYPES.get(streetType), place[0], place[1], zip5, zip4, phone, keyBase);
    }

    private static String madeUpFamily(Random random) {
        StringBuilder name = new StringBuilder();
        int syllables = 2 + random.nextInt(2);
        for (int i = 0; i < syllables; i++) {
            name.append(SYLLABLES.get(random.nextInt(SYLLABLES.size())));
        }
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /** The given name as someone may give it: now and then the nickname. */
    static String spokenGiven(Person person, Random random) {
        String nickname = NICKNAMES.get(person.given());
        return nickname != null && random.nextInt(3) == 0 ? nickname : person.given();
    }

    /** The family name with, now and then, two letters swapped, as a cashier may type it. */
    static String typedFamily(Person person, Random random) {
        String family = person.family();
        if (random.nextInt(10) != 0 || family.length() < 5 || !family.chars().allMatch(Character::isLetter)) {
            return family;
        }
        int at = 1 + random.nextInt(family.length() - 3);
        return family.substring(0, at) + family.charAt(at + 1) + family.charAt(at) + family.substring(at + 2);
    }
}
