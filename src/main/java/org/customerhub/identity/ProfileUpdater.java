package org.customerhub.identity;

import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import javax.xml.datatype.XMLGregorianCalendar;

import org.customerhub.canonical.Affiliation;
import org.customerhub.canonical.ChannelRecord;
import org.customerhub.canonical.CustomerChanged;
import org.customerhub.canonical.Interaction;
import org.customerhub.canonical.InteractionLine;
import org.customerhub.canonical.Party;
import org.customerhub.canonical.PersonName;
import org.customerhub.canonical.PostalAddress;
import org.customerhub.store.AttributeCodec;
import org.customerhub.store.CommitOutcomeUnknownException;
import org.customerhub.store.CustomerStore;
import org.customerhub.store.GroupCommit;
import org.customerhub.store.StoreRows.ArchivedMessage;
import org.customerhub.store.StoreRows.AttributeRow;
import org.customerhub.store.StoreRows.FirstDelivery;
import org.customerhub.store.StoreRows.InteractionRow;
import org.customerhub.store.StoreTransaction;
import org.customerhub.store.Survivorship;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one channel record to the store in one transaction (shared with the messages applied alongside, see
 * {@link GroupCommit}): archive (the idempotent receiver), identity resolution
 * of every party, then their values and history. Deterministic links (channel key, loyalty card, e-mail) first; then a
 * scored match over candidates found by blocking keys; a message that links several customers merges them.
 */
public final class ProfileUpdater {
    private static final String KEY = "key";
    private static final String CARD = "card";
    private static final String EMAIL = "email";
    private static final String AFFILIATION = "affiliation";
    private static final long STORE_POLL_MILLIS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(ProfileUpdater.class);

    private final Survivorship survivorship;
    private volatile EvidenceNormalizer normalizer;
    private volatile BlockingKeys blockingKeys;
    private volatile MatchScorer scorer;
    private final AttributeCodec codec = new AttributeCodec();
    private final int maxCandidates;
    private final ZoneId channelZone;
    private final Set<String> dedupeByDocumentId;
    private final Set<String> personalEmailChannels;
    /** Identity resolution reads candidates and then writes: one writer at a time keeps two messages about the same
     *  new person from creating two customers. */
    private final GroupCommit writer;
    private final CustomerStore store;

    public ProfileUpdater(CustomerStore store, Survivorship survivorship, EvidenceNormalizer normalizer, MatchScorer scorer,
                          int maxCandidates, ZoneId channelZone, Set<String> dedupeByDocumentId,
                          Set<String> personalEmailChannels, int maxMessagesPerCommit) {
        this.writer = new GroupCommit(store, maxMessagesPerCommit);
        this.store = store;
        this.survivorship = survivorship;
        this.normalizer = normalizer;
        this.blockingKeys = new BlockingKeys(normalizer);
        this.scorer = scorer;
        this.maxCandidates = maxCandidates;
        this.channelZone = channelZone;
        this.dedupeByDocumentId = Set.copyOf(dedupeByDocumentId);
        this.personalEmailChannels = Set.copyOf(personalEmailChannels);
    }

    /** New nicknames, weights or thresholds, taken between two messages: none is resolved with half of each. */
    public void useMatching(EvidenceNormalizer newNormalizer, MatchScorer newScorer) {
        writer.exclusively(() -> {
            this.normalizer = newNormalizer;
            this.blockingKeys = new BlockingKeys(newNormalizer);
            this.scorer = newScorer;
            return null;
        });
    }

    /** Runs work while no message is being applied, so that it never races identity resolution (an erasure, say). */
    public <T> T exclusively(Supplier<T> work) {
        return writer.exclusively(work);
    }

    /** The normaliser in use now, for lookups that must fold names the way identity resolution does. */
    public EvidenceNormalizer normalizer() {
        return normalizer;
    }

