package org.customerhub.identity;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.GregorianCalendar;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import javax.xml.datatype.DatatypeFactory;

import org.customerhub.canonical.Channel;
import org.customerhub.canonical.ChannelRecord;
import org.customerhub.canonical.Party;
import org.customerhub.canonical.PersonName;
import org.customerhub.canonical.PostalAddress;
import org.customerhub.store.GroupCommit;
import org.customerhub.value.ValueRules;
import org.customerhub.value.ValueState;

/** The hub's write path as HubConfiguration builds it from the shipped settings files, for tests without a hub. */
public final class HubWritePath {
    private HubWritePath() {
    }

    /** The survivorship the hub's settings name. */
    public static Survivorship survivorship() throws IOException {
        return new Survivorship(properties(setting(hubSettings(), "hub.survivorship")));
    }

    /** A ProfileUpdater with the hub's nicknames, matching, survivorship and identity settings, writing through writer. */
    public static ProfileUpdater profileUpdater(GroupCommit writer) throws IOException {
        Properties hub = hubSettings();
        EvidenceNormalizer normalizer = new EvidenceNormalizer(Nicknames.load(setting(hub, "hub.identity.nicknames")), "US");
        MatchScorer scorer = new MatchScorer(MatchSettings.load(setting(hub, "hub.identity.matching")), normalizer);
        return new ProfileUpdater(writer, survivorship(), normalizer, scorer,
                Integer.parseInt(hub.getProperty("hub.identity.max-candidates")), ZoneId.of(hub.getProperty("hub.channel.zone")),
                Set.of(hub.getProperty("hub.identity.personal-email-channels").trim().split("\\s*,\\s*")));
    }

    /** The record as a message of its own, received now, its document id as its dedupe key. */
    public static InboundMessage messageOf(ChannelRecord record) {
        byte[] content = (record.getChannel().value() + " " + record.getDocumentId()).getBytes(StandardCharsets.UTF_8);
        return new InboundMessage(UUID.randomUUID().toString(), null, "id:" + record.getDocumentId(),
                OffsetDateTime.now(ZoneOffset.UTC), true, content);
    }

    /** A catalogue order stating this party, effective now. */
    public static ChannelRecord catalogueOrder(String documentId, Party party) {
        ChannelRecord record = new ChannelRecord();
        record.setChannel(Channel.CATALOGUE);
        record.setDocumentType("ORDER");
        record.setDocumentId(documentId);
        record.setEffectiveAt(DatatypeFactory.newDefaultInstance().newXMLGregorianCalendar(
                GregorianCalendar.from(OffsetDateTime.now(ZoneOffset.UTC).toZonedDateTime())));
        record.getParty().add(party);
        return record;
    }

    /** A party with a key, a name and one address in Evanston, IL: the person most write-path tests start from. */
    public static Party evanstonParty(String sourceKey, String given, String family, String street) {
        Party party = new Party();
        party.setSourceKey(sourceKey);
        PersonName name = new PersonName();
        name.setGiven(given);
        name.setFamily(family);
        party.setName(name);
        PostalAddress address = new PostalAddress();
        address.setLine1(street);
        address.setCity("Evanston");
        address.setRegion("IL");
        address.setPostalCode("60201");
        address.setCountry("US");
        party.getAddress().add(address);
        return party;
    }

    /** The shipped hub.db.url with its database in folder: the settings a hub opens its store with. */
    public static String storeUrl(Path folder) throws IOException {
        return hubSettings().getProperty("hub.db.url").trim().replace("./{{hub.data-dir}}/db", folder.toAbsolutePath().toString());
    }

    /** Customer value as the shipped settings name it: rules, window, horizon and discount rate, on the system clock. */
    public static ValueState valueState() throws IOException {
        Properties hub = hubSettings();
        return new ValueState(ValueRules.from(properties(setting(hub, "hub.value.rules"))),
                Period.parse(hub.getProperty("hub.value.window").trim()),
                Integer.parseInt(hub.getProperty("hub.value.horizon-months").trim()),
                Double.parseDouble(hub.getProperty("hub.value.discount-rate").trim()), Clock.systemUTC());
    }

    private static Properties hubSettings() throws IOException {
        return properties(Path.of("config/application.properties"));
    }

    /** A file setting; the settings name files under {{hub.config-dir}}, the tests' config/. */
    private static Path setting(Properties hub, String key) {
        return Path.of(hub.getProperty(key).replace("{{hub.config-dir}}", "config"));
    }

    private static Properties properties(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }
}
