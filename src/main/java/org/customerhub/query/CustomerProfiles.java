package org.customerhub.query;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;

import org.customerhub.canonical.AddressValue;
import org.customerhub.canonical.Affiliation;
import org.customerhub.canonical.AffiliationValue;
import org.customerhub.canonical.Channel;
import org.customerhub.canonical.Consent;
import org.customerhub.canonical.ContactSnapshot;
import org.customerhub.canonical.ConsentValue;
import org.customerhub.canonical.Customer;
import org.customerhub.canonical.CustomerValue;
import org.customerhub.canonical.Interaction;
import org.customerhub.canonical.InteractionValue;
import org.customerhub.canonical.NameValue;
import org.customerhub.canonical.PersonName;
import org.customerhub.canonical.PossibleMatch;
import org.customerhub.canonical.PostalAddress;
import org.customerhub.canonical.Preference;
import org.customerhub.canonical.PreferenceValue;
import org.customerhub.canonical.SourceKey;
import org.customerhub.canonical.TextValue;
import org.customerhub.store.AttributeCodec;
import org.customerhub.store.CustomerStore;
import org.customerhub.store.CustomerStore.CustomerView;
import org.customerhub.store.StoreRows.AttributeRow;
import org.customerhub.store.StoreRows.IdentifierRow;
import org.customerhub.store.StoreRows.InteractionRow;
import org.customerhub.store.StoreRows.PossibleMatchRow;
import org.customerhub.store.ValueRows.ValueRow;
import org.customerhub.store.ValueStore;
import org.customerhub.value.ValueState;
import org.customerhub.identity.Survivorship;

/** Builds the canonical customer record from what the store holds, marking the surviving value of each attribute. */
public final class CustomerProfiles {
    private static final DatatypeFactory DATATYPES = datatypes();

    private final CustomerStore store;
    private final Survivorship survivorship;
    private final AttributeCodec codec = new AttributeCodec();
    private final ValueStore values;
    private final ValueState valueState;

    public CustomerProfiles(CustomerStore store, Survivorship survivorship, ValueStore values, ValueState valueState) {
        this.store = store;
        this.survivorship = survivorship;
        this.values = values;
        this.valueState = valueState;
    }

