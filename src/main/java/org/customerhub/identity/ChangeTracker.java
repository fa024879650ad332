package org.customerhub.identity;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import javax.xml.datatype.XMLGregorianCalendar;

import org.customerhub.canonical.Affiliation;
import org.customerhub.canonical.AttributeChange;
import org.customerhub.canonical.AttributeContent;
import org.customerhub.canonical.ChangeKind;
import org.customerhub.canonical.Channel;
import org.customerhub.canonical.Consent;
import org.customerhub.canonical.ContactSnapshot;
import org.customerhub.canonical.CustomerChanged;
import org.customerhub.canonical.Interaction;
import org.customerhub.canonical.PersonName;
import org.customerhub.canonical.PostalAddress;
import org.customerhub.canonical.Preference;
import org.customerhub.canonical.SourceKey;
import org.customerhub.canonical.TierChange;
import org.customerhub.store.AttributeCodec;
import org.customerhub.store.StoreRows.AttributeRow;
import org.customerhub.store.StoreRows.IdentifierRow;
import org.customerhub.store.StoreRows.Provenance;
import org.customerhub.store.StoreRows.StatedValue;
import org.customerhub.store.StoreTransaction;
import org.customerhub.store.TimeOrderedIds;

/**
 * Follows what one message does to the customers it touches and turns it into change events: the current values
 * before the first change to a customer are compared with those after the last one, so a value restated in
 * another spelling, or one overruled by a newer value, is no change. The values after are those read before the
 * first change with what the message wrote since (every value a message states goes through {@link #state}), not
 * read back; only a message that merges or splits customers, which moves values between them, reads them back.
 */
final class ChangeTracker {
    /** As StoreTransaction.attributesOf orders a customer's rows. */
    private static final Comparator<AttributeRow> STORE_ORDER = Comparator.comparing(AttributeRow::attribute)
            .thenComparing(row -> row.effectiveAt().toInstant()).thenComparingLong(AttributeRow::id);

    private final StoreTransaction tx;
    private final Survivorship survivorship;
    private final AttributeCodec codec;
    private final Map<String, Map<String, AttributeRow>> before = new LinkedHashMap<>();
    /** Each touched customer's value rows as they stand in the transaction: read once, then kept as written. */
    private final Map<String, List<AttributeRow>> rows = new LinkedHashMap<>();
    /** The identifiers given to each customer created by this message: all it holds. */
    private final Map<String, List<IdentifierRow>> createdIdentifiers = new LinkedHashMap<>();
    private final Set<String> created = new LinkedHashSet<>();
    private final Set<String> merged = new LinkedHashSet<>();
    private final Map<String, List<Interaction>> interactions = new LinkedHashMap<>();
    private final Map<String, TierChange> tiers = new LinkedHashMap<>();
    private final Map<String, List<String>> splits = new LinkedHashMap<>();

    ChangeTracker(StoreTransaction tx, Survivorship survivorship, AttributeCodec codec) {
        this.tx = tx;
        this.survivorship = survivorship;
        this.codec = codec;
    }

    /** Call before the first change to an existing customer. */
    void touching(String hubId) {
        before.computeIfAbsent(hubId, id -> {
            List<AttributeRow> read = tx.attributes(id);
            rows.put(id, new ArrayList<>(read));
            return survivorship.currentByGroup(read);
        });
    }

    void created(String hubId) {
        created.add(hubId);
        before.put(hubId, Map.of());
        rows.put(hubId, new ArrayList<>());
        createdIdentifiers.put(hubId, new ArrayList<>());
    }

    /**
     * States values of a customer touched or created before, with one provenance, keeping its rows as written. While
     * its rows are known (no merge in this message yet), those it does not hold are added in one statement and those
     * it holds with an older time restated; otherwise each value is stated on its own, as the store decides.
     */
    void state(String hubId, List<StatedValue> values, Provenance provenance) {
        List<AttributeRow> written = rows.get(hubId);
        if (written == null || !written()) {
            values.forEach(value -> stateOne(hubId, value, provenance));
            return;
        }
        List<StatedValue> fresh = new ArrayList<>();
        Set<List<String>> seen = new HashSet<>();
        for (StatedValue value : values) {
            List<String> key = List.of(value.attribute(), StoreTransaction.storedKey(value.qualifier()),
                    StoreTransaction.storedKey(value.valueKey()), provenance.channel());
            if (!seen.add(key)) {
                // stated twice at one time: the second leaves the first in place
                continue;
            }
            int held = indexOf(written, key);
            if (held < 0) {
                fresh.add(value);
            } else if (written.get(held).effectiveAt().toInstant().isBefore(provenance.effectiveAt().toInstant())) {
                written.set(held, tx.restateAttribute(hubId, written.get(held).id(), value, provenance));
            }
        }
        written.addAll(tx.addAttributes(hubId, fresh, provenance));
    }

