package org.customerhub.identity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

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
import org.customerhub.store.StoreTransaction;

/**
 * Follows what one message does to the customers it touches and turns it into change events: the current values
 * before the first change to a customer are compared with those after the last one, so a value restated in
 * another spelling, or one overruled by a newer value, is no change.
 */
final class ChangeTracker {
    private final StoreTransaction tx;
    private final Survivorship survivorship;
    private final AttributeCodec codec;
    private final Map<String, Map<String, AttributeRow>> before = new LinkedHashMap<>();
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
        before.computeIfAbsent(hubId, id -> survivorship.currentByGroup(tx.attributes(id)));
    }

    void created(String hubId) {
        created.add(hubId);
        before.put(hubId, Map.of());
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
            Map<String, AttributeRow> after = survivorship.currentByGroup(tx.attributes(event.getHubId()));
            diff(before.getOrDefault(event.getHubId(), Map.of()), after, event);
            if (!event.getChange().isEmpty() && !created.contains(event.getHubId())) {
                addKind(event, ChangeKind.CONTACT_CHANGED);
            }
            if (!event.getKind().isEmpty()) {
                snapshot(event, after);
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

    private void snapshot(CustomerChanged event, Map<String, AttributeRow> after) {
        List<IdentifierRow> identifiers = tx.identifiers(event.getHubId());
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
        event.setEventId(UUID.randomUUID().toString());
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