    public UpdateOutcome apply(ChannelRecord record, InboundMessage message) {
        // hashing the message needs no lock
        String dedupeKey = dedupeKey(record, message);
        while (true) {
            try {
                return writer.run(tx -> applyIn(tx, record, message, dedupeKey));
            } catch (CommitOutcomeUnknownException unknown) {
                // failing the message now would retry it while the database is away and then dead-letter it, stored
                // or not, without its events; once the database answers, applying it again is safe either way, as
                // the archive knows it by its dedupe key and broker id
                LOG.warn("Message {}: its commit's outcome is unknown; applying it again once the store answers",
                        message.messageId());
                awaitStore(unknown);
            }
        }
    }

    /** Returns once the store answers, and not at once: a connection that keeps breaking is not hammered. */
    private void awaitStore(CommitOutcomeUnknownException unknown) {
        do {
            try {
                Thread.sleep(STORE_POLL_MILLIS);
            } catch (InterruptedException e) {
                // the hub is stopping: the wait ends and the message fails like any other
                Thread.currentThread().interrupt();
                throw unknown;
            }
        } while (!store.isReachable());
    }

    private UpdateOutcome applyIn(StoreTransaction tx, ChannelRecord record, InboundMessage message, String dedupeKey) {
        String channel = record.getChannel().value();
        OffsetDateTime effectiveAt = toOffset(record.getEffectiveAt());
        Optional<FirstDelivery> first = tx.firstDelivery(channel, dedupeKey);
        if (first.isPresent()) {
            return repeatOf(tx, first.get(), message);
        }
        tx.archive(new ArchivedMessage(message.messageId(), channel, dedupeKey, record.getDocumentType(),
                record.getDocumentId(), message.brokerMessageId(), message.receivedAt(), message.textBody(), message.content()));
        Tally tally = new Tally(new ChangeTracker(tx, survivorship, codec));
        for (Party party : record.getParty()) {
            Optional<String> hubId = notBlank(party.getHubId())
                    ? Optional.of(decide(tx, party, record.getStatedBy(), message, tally))
                    : resolve(tx, channel, party, message, tally);
            if (hubId.isPresent()) {
                record(tx, hubId.get(), channel, party, message.messageId(), effectiveAt, record.getStatedBy());
                tally.customers.add(hubId.get());
            }
            for (Interaction interaction : party.getInteraction()) {
                addInteraction(tx, hubId.orElse(null), channel, interaction, message.messageId(), tally);
            }
        }
        for (Interaction interaction : record.getInteraction()) {
            addInteraction(tx, null, channel, interaction, message.messageId(), tally);
        }
        if (record.getContactsOf() != null) {
            endAffiliations(tx, record.getContactsOf(), tally, channel, message.messageId(), effectiveAt);
        }
        tally.customers.forEach(hubId -> tx.recordConcerns(message.messageId(), hubId));
        List<String> events = new ArrayList<>();
        for (CustomerChanged event : tally.changes.events(channel, message.messageId(), record.getEffectiveAt())) {
            String xml = codec.toXml(event);
            tx.recordEvent(event.getEventId(), message.messageId(), event.getHubId(), xml, message.receivedAt());
            events.add(xml);
        }
        return new UpdateOutcome(UpdateOutcome.Repeat.NONE, List.copyOf(tally.customers), tally.created, tally.merged,
                tally.interactions, tally.possible, List.copyOf(events));
    }

    /**
     * A message whose dedupe key was taken before. The same broker message again means the transaction that took it
     * may have ended after the database commit and before the broker's, so its recorded events go out again with
     * their ids (the broker's transaction publishes them at most once per acknowledgement). Another broker message is
     * a resend: the first copy's own broker transaction publishes those events, or its redelivery will, so publishing
     * them here too would double them; unless the first copy was dead-lettered, which acknowledged it without its
     * events: then this copy takes them over and publishes them, its own redeliveries too. So "not yet published" needs
     * no flag per event, which would cost a write after every broker commit (README, Guarantees). Without a broker id
     * (cXML over HTTP) the caller's own record decides.
     */
    private static UpdateOutcome repeatOf(StoreTransaction tx, FirstDelivery first, InboundMessage message) {
        if (message.brokerMessageId() == null || message.brokerMessageId().equals(first.brokerMessageId())) {
            return UpdateOutcome.ofRedelivery(tx.events(first.messageId()));
        }
        if (first.deadLettered()) {
            tx.handOverEvents(first.messageId(), message.brokerMessageId());
            return UpdateOutcome.ofTakeOver(tx.events(first.messageId()));
        }
        return UpdateOutcome.ofResend();
    }