    private static int indexOf(List<AttributeRow> rows, List<String> key) {
        for (int i = 0; i < rows.size(); i++) {
            AttributeRow row = rows.get(i);
            if (row.attribute().equals(key.get(0)) && row.qualifier().equals(key.get(1)) && row.valueKey().equals(key.get(2))
                    && row.channel().equals(key.get(3))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * One value, the store deciding whether it is new or restated: for a customer not touched before, or after a merge
     * or split in this message, whose events are read back after the writes (see valuesOf).
     */
    private void stateOne(String hubId, StatedValue value, Provenance provenance) {
        tx.stateAttribute(hubId, value, provenance);
    }

    /** The customer was given an identifier (kind and value) that nobody held. */
    void identifierAdded(String hubId, String kind, String value, String channel, OffsetDateTime at) {
        List<IdentifierRow> identifiers = createdIdentifiers.get(hubId);
        if (identifiers != null) {
            identifiers.add(new IdentifierRow(kind, value, channel, at));
        }
    }

    void merged(String mergedAway) {
        merged.add(mergedAway);
    }

    void interactionAdded(String hubId, Interaction interaction) {
        interactions.computeIfAbsent(hubId, id -> new ArrayList<>()).add(interaction);
    }

    /** The customer's value tier changed (README: Customer value). */
    void tierChanged(String hubId, TierChange change) {
        tiers.put(hubId, change);
    }

    /** An agent split the customer of this id into these customers (each of them created). */
    void split(String hubId, List<String> into) {
        splits.put(hubId, List.copyOf(into));
    }

    /** One event per surviving customer the message changed, and one per customer it split. */
    List<CustomerChanged> events(String channel, String messageId, XMLGregorianCalendar at) {
        Map<String, CustomerChanged> bySurvivor = new LinkedHashMap<>();
        Set<String> ids = new LinkedHashSet<>(before.keySet());
        ids.addAll(merged);
        ids.addAll(interactions.keySet());
        ids.addAll(tiers.keySet());
        for (String id : ids) {
            // every id was live when it was touched, so only a merge in this message can have moved it
            String survivor = merged.isEmpty() ? id : tx.survivorOf(id).orElseThrow();
            CustomerChanged event = bySurvivor.computeIfAbsent(survivor, s -> newEvent(s, channel, messageId, at));
            if (created.contains(id) && id.equals(survivor)) {
                addKind(event, ChangeKind.CREATED);
            }
            if (merged.contains(id)) {
                addKind(event, ChangeKind.MERGED);
                event.getMergedId().add(id);
            }
            for (Interaction interaction : interactions.getOrDefault(id, List.of())) {
                addKind(event, ChangeKind.INTERACTION_ADDED);
                event.getInteraction().add(interaction);
            }
            if (tiers.containsKey(id)) {
                addKind(event, ChangeKind.TIER_CHANGED);
                event.setTier(tiers.get(id));
            }
        }
        List<CustomerChanged> events = new ArrayList<>();
        for (CustomerChanged event : bySurvivor.values()) {
            String hubId = event.getHubId();
            describe(event, before.getOrDefault(hubId, Map.of()), valuesOf(hubId), () -> identifiersOf(hubId),
                    created.contains(hubId));
            if (!event.getKind().isEmpty()) {
                events.add(event);
            }
        }
        splits.forEach((hubId, into) -> {
            CustomerChanged event = newEvent(hubId, channel, messageId, at);
            addKind(event, ChangeKind.SPLIT);
            event.getSplitInto().addAll(into);
            event.setCurrent(new ContactSnapshot());
            events.add(event);
        });
        return events;
    }

    /**
     * Adds to the event how the customer's current values differ from those before (was) and, when that makes it an
     * event, the customer as it stands: its values and identifiers now. A created customer's values are no contact change.
     */
    void describe(CustomerChanged event, Map<String, AttributeRow> was, List<AttributeRow> values,
                  Supplier<List<IdentifierRow>> identifiers, boolean createdNow) {
        Map<String, AttributeRow> after = survivorship.currentByGroup(values);
        diff(was, after, event);
        if (!event.getChange().isEmpty() && !createdNow) {
            addKind(event, ChangeKind.CONTACT_CHANGED);
        }
        if (!event.getKind().isEmpty()) {
            snapshot(event, after, identifiers.get());
        }
    }

    private void diff(Map<String, AttributeRow> old, Map<String, AttributeRow> now, CustomerChanged event) {
        Set<String> groups = new LinkedHashSet<>(old.keySet());
        groups.addAll(now.keySet());
        for (String group : groups) {
            AttributeRow was = old.get(group);
            AttributeRow is = now.get(group);
            if (Objects.equals(was == null ? null : was.valueKey(), is == null ? null : is.valueKey())) {
                continue;
            }
            AttributeRow any = is != null ? is : was;
            AttributeChange change = new AttributeChange();
            change.setAttribute(any.attribute());
            if (!any.qualifier().isEmpty()) {
                change.setQualifier(any.qualifier());
            }
            change.setOld(was == null ? null : content(was));
            change.setNew(is == null ? null : content(is));
            event.getChange().add(change);
        }
    }

    private AttributeContent content(AttributeRow row) {
        AttributeContent content = new AttributeContent();
        switch (row.attribute()) {
            case "name" -> content.setName(codec.fromJson(row.valueJson(), PersonName.class));
            case "email", "phone" -> content.setText(codec.fromJson(row.valueJson(), String.class));
            case "address" -> content.setAddress(codec.fromJson(row.valueJson(), PostalAddress.class));
            case "consent" -> content.setConsent(codec.fromJson(row.valueJson(), Consent.class));
            case "preference" -> content.setPreference(codec.fromJson(row.valueJson(), Preference.class));
            case "affiliation" -> content.setAffiliation(codec.fromJson(row.valueJson(), Affiliation.class));
            default -> throw new IllegalStateException("unknown attribute " + row.attribute());
        }
        return content;
    }

    /** Merges and splits move values between customers: after one, what a customer holds is read back. */
    private boolean written() {
        return merged.isEmpty() && splits.isEmpty();
    }

    /** The customer's value rows in the order the store reads them: by attribute, then oldest first. */
    private List<AttributeRow> valuesOf(String hubId) {
        List<AttributeRow> written = rows.get(hubId);
        if (!written() || written == null) {
            return tx.attributes(hubId);
        }
        List<AttributeRow> sorted = new ArrayList<>(written);
        sorted.sort(STORE_ORDER);
        return sorted;
    }

    /**
     * The customer's identifiers: a customer created by this message holds those it was given, unless it holds
     * several of a kind the event names (their order is the database's collation, so they are read back).
     */
    private List<IdentifierRow> identifiersOf(String hubId) {
        List<IdentifierRow> given = createdIdentifiers.get(hubId);
        if (!written() || given == null || count(given, "key") > 1 || count(given, "card") > 1) {
            return tx.identifiers(hubId);
        }
        return given;
    }

    private static long count(List<IdentifierRow> identifiers, String kind) {
        return identifiers.stream().filter(id -> id.kind().equals(kind)).count();
    }

    private void snapshot(CustomerChanged event, Map<String, AttributeRow> after, List<IdentifierRow> identifiers) {
        for (IdentifierRow id : identifiers) {
            if (id.kind().equals("key")) {
                SourceKey key = new SourceKey();
                key.setChannel(Channel.fromValue(id.idValue().substring(0, id.idValue().indexOf(':'))));
                key.setValue(id.idValue().substring(id.idValue().indexOf(':') + 1));
                event.getSourceKey().add(key);
            }
        }
        ContactSnapshot current = new ContactSnapshot();
        after.values().forEach(row -> {
            AttributeContent content = content(row);
            switch (row.attribute()) {
                case "name" -> current.setName(content.getName());
                case "email" -> current.setEmail(content.getText());
                case "phone" -> current.setPhone(content.getText());
                case "address" -> current.setAddress(content.getAddress());
                case "consent" -> current.setConsent(content.getConsent());
                case "preference" -> current.getPreference().add(content.getPreference());
                default -> {
                    // affiliations are B2B context, not contact data
                }
            }
        });
        identifiers.stream().filter(id -> id.kind().equals("card")).findFirst()
                .ifPresent(card -> current.setLoyaltyCard(card.idValue()));
        event.setCurrent(current);
    }

    private static CustomerChanged newEvent(String hubId, String channel, String messageId, XMLGregorianCalendar at) {
        CustomerChanged event = new CustomerChanged();
        event.setEventId(TimeOrderedIds.next());
        event.setHubId(hubId);
        event.setChannel(Channel.fromValue(channel));
        event.setMessageId(messageId);
        event.setAt(at);
        return event;
    }

    private static void addKind(CustomerChanged event, ChangeKind kind) {
        if (!event.getKind().contains(kind)) {
            event.getKind().add(kind);
        }
    }
}
