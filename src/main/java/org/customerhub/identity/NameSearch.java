package org.customerhub.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.customerhub.canonical.PersonName;
import org.customerhub.store.AttributeCodec;
import org.customerhub.store.CustomerStore;

/**
 * Finds customers by name the way identity resolution compares names: family names folded (accents, case,
 * punctuation), given names through the nickname table, so "Bill O'Neil" finds William Oneil. Candidates come from
 * the name blocking keys, an index, never a scan of every customer.
 */
public final class NameSearch {
    private final CustomerStore store;
    private final Supplier<EvidenceNormalizer> normalizer;
    private final AttributeCodec codec = new AttributeCodec();

    public NameSearch(CustomerStore store, Supplier<EvidenceNormalizer> normalizer) {
        this.store = store;
        this.normalizer = normalizer;
    }

    /**
     * Customers with this name: "Given Family", "Family, Given" or a family name alone; at most limit of them, and
     * among the first candidates only when a family name alone is very common.
     */
    public List<String> find(String text, int limit) {
        String given = null;
        String family;
        String trimmed = text.trim();
        if (trimmed.contains(",")) {
            family = trimmed.substring(0, trimmed.indexOf(',')).trim();
            given = trimmed.substring(trimmed.indexOf(',') + 1).trim();
        } else if (trimmed.contains(" ")) {
            given = trimmed.substring(0, trimmed.indexOf(' ')).trim();
            family = trimmed.substring(trimmed.lastIndexOf(' ') + 1).trim();
        } else {
            family = trimmed;
        }
        EvidenceNormalizer names = normalizer.get();
        String familyKey = names.familyKey(family);
        if (familyKey.isEmpty()) {
            return List.of();
        }
        String givenKey = given == null || given.isEmpty() ? null : names.givenKey(given);
        String prefix = new BlockingKeys(names).nameKeyPrefix(family) + (givenKey == null ? "" : givenKey);
        List<String> candidates = store.findByBlockingKeyPrefix(prefix, limit * 4);
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, List<String>> customer : store.values(candidates, "name").entrySet()) {
            boolean named = customer.getValue().stream().map(json -> codec.fromJson(json, PersonName.class))
                    .anyMatch(name -> familyKey.equals(names.familyKey(name.getFamily()))
                            && (givenKey == null || givenKey.equals(names.givenKey(name.getGiven()))));
            if (named && found.size() < limit) {
                found.add(customer.getKey());
            }
        }
        return found;
    }
}