    private String dedupeKey(ChannelRecord record, InboundMessage message) {
        if (dedupeByDocumentId.contains(record.getChannel().value())) {
            return "id:" + record.getDocumentId();
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(message.content()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The customer this party is, creating or merging as the evidence says; empty when it identifies nobody. */
    private Optional<String> resolve(StoreTransaction tx, String channel, Party party, InboundMessage message, Tally tally) {
        PersonEvidence evidence = evidenceOf(party);
        Set<String> linked = new LinkedHashSet<>();
        identifiers(channel, party).forEach((kind, values) -> values.forEach(value ->
                tx.findByIdentifier(kind, value).filter(found -> !kind.equals(EMAIL) || !isHousehold(tx, evidence, found))
                        .ifPresent(linked::add)));
        Map<String, Double> possible = new LinkedHashMap<>();
        Set<String> candidates = new LinkedHashSet<>(tx.findByBlockingKeys(blockingKeys.of(evidence), maxCandidates));
        candidates.removeAll(linked);
        for (Map.Entry<String, List<AttributeRow>> candidate : tx.attributesOf(candidates).entrySet()) {
            MatchOutcome outcome = scorer.score(evidence, evidenceOf(candidate.getValue()));
            if (outcome.decision() == MatchDecision.MATCH) {
                linked.add(candidate.getKey());
            } else if (outcome.decision() == MatchDecision.POSSIBLE) {
                possible.put(candidate.getKey(), outcome.score());
            }
        }
        if (notBlank(party.getSourceKey())) {
            // a customer who already has another key of this channel is another account: review, never attach
            String ownKey = channel + ":" + party.getSourceKey().trim();
            for (String other : List.copyOf(linked)) {
                if (holdsOtherKeyOfChannel(tx, other, ownKey)) {
                    linked.remove(other);
                    possible.put(other, scorer.score(evidence, evidenceOf(tx.attributes(other))).score());
                }
            }
        }
        if (linked.isEmpty() && !identifiesSomeone(party, evidence)) {
            return Optional.empty();
        }
        OffsetDateTime now = message.receivedAt();
        String target;
        if (linked.isEmpty()) {
            target = tx.createCustomer(now);
            tally.changes.created(target);
            tally.created++;
        } else {
            List<String> byAge = linked.stream()
                    .sorted(Comparator.comparing((String id) -> tx.customer(id).orElseThrow().createdAt()).thenComparing(id -> id))
                    .toList();
            target = byAge.get(0);
            tally.changes.touching(target);
            for (String other : byAge.subList(1, byAge.size())) {
                if (haveDifferentKeysInOneChannel(tx, target, other)) {
                    // two accounts of one channel are two records the channel keeps apart: a person to review, not a merge
                    possible.put(other, scorer.score(evidenceOf(tx.attributes(target)), evidenceOf(tx.attributes(other))).score());
                    continue;
                }
                tx.merge(target, other, message.messageId(), now);
                tally.changes.merged(other);
                tally.merged++;
            }
        }
        for (Map.Entry<String, Double> match : possible.entrySet()) {
            Optional<String> other = tx.survivorOf(match.getKey());
            if (other.isPresent() && !other.get().equals(target)) {
                tx.addPossibleMatch(target, other.get(), match.getValue(), now);
                tally.possible++;
            }
        }
        String finalTarget = target;
        identifiers(channel, party).forEach((kind, values) -> values.forEach(value ->
                tx.addIdentifier(finalTarget, kind, value, channel, now)));
        tx.addBlockingKeys(target, blockingKeys.of(evidence));
        if (!linked.isEmpty()) {
            // a customer created just now was created with this time
            tx.touch(target, now);
        }
        return Optional.of(target);
    }

    /**
     * A party that names its customer (an agent's correction or decision): no identity resolution, the agent's
     * merges and keep-apart decisions are applied instead. The oldest customer survives a merge, as in resolution.
     */
    private String decide(StoreTransaction tx, Party party, String decidedBy, InboundMessage message, Tally tally) {
        OffsetDateTime now = message.receivedAt();
        String target = tx.survivorOf(party.getHubId().trim())
                .orElseThrow(() -> new IllegalArgumentException("no customer " + party.getHubId()));
        tally.changes.touching(target);
        for (String sameAs : party.getSameAs()) {
            Optional<String> other = tx.survivorOf(sameAs.trim());
            if (other.isEmpty() || other.get().equals(target)) {
                continue;
            }
            tally.changes.touching(other.get());
            boolean otherIsOlder = tx.customer(other.get()).orElseThrow().createdAt()
                    .isBefore(tx.customer(target).orElseThrow().createdAt());
            String survivor = otherIsOlder ? other.get() : target;
            String mergedAway = otherIsOlder ? target : other.get();
            tx.merge(survivor, mergedAway, message.messageId(), now);
            tally.changes.merged(mergedAway);
            tally.merged++;
            target = survivor;
        }
        for (String notSameAs : party.getNotSameAs()) {
            Optional<String> other = tx.survivorOf(notSameAs.trim());
            if (other.isPresent() && !other.get().equals(target)) {
                tx.keepApart(target, other.get(), decidedBy == null ? "unknown" : decidedBy, now);
            }
        }
        tx.addBlockingKeys(target, blockingKeys.of(evidenceOf(party)));
        tx.touch(target, now);
        tally.customers.add(target);
        return target;
    }

    /** A full account snapshot ends the affiliation of every earlier contact it no longer lists. */
    private void endAffiliations(StoreTransaction tx, String organisationId, Tally tally, String channel, String messageId,
                                 OffsetDateTime at) {
        for (String hubId : tx.holdersOf(AFFILIATION, organisationId)) {
            if (tally.customers.contains(hubId)) {
                continue;
            }
            tally.changes.touching(hubId);
            Affiliation ended = new Affiliation();
            ended.setOrganisationId(organisationId);
            ended.setActive(false);
            tx.stateAttribute(hubId, AFFILIATION, organisationId, "ended;active=false", codec.toJson(ended), channel, messageId, at,
                    null);
        }
    }

    /** A customer is created from a key, a card or an e-mail, or from a full name with a phone or an address; a name
     *  alone, or a phone alone, identifies nobody. */
    private static boolean identifiesSomeone(Party party, PersonEvidence evidence) {
        boolean fullName = party.getName() != null && notBlank(party.getName().getGiven()) && notBlank(party.getName().getFamily());
        return party.getSourceKey() != null || party.getLoyaltyCard() != null || !evidence.emails().isEmpty()
                || fullName && (!evidence.phones().isEmpty() || !evidence.addresses().isEmpty());
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    /** A shared e-mail is a family's or a role mailbox when the given names say these are different people. */
    private boolean isHousehold(StoreTransaction tx, PersonEvidence incoming, String hubId) {
        return scorer.score(incoming, evidenceOf(tx.attributes(hubId))).reasons().contains(MatchScorer.HOUSEHOLD_GUARD);
    }

    private static boolean holdsOtherKeyOfChannel(StoreTransaction tx, String hubId, String key) {
        String channelPrefix = key.substring(0, key.indexOf(':') + 1);
        return tx.identifiers(hubId).stream()
                .anyMatch(id -> id.kind().equals(KEY) && id.idValue().startsWith(channelPrefix) && !id.idValue().equals(key));
    }

    private static boolean haveDifferentKeysInOneChannel(StoreTransaction tx, String a, String b) {
        Map<String, String> keysOfA = new LinkedHashMap<>();
        tx.identifiers(a).stream().filter(id -> id.kind().equals(KEY))
                .forEach(id -> keysOfA.put(id.idValue().substring(0, id.idValue().indexOf(':')), id.idValue()));
        return tx.identifiers(b).stream().filter(id -> id.kind().equals(KEY)).anyMatch(id -> {
            String known = keysOfA.get(id.idValue().substring(0, id.idValue().indexOf(':')));
            return known != null && !known.equals(id.idValue());
        });
    }

    /**
     * Deterministic identifiers by kind: the channel's own key, the loyalty card shared by retail and web, and e-mails
     * from channels where an e-mail is the person's own (a B2B contact's work address is only evidence).
     */
    private Map<String, List<String>> identifiers(String channel, Party party) {
        Map<String, List<String>> ids = new LinkedHashMap<>();
        if (notBlank(party.getSourceKey())) {
            ids.put(KEY, List.of(channel + ":" + party.getSourceKey().trim()));
        }
        if (notBlank(party.getLoyaltyCard())) {
            ids.put(CARD, List.of(party.getLoyaltyCard().trim()));
        }
        List<String> emails = party.getEmail().stream().map(normalizer::emailKey).filter(e -> !e.isEmpty()).distinct().toList();
        if (!emails.isEmpty() && personalEmailChannels.contains(channel)) {
            ids.put(EMAIL, emails);
        }
        return ids;
    }

    private void record(StoreTransaction tx, String hubId, String channel, Party party, String messageId, OffsetDateTime at,
                        String statedBy) {
        if (party.getName() != null) {
            PersonName name = party.getName();
            tx.stateAttribute(hubId, "name", "", nameKey(name), codec.toJson(name), channel, messageId, at, statedBy);
        }
        for (String email : party.getEmail()) {
            tx.stateAttribute(hubId, "email", "", normalizer.emailKey(email), codec.toJson(email.trim()), channel, messageId, at, statedBy);
        }
        for (String phone : party.getPhone()) {
            String key = normalizer.phone10(phone).orElse(normalizer.foldName(phone));
            tx.stateAttribute(hubId, "phone", "", key, codec.toJson(phone.trim()), channel, messageId, at, statedBy);
        }
        for (PostalAddress address : party.getAddress()) {
            String key = normalizer.addressKey(addressEvidence(address))
                    .map(k -> k.houseNumber() + "|" + k.street() + "|" + k.unit() + "|" + k.postcode())
                    .orElse(normalizer.foldName(address.getLine1() + " " + address.getPostalCode()));
            tx.stateAttribute(hubId, "address", address.getUse(), key, codec.toJson(address), channel, messageId, at, statedBy);
        }
        if (party.getConsent() != null) {
            String key = "email=" + party.getConsent().isEmail() + ";sms=" + party.getConsent().isSms();
            tx.stateAttribute(hubId, "consent", "", key, codec.toJson(party.getConsent()), channel, messageId, at, statedBy);
        }
        party.getPreference().forEach(preference -> tx.stateAttribute(hubId, "preference", preference.getKey(),
                preference.getValue(), codec.toJson(preference), channel, messageId, at, statedBy));
        party.getAffiliation().forEach(affiliation -> tx.stateAttribute(hubId, AFFILIATION,
                affiliation.getOrganisationId(), affiliation.getRole() + ";active=" + affiliation.isActive(),
                codec.toJson(affiliation), channel, messageId, at, statedBy));
    }

    private void addInteraction(StoreTransaction tx, String hubId, String channel, Interaction interaction, String messageId,
                                Tally tally) {
        boolean incident = !interaction.getIncident().isEmpty() || "SUPPORT_CASE".equals(interaction.getType().value());
        BigDecimal margin = interaction.getMargin();
        if (margin == null && interaction.getAmount() != null && interaction.getCost() != null) {
            margin = merchandise(interaction).subtract(interaction.getCost());
        }
        String reference = interaction.getReference() != null ? interaction.getReference() : interaction.getId();
        InteractionRow row = new InteractionRow(hubId, channel, interaction.getType().value(), interaction.getId(), reference,
                toOffset(interaction.getAt()), interaction.getAmount(), interaction.getCurrency(), interaction.getCost(),
                margin, incident, codec.toXml(interaction), messageId);
        boolean restated = interaction.getStatus() != null;
        if (tx.addInteraction(row) || restated && tx.replaceInteraction(row)) {
            tally.interactions++;
            if (hubId != null) {
                tally.changes.interactionAdded(hubId, interaction);
            }
        }
    }

    /** Revenue of the lines, without tax and shipping; the total where there are no priced lines. */
    private static BigDecimal merchandise(Interaction interaction) {
        BigDecimal sum = BigDecimal.ZERO;
        boolean priced = false;
        for (InteractionLine line : interaction.getLine()) {
            if (line.getUnitPrice() != null) {
                sum = sum.add(line.getUnitPrice().multiply(BigDecimal.valueOf(line.getQuantity())));
                priced = true;
            }
        }
        return priced ? sum : interaction.getAmount();
    }

    private String nameKey(PersonName name) {
        return normalizer.foldName(name.getGiven()) + "|" + normalizer.foldName(name.getMiddle()) + "|"
                + normalizer.foldName(name.getFamily());
    }

    private PersonEvidence evidenceOf(Party party) {
        List<NameEvidence> names = party.getName() == null ? List.of()
                : List.of(new NameEvidence(party.getName().getGiven(), party.getName().getMiddle(), party.getName().getFamily()));
        return new PersonEvidence(names, List.copyOf(party.getEmail()), List.copyOf(party.getPhone()),
                party.getAddress().stream().map(ProfileUpdater::addressEvidence).toList());
    }

    private PersonEvidence evidenceOf(List<AttributeRow> attributes) {
        List<NameEvidence> names = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        List<String> phones = new ArrayList<>();
        List<AddressEvidence> addresses = new ArrayList<>();
        for (AttributeRow row : attributes) {
            switch (row.attribute()) {
                case "name" -> {
                    PersonName name = codec.fromJson(row.valueJson(), PersonName.class);
                    names.add(new NameEvidence(name.getGiven(), name.getMiddle(), name.getFamily()));
                }
                case "email" -> emails.add(codec.fromJson(row.valueJson(), String.class));
                case "phone" -> phones.add(codec.fromJson(row.valueJson(), String.class));
                case "address" -> addresses.add(addressEvidence(codec.fromJson(row.valueJson(), PostalAddress.class)));
                default -> {
                    // consent, preferences and affiliations are not identity evidence
                }
            }
        }
        return new PersonEvidence(names, emails, phones, addresses);
    }

    private static AddressEvidence addressEvidence(PostalAddress a) {
        return new AddressEvidence(a.getLine1(), a.getLine2(), a.getCity(), a.getRegion(), a.getPostalCode(), a.getCountry());
    }

    /** Channel times without a zone (the catalogue's business dates) are read in the configured channel zone. */
    private OffsetDateTime toOffset(XMLGregorianCalendar time) {
        if (time.getTimezone() == javax.xml.datatype.DatatypeConstants.FIELD_UNDEFINED) {
            return time.toGregorianCalendar().toZonedDateTime().toLocalDateTime().atZone(channelZone).toOffsetDateTime();
        }
        return time.toGregorianCalendar().toZonedDateTime().toOffsetDateTime();
    }

    private static final class Tally {
        final ChangeTracker changes;
        final Set<String> customers = new LinkedHashSet<>();
        int created;
        int merged;
        int interactions;
        int possible;

        Tally(ChangeTracker changes) {
            this.changes = changes;
        }
    }
}