    private static DatatypeFactory datatypes() {
        try {
            return DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The customer the id lives under; for an id an agent split, a record of that id with only the customers it became. */
    public Optional<Customer> find(String hubId) {
        Optional<Customer> live = store.read(hubId).map(this::toCanonical);
        return live.isPresent() ? live : split(hubId);
    }

    /** Survivors of the given ids, each once, in the order first seen; a split id as in {@link #find}. */
    public List<Customer> findAll(List<String> hubIds) {
        List<Customer> live = store.readAll(hubIds).stream().map(this::toCanonical).toList();
        if (live.size() == hubIds.size()) {
            return live;
        }
        List<Customer> all = new ArrayList<>(live);
        hubIds.stream().distinct().forEach(hubId -> split(hubId).ifPresent(all::add));
        return all;
    }

    private Optional<Customer> split(String hubId) {
        List<String> into = store.splitInto(hubId);
        if (into.isEmpty()) {
            return Optional.empty();
        }
        Customer customer = new Customer();
        customer.setHubId(hubId);
        customer.getSplitInto().addAll(into);
        return Optional.of(customer);
    }

    private Customer toCanonical(CustomerView view) {
        Customer customer = new Customer();
        customer.setHubId(view.customer().hubId());
        customer.setCreatedAt(time(view.customer().createdAt()));
        customer.setUpdatedAt(time(view.customer().updatedAt()));
        for (IdentifierRow id : view.identifiers()) {
            switch (id.kind()) {
                case "key" -> {
                    SourceKey key = new SourceKey();
                    key.setChannel(Channel.fromValue(id.idValue().substring(0, id.idValue().indexOf(':'))));
                    key.setValue(id.idValue().substring(id.idValue().indexOf(':') + 1));
                    customer.getSourceKey().add(key);
                }
                case "card" -> customer.getLoyaltyCard().add(id.idValue());
                default -> {
                    // e-mail identifiers are shown as e-mail values with their provenance
                }
            }
        }
        customer.getMergedId().addAll(view.mergedIds());
        Set<Long> current = currentRows(view.attributes());
        for (AttributeRow row : view.attributes()) {
            boolean isCurrent = current.contains(row.id());
            switch (row.attribute()) {
                case "name" -> customer.getName().add(provenance(copyName(codec.fromJson(row.valueJson(), PersonName.class)), row, isCurrent));
                case "email" -> customer.getEmail().add(text(row, isCurrent));
                case "phone" -> customer.getPhone().add(text(row, isCurrent));
                case "address" -> customer.getAddress().add(provenance(copyAddress(codec.fromJson(row.valueJson(), PostalAddress.class)), row, isCurrent));
                case "consent" -> customer.getConsent().add(provenance(copyConsent(codec.fromJson(row.valueJson(), Consent.class)), row, isCurrent));
                case "preference" -> customer.getPreference().add(provenance(copyPreference(codec.fromJson(row.valueJson(), Preference.class)), row, isCurrent));
                case "affiliation" -> customer.getAffiliation().add(provenance(copyAffiliation(codec.fromJson(row.valueJson(), Affiliation.class)), row, isCurrent));
                default -> throw new IllegalStateException("unknown attribute " + row.attribute());
            }
        }
        for (InteractionRow row : view.interactions()) {
            customer.getInteraction().add(interaction(row));
        }
        for (PossibleMatchRow row : view.possibleMatches()) {
            PossibleMatch match = new PossibleMatch();
            match.setHubId(row.otherHubId());
            match.setScore(row.score());
            match.setSince(time(row.since()));
            customer.getPossibleMatch().add(match);
        }
        values.find(customer.getHubId()).ifPresent(row -> customer.setValue(value(row)));
        return customer;
    }

    /** The stored figures with the model's predictions, RFM scores and tier beside them. */
    private CustomerValue value(ValueRow row) {
        CustomerValue value = codec.valueFromXml(row.figures());
        value.setExpectedPurchases52W(row.expectedPurchases());
        value.setProbabilityAlive(row.probabilityAlive());
        value.setLifetimeValue(row.lifetimeValue());
        value.setRfm(row.rfm());
        value.setTier(row.tier());
        value.setTierReason(row.tierReason());
        if (row.lifetimeValue() != null) {
            valueState.model().ifPresent(model -> value.setModelFittedAt(time(model.fittedAt().atOffset(ZoneOffset.UTC))));
        }
        return value;
    }

    /** The customer's current contact data, in the shape a change event carries it. */
    public ContactSnapshot currentContact(Customer customer) {
        ContactSnapshot current = new ContactSnapshot();
        customer.getName().stream().filter(NameValue::isCurrent).findFirst().ifPresent(n -> current.setName(plainName(n)));
        customer.getEmail().stream().filter(TextValue::isCurrent).findFirst().ifPresent(e -> current.setEmail(e.getValue()));
        customer.getPhone().stream().filter(TextValue::isCurrent).findFirst().ifPresent(p -> current.setPhone(p.getValue()));
        customer.getAddress().stream().filter(AddressValue::isCurrent).findFirst().ifPresent(a -> current.setAddress(plainAddress(a)));
        customer.getLoyaltyCard().stream().findFirst().ifPresent(current::setLoyaltyCard);
        customer.getPreference().stream().filter(PreferenceValue::isCurrent).forEach(p -> {
            Preference preference = new Preference();
            preference.setKey(p.getKey());
            preference.setValue(p.getValue());
            current.getPreference().add(preference);
        });
        return current;
    }

    private static PersonName plainName(PersonName value) {
        PersonName name = new PersonName();
        name.setGiven(value.getGiven());
        name.setMiddle(value.getMiddle());
        name.setFamily(value.getFamily());
        return name;
    }

    private static PostalAddress plainAddress(PostalAddress value) {
        PostalAddress address = new PostalAddress();
        address.setUse(value.getUse());
        address.setLine1(value.getLine1());
        address.setLine2(value.getLine2());
        address.setCity(value.getCity());
        address.setRegion(value.getRegion());
        address.setPostalCode(value.getPostalCode());
        address.setCountry(value.getCountry());
        return address;
    }

    /** Ids of the rows survivorship picks as current. */
    private Set<Long> currentRows(List<AttributeRow> rows) {
        Set<Long> ids = new HashSet<>();
        survivorship.currentByGroup(rows).values().forEach(row -> ids.add(row.id()));
        return ids;
    }

    private InteractionValue interaction(InteractionRow row) {
        Interaction stored = codec.interactionFromXml(row.detailXml());
        InteractionValue value = new InteractionValue();
        value.setChannel(Channel.fromValue(row.channel()));
        value.setMessageId(row.messageId());
        value.setCustomerIncident(row.incident());
        value.setType(stored.getType());
        value.setId(stored.getId());
        value.setReference(stored.getReference());
        value.setAt(stored.getAt());
        value.setSubtype(stored.getSubtype());
        value.setAmount(stored.getAmount());
        value.setCurrency(stored.getCurrency());
        value.setCost(stored.getCost());
        value.setMargin(row.margin());
        value.setOrganisationId(stored.getOrganisationId());
        value.setEveryDays(stored.getEveryDays());
        value.setStatus(stored.getStatus());
        value.setNote(stored.getNote());
        value.getLine().addAll(stored.getLine());
        value.getIncident().addAll(stored.getIncident());
        value.getDetail().addAll(stored.getDetail());
        return value;
    }

    private TextValue text(AttributeRow row, boolean current) {
        TextValue value = new TextValue();
        value.setValue(codec.fromJson(row.valueJson(), String.class));
        return provenance(value, row, current);
    }

    private static NameValue copyName(PersonName name) {
        NameValue value = new NameValue();
        value.setGiven(name.getGiven());
        value.setMiddle(name.getMiddle());
        value.setFamily(name.getFamily());
        return value;
    }

    private static AddressValue copyAddress(PostalAddress address) {
        AddressValue value = new AddressValue();
        value.setUse(address.getUse());
        value.setLine1(address.getLine1());
        value.setLine2(address.getLine2());
        value.setCity(address.getCity());
        value.setRegion(address.getRegion());
        value.setPostalCode(address.getPostalCode());
        value.setCountry(address.getCountry());
        return value;
    }

    private static ConsentValue copyConsent(Consent consent) {
        ConsentValue value = new ConsentValue();
        value.setEmail(consent.isEmail());
        value.setSms(consent.isSms());
        return value;
    }

    private static PreferenceValue copyPreference(Preference preference) {
        PreferenceValue value = new PreferenceValue();
        value.setKey(preference.getKey());
        value.setValue(preference.getValue());
        return value;
    }

    private static AffiliationValue copyAffiliation(Affiliation affiliation) {
        AffiliationValue value = new AffiliationValue();
        value.setOrganisationId(affiliation.getOrganisationId());
        value.setOrganisationName(affiliation.getOrganisationName());
        value.setRole(affiliation.getRole());
        value.setActive(affiliation.isActive());
        return value;
    }

    /** The provenance setters are generated on each value class from one attribute group; this sets them alike. */
    private static <T> T provenance(T value, AttributeRow row, boolean current) {
        Channel channel = Channel.fromValue(row.channel());
        XMLGregorianCalendar at = time(row.effectiveAt());
        if (value instanceof NameValue v) {
            v.setChannel(channel); v.setMessageId(row.messageId()); v.setAt(at); v.setCurrent(current); v.setBy(row.statedBy());
        } else if (value instanceof TextValue v) {
            v.setChannel(channel); v.setMessageId(row.messageId()); v.setAt(at); v.setCurrent(current); v.setBy(row.statedBy());
        } else if (value instanceof AddressValue v) {
            v.setChannel(channel); v.setMessageId(row.messageId()); v.setAt(at); v.setCurrent(current); v.setBy(row.statedBy());
        } else if (value instanceof ConsentValue v) {
            v.setChannel(channel); v.setMessageId(row.messageId()); v.setAt(at); v.setCurrent(current); v.setBy(row.statedBy());
        } else if (value instanceof PreferenceValue v) {
            v.setChannel(channel); v.setMessageId(row.messageId()); v.setAt(at); v.setCurrent(current); v.setBy(row.statedBy());
        } else if (value instanceof AffiliationValue v) {
            v.setChannel(channel); v.setMessageId(row.messageId()); v.setAt(at); v.setCurrent(current); v.setBy(row.statedBy());
        } else {
            throw new IllegalArgumentException("not a provenance value: " + value.getClass());
        }
        return value;
    }

    /** To the millisecond, as through a GregorianCalendar, without building one (a lookup converts dozens of times). */
    static XMLGregorianCalendar time(OffsetDateTime time) {
        return time == null ? null : DATATYPES.newXMLGregorianCalendar(time.getYear(), time.getMonthValue(),
                time.getDayOfMonth(), time.getHour(), time.getMinute(), time.getSecond(), time.getNano() / 1_000_000,
                time.getOffset().getTotalSeconds() / 60);
    }
}
