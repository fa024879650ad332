package org.customerhub.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.customerhub.store.StoreRows.IdentityValue;

/**
 * The identity values (names, e-mails, phones, addresses) of the customers a load created, kept in memory while the
 * load has the store to itself, so that the candidate search reads only the keys of such customers from the store:
 * reading up to 50 candidates' values a person was most of the server's time in a load (a chunk's search 7.8 ms
 * with them, 2.3 ms without, at 200,000 customers). A customer is kept once the batch that created it commits and
 * forgotten as soon as any statement changes its values; nothing but the load writes meanwhile (on H2 it holds the
 * file, on PostgreSQL the hub-wide writers' key), so what is kept is what the store holds. At most capacity customers
 * are kept; past it the store answers for the others.
 */
public final class KeptIdentityValues {
    /** Between a value's attribute and JSON and between values: JSON escapes it, so no value's text holds it. */
    private static final char SEPARATOR = '\0';

    /** Each customer's values in one string, as the search orders them: a string is far smaller than objects per value. */
    private final Map<String, String> byCustomer = new ConcurrentHashMap<>();
    private final int capacity;
    private final LongAdder answered = new LongAdder();
    private final LongAdder fromStore = new LongAdder();

    KeptIdentityValues(int capacity) {
        this.capacity = capacity;
    }

    /** A kept customer's values in the search's order (by attribute, time and id); null for one not kept. */
    List<IdentityValue> of(String hubId) {
        String joined = byCustomer.get(hubId);
        if (joined == null) {
            return null;
        }
        List<IdentityValue> values = new ArrayList<>(2);
        int from = 0;
        while (from < joined.length()) {
            int between = joined.indexOf(SEPARATOR, from);
            int end = joined.indexOf(SEPARATOR, between + 1);
            end = end < 0 ? joined.length() : end;
            values.add(new IdentityValue(attribute(joined, from, between), joined.substring(between + 1, end)));
            from = end + 1;
        }
        return values;
    }

    /** The committed values of customers a batch created; those past capacity are left to the store. */
    void keep(Map<String, List<IdentityValue>> committed) {
        committed.forEach((hubId, values) -> {
            if (byCustomer.size() < capacity) {
                byCustomer.put(hubId, join(values));
            }
        });
    }

    /** A customer whose values a statement changes: from now on the store answers for it. */
    void forget(String hubId) {
        byCustomer.remove(hubId);
    }

    /** How many candidates of a search came from here and how many from the store, each counted where it appeared. */
    void counted(int kept, int read) {
        answered.add(kept);
        fromStore.add(read);
    }

    /** Candidates whose values came from here. */
    public long answered() {
        return answered.sum();
    }

    /** Candidates whose values the store was asked for. */
    public long fromStore() {
        return fromStore.sum();
    }

    int size() {
        return byCustomer.size();
    }

    private static String join(List<IdentityValue> values) {
        StringBuilder joined = new StringBuilder();
        for (IdentityValue value : values) {
            if (!joined.isEmpty()) {
                joined.append(SEPARATOR);
            }
            joined.append(value.attribute()).append(SEPARATOR).append(value.valueJson());
        }
        return joined.toString();
    }

    /**
     * The attribute named between from and to, as the constant string rather than a new copy for every customer: a
     * switch on a copy computed its hash each time, a tenth of the resolvers' time.
     */
    private static String attribute(String joined, int from, int to) {
        for (String attribute : StoreRows.IDENTITY_ATTRIBUTES) {
            if (attribute.length() == to - from && joined.startsWith(attribute, from)) {
                return attribute;
            }
        }
        return joined.substring(from, to);
    }
}
