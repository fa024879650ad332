package org.customerhub.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import javax.xml.transform.stream.StreamSource;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.xml.bind.JAXBException;
import org.customerhub.canonical.Affiliation;
import org.customerhub.canonical.Channel;
import org.customerhub.canonical.ChangeKind;
import org.customerhub.canonical.ChannelRecord;
import org.customerhub.canonical.Consent;
import org.customerhub.canonical.CustomerChanged;
import org.customerhub.canonical.Interaction;
import org.customerhub.canonical.InteractionType;
import org.customerhub.canonical.Party;
import org.customerhub.canonical.PostalAddress;
import org.customerhub.canonical.Preference;
import org.customerhub.store.AttributeCodec;
import org.customerhub.store.CustomerStore;
import org.customerhub.store.Database;
import org.customerhub.store.GroupCommit;
import org.customerhub.store.PostgresServer;
import org.customerhub.store.StoreRows.AttributeRow;
import org.junit.jupiter.api.Test;

/**
 * The change events of a message are built from what it wrote, not read back: for every event of a mixed traffic (new
 * customers, restated and late values, new addresses, values tied in time, preferences, consent, affiliations a
 * contacts list ends, two parties in one message, a merge) the event must equal the one built from the store read back
 * after the commit, on H2 and on PostgreSQL (which answers times in UTC and orders text by its collation).
 */
class ChangeEventsWrittenTest {
    private final AttributeCodec codec = new AttributeCodec();

    @Test
    void eventsOnH2AreThoseOfTheStoreReadBack() throws Exception {
        String url = "jdbc:h2:file:./target/events-written/" + UUID.randomUUID() + "/customerhub;DB_CLOSE_ON_EXIT=FALSE";
        assertThat(play(url, "sa")).isGreaterThanOrEqualTo(traffic().size());
    }

    @Test
    void eventsOnPostgresAreThoseOfTheStoreReadBack() throws Exception {
        try (PostgresServer postgres = PostgresServer.start()) {
            assertThat(play(postgres.createDatabase("customerhub"), PostgresServer.USER)).isGreaterThanOrEqualTo(traffic().size());
        }
    }

    /** Applies the traffic one message at a time, checking each event; answers how many events were checked. */
    private int play(String url, String user) throws Exception {
        try (HikariDataSource pool = Database.pool(url, user, "", 4, 10_000)) {
            Database.migrate(pool);
            CustomerStore store = new CustomerStore(pool);
            Survivorship survivorship = HubWritePath.survivorship();
            ProfileUpdater profiles = HubWritePath.profileUpdater(new GroupCommit(store, 32, 1, 5));
            Set<String> known = new LinkedHashSet<>();
            int checked = 0;
            for (ChannelRecord record : traffic()) {
                Map<String, Map<String, AttributeRow>> before = store.inTransaction(tx -> {
                    Map<String, Map<String, AttributeRow>> current = new LinkedHashMap<>();
                    known.forEach(hubId -> current.put(hubId, survivorship.currentByGroup(tx.attributes(hubId))));
                    return current;
                });
                UpdateOutcome outcome = profiles.apply(record, HubWritePath.messageOf(record), (tx, first, repeat) -> {
                    throw new AssertionError("no message of this test is a copy of another");
                });
                known.addAll(outcome.customers());
                for (String xml : outcome.events()) {
                    CustomerChanged readBack = store.inTransaction(tx -> {
                        CustomerChanged event = event(xml);
                        String hubId = event.getHubId();
                        event.getChange().clear();
                        event.getSourceKey().clear();
                        event.setCurrent(null);
                        event.getKind().remove(ChangeKind.CONTACT_CHANGED);
                        new ChangeTracker(tx, survivorship, codec).describe(event, before.getOrDefault(hubId, Map.of()),
                                tx.attributes(hubId), () -> tx.identifiers(hubId), event.getKind().contains(ChangeKind.CREATED));
                        return event;
                    });
                    assertThat(xml).as("event of %s %s", record.getChannel(), record.getDocumentId())
                            .isEqualTo(codec.toXml(readBack));
                    checked++;
                }
            }
            return checked;
        }
    }

    private static CustomerChanged event(String xml) {
        try {
            return AttributeCodec.canonicalContext().createUnmarshaller()
                    .unmarshal(new StreamSource(new StringReader(xml)), CustomerChanged.class).getValue();
        } catch (JAXBException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<ChannelRecord> traffic() {
        List<ChannelRecord> records = new ArrayList<>();
        // a new customer: name, phone, address, consent, a preference and an order
        Party jane = party("0400001", "Jane", "Ashford", "12 Larkspur Lane");
        jane.getPhone().add("(312) 555-0101");
        jane.setConsent(consent(true, false));
        jane.getPreference().add(preference("catalogue", "spring"));
        jane.getInteraction().add(order(InteractionType.CATALOGUE_ORDER, "C1"));
        records.add(record(Channel.CATALOGUE, "ORDER", "C1", "2025-03-01T10:00:00", jane));
        // the same values later, one spelled otherwise, a new address, another preference, consent changed
        Party later = party("0400001", "JANE", "ASHFORD", "40 Harbour View Road");
        later.getPhone().add("312-555-0101");
        later.setConsent(consent(true, true));
        later.getPreference().add(preference("catalogue", "autumn"));
        later.getPreference().add(preference("newsletter", "monthly"));
        records.add(record(Channel.CATALOGUE, "UPDATE", "C2", "2025-04-01T10:00:00+02:00", later));
        // a late message: its values are older than those stored, its new e-mail is new
        Party late = party("0400001", "Janet", "Ashford", "12 Larkspur Lane");
        late.getEmail().add("jane.ashford@example.com");
        records.add(record(Channel.CATALOGUE, "UPDATE", "C0", "2025-02-01T10:00:00Z", late));
        // two new customers in one message, one with a loyalty card, both contacts of one organisation
        Party bob = party(null, "Bob", "Brookwick", "7 Mill Street");
        bob.setLoyaltyCard("6001000200");
        bob.getEmail().add("bob@brookwick.example");
        bob.getAffiliation().add(affiliation("ORG-1", "buyer"));
        Party carla = party(null, "Carla", "Carrington", "9 Elm Court");
        carla.getEmail().add("carla@carrington.example");
        carla.getAffiliation().add(affiliation("ORG-1", "approver"));
        records.add(record(Channel.RETAIL, "SIGNUP", "R1", "2025-03-05T09:00:00Z", bob, carla));
        // the organisation's contacts list names Carla only: Bob's affiliation ends
        Party carlaAgain = party("D-77", "Carla", "Carrington", "9 Elm Court");
        carlaAgain.getEmail().add("carla@carrington.example");
        carlaAgain.getAffiliation().add(affiliation("ORG-1", "approver"));
        ChannelRecord contacts = record(Channel.DIRECTSALES, "ACCOUNT", "A1", "2025-03-06T09:00:00Z", carlaAgain);
        contacts.setContactsOf("ORG-1");
        records.add(contacts);
        // a new customer stating two e-mails, two addresses and one phone twice at one time: survivorship breaks the
        // ties by the order the rows were written in
        Party dora = party("0400002", "Dora", "Dalby", "3 Quarry Road");
        PostalAddress billing = party(null, "Dora", "Dalby", "PO Box 55").getAddress().get(0);
        billing.setUse("billing");
        dora.getAddress().add(billing);
        dora.getEmail().addAll(List.of("dora@dalby.example", "d.dalby@example.com"));
        dora.getPhone().addAll(List.of("(312) 555-0177", "312.555.0177"));
        records.add(record(Channel.CATALOGUE, "ORDER", "C3", "2025-03-02T10:00:00", dora));
        // her later message restates one address and adds a third, all at one time again
        Party doraLater = party("0400002", "Dora", "Dalby", "PO Box 55");
        doraLater.getAddress().get(0).setUse("billing");
        doraLater.getAddress().add(party(null, "Dora", "Dalby", "8 Fenwick Way").getAddress().get(0));
        doraLater.getEmail().add("d.dalby@example.com");
        records.add(record(Channel.CATALOGUE, "UPDATE", "C4", "2025-03-09T10:00:00", doraLater));
        // a new customer stating more values at one time than one insert takes: the rows of every statement in order
        Party ellen = party("0400003", "Ellen", "Easton", "5 Orchard Row");
        for (int i = 0; i < 1_205; i++) {
            ellen.getPreference().add(preference("topic-" + i, i % 2 == 0 ? "weekly" : "monthly"));
        }
        records.add(record(Channel.CATALOGUE, "ORDER", "C5", "2025-03-03T10:00:00", ellen));
        // Jane's web account, found by her e-mail, with a loyalty card of her own
        Party web = party("U77001", "Jane", "Ashford", "40 Harbour View Road");
        web.getEmail().add("jane.ashford@example.com");
        web.setLoyaltyCard("6001000999");
        web.getInteraction().add(order(InteractionType.WEB_ORDER, "W1"));
        records.add(record(Channel.WEB, "ORDER_PLACED", "W1", "2025-04-02T08:00:00Z", web));
        // a retail receipt with Bob's card and Jane's e-mail: the two customers are linked, one merged into the other
        Party both = party(null, "Jane", "Ashford", "40 Harbour View Road");
        both.setLoyaltyCard("6001000200");
        both.getEmail().add("jane.ashford@example.com");
        records.add(record(Channel.RETAIL, "RECEIPT", "R2", "2025-04-03T08:00:00Z", both));
        return records;
    }

    private static Party party(String sourceKey, String given, String family, String street) {
        return HubWritePath.evanstonParty(sourceKey, given, family, street);
    }

    private static Consent consent(boolean email, boolean sms) {
        Consent consent = new Consent();
        consent.setEmail(email);
        consent.setSms(sms);
        return consent;
    }

    private static Preference preference(String key, String value) {
        Preference preference = new Preference();
        preference.setKey(key);
        preference.setValue(value);
        return preference;
    }

    private static Affiliation affiliation(String organisation, String role) {
        Affiliation affiliation = new Affiliation();
        affiliation.setOrganisationId(organisation);
        affiliation.setRole(role);
        affiliation.setActive(true);
        return affiliation;
    }

    private static Interaction order(InteractionType type, String id) {
        Interaction order = new Interaction();
        order.setType(type);
        order.setId(id);
        order.setAt(time("2025-03-01T10:00:00Z"));
        order.setAmount(new BigDecimal("42.50"));
        order.setCurrency("USD");
        return order;
    }

    private static ChannelRecord record(Channel channel, String documentType, String documentId, String at, Party... parties) {
        ChannelRecord record = new ChannelRecord();
        record.setChannel(channel);
        record.setDocumentType(documentType);
        record.setDocumentId(documentId);
        record.setEffectiveAt(time(at));
        record.getParty().addAll(List.of(parties));
        return record;
    }

    private static XMLGregorianCalendar time(String lexical) {
        return DatatypeFactory.newDefaultInstance().newXMLGregorianCalendar(lexical);
    }
}
