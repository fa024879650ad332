package org.customerhub.identity;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.ObjIntConsumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.customerhub.canonical.ChannelRecord;
import org.customerhub.canonical.Interaction;
import org.customerhub.canonical.Party;
import org.customerhub.store.AttributeCodec;
import org.customerhub.store.CustomerStore.Work;
import org.customerhub.store.GroupCommit;
import org.customerhub.store.StoreRows.ArchivedContent;
import org.customerhub.store.StoreRows.ArchivedMessage;
import org.customerhub.store.StoreRows.CandidateSearch;
import org.customerhub.store.StoreRows.FirstDelivery;
import org.customerhub.store.StoreRows.FoundCustomer;
import org.customerhub.store.StoreRows.Provenance;
import org.customerhub.store.StoreTransaction;
import org.customerhub.store.WriteConflictException;
import org.customerhub.store.WriteStats;
import org.customerhub.value.ValueState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one channel record to the store in one transaction (shared with the messages applied alongside, see
 * {@link GroupCommit}): the archive (the idempotent receiver), then for every party who it is ({@link IdentityResolver},
 * or an agent's decision), what it states ({@link ProfileWriter}), and the change events that follow
 * ({@link ChangeEventOutbox}).
 */
public final class ProfileUpdater {
    /** The document type of an agent's split. */
    public static final String SPLIT = "SPLIT";
    private static final Logger LOG = LoggerFactory.getLogger(ProfileUpdater.class);
    private static final String KEY = IdentityResolver.KEY;
    private static final String CARD = IdentityResolver.CARD;
    private static final String EMAIL = IdentityResolver.EMAIL;

    private final Survivorship survivorship;
    private volatile EvidenceNormalizer normalizer;
    private volatile BlockingKeys blockingKeys;
    private volatile IdentityResolver resolver;
    private volatile MatchScorer scorer;
    private final AttributeCodec codec = new AttributeCodec();
    private final ChangeEventOutbox outbox = new ChangeEventOutbox(codec);
    private final int maxCandidates;
    private final ChannelTime time;
    private volatile ProfileWriter profile;
    private final Set<String> personalEmailChannels;
    /** Identity resolution reads candidates and then writes: two messages that can touch the same person are applied
     *  one after the other, so that two messages about a new person never create two customers. */
    private final GroupCommit writer;
    /** Records of load batches whose people were resolved ahead of the writer (see ResolvedAhead). */
    private final LongAdder resolvedAhead = new LongAdder();
    /** Records of load batches the writer resolved again from the search made ahead (see ResolvedAhead.searchedAhead). */
    private final LongAdder searchedAhead = new LongAdder();
    /** Customer value kept live with each message (README: Customer value); none until the hub names its settings. */
    private volatile LiveValue value;
    /** Reads archived messages back for a split; none until the hub names the channels' mappings. */
    private volatile ArchiveReader archive;

    public ProfileUpdater(GroupCommit writer, Survivorship survivorship, EvidenceNormalizer normalizer, MatchScorer scorer,
                          int maxCandidates, ZoneId channelZone, Set<String> personalEmailChannels) {
        this.writer = writer;
        this.survivorship = survivorship;
        this.normalizer = normalizer;
        this.blockingKeys = new BlockingKeys(normalizer);
        this.maxCandidates = maxCandidates;
        this.resolver = new IdentityResolver(scorer, blockingKeys, maxCandidates);
        this.scorer = scorer;
        this.time = new ChannelTime(channelZone);
        this.profile = new ProfileWriter(normalizer, codec, time);
        this.personalEmailChannels = Set.copyOf(personalEmailChannels);
    }

    /** New nicknames, weights or thresholds, taken between two messages: none is resolved with half of each. */
    public void useMatching(EvidenceNormalizer newNormalizer, MatchScorer newScorer) {
        writer.exclusively(() -> {
            this.normalizer = newNormalizer;
            this.blockingKeys = new BlockingKeys(newNormalizer);
            this.resolver = new IdentityResolver(newScorer, blockingKeys, maxCandidates);
            this.scorer = newScorer;
            this.profile = new ProfileWriter(newNormalizer, codec, time);
            return null;
        });
    }

    /** Keeps each customer's value figures and tier in the transaction of the message that changes their history. */
    public void keepValue(ValueState state) {
        this.value = new LiveValue(state, codec);
    }

    /** How the scorer in use sees two customers now: the evidence an agent reviews a possible match by. */
    public MatchOutcome compare(StoreTransaction tx, String hubId, String otherHubId) {
        Map<String, PersonEvidence> evidence = new StoreCandidates(tx, codec).evidenceOf(List.of(hubId, otherHubId));
        return scorer.score(evidence.get(hubId), evidence.get(otherHubId));
    }

    /** Lets an agent's split replay the archived messages of each part (see {@link #split}). */
    public void replayWith(ArchiveReader reader) {
        this.archive = reader;
    }

    /** Runs work while no message is being applied, so that it never races identity resolution (an erasure, say). */
    public <T> T exclusively(Supplier<T> work) {
        return writer.exclusively(work);
    }

    /** The normaliser in use now, for lookups that must fold names the way identity resolution does. */
    public EvidenceNormalizer normalizer() {
        return normalizer;
    }

    /**
     * Applies the record in a transaction that may hold other messages' work too; a message whose dedupe key was taken
     * before is answered by the transport's rule instead. Throws CommitOutcomeUnknownException when the connection
     * was lost during the commit: the work may be stored or not, and the transport decides when to try again.
     */
    public UpdateOutcome apply(ChannelRecord record, InboundMessage message, RepeatRule repeats) {
        return writer.run(lockKeys(record, message), tx -> applyIn(tx, record, message, repeats));
    }

    /** The write path's figures: messages, lock waits and retries (see GroupCommit). */
    public WriteStats writeStats() {
        return writer.stats();
    }

    /**
     * What the record can touch, known before anything is read: each party's identifiers and blocking keys, or the
     * customers an agent names; the organisation whose contacts it lists.
     */
    private Set<String> lockKeys(ChannelRecord record) {
        String channel = record.getChannel().value();
        BlockingKeys keys = this.blockingKeys;
        Set<String> lockKeys = new TreeSet<>();
        for (Party party : record.getParty()) {
            if (notBlank(party.getHubId())) {
                List<String> named = new ArrayList<>(List.of(party.getHubId().trim()));
                party.getSameAs().forEach(id -> named.add(id.trim()));
                party.getNotSameAs().forEach(id -> named.add(id.trim()));
                lockKeys.addAll(LockKeys.customers(named));
            } else {
                lockKeys.addAll(LockKeys.of(identifiers(channel, party), keys.of(evidenceOf(party))));
            }
        }
        if (record.getContactsOf() != null) {
            lockKeys.add(LockKeys.organisation(record.getContactsOf()));
        }
        return lockKeys;
    }

    /** A record of a batch and the message that brought it. */
    public record Pending(ChannelRecord record, InboundMessage message) {
    }

    /** The lock keys of a record alone: its people's, and its message's, so that copies of one message (a replay and a resend) wait for each other and only one of them takes the events over. */
    private Set<String> lockKeys(ChannelRecord record, InboundMessage message) {
        Set<String> keys = lockKeys(record);
        keys.add(LockKeys.message(record.getChannel().value(), message.dedupeKey()));
        return keys;
    }

    /** What became of one record of a batch: its outcome, or the failure that undid its own writes. */
    public record Applied(UpdateOutcome outcome, RuntimeException failure) {
    }

    /**
     * Applies a batch of records in one transaction, in order; finish then runs in the same transaction with what became
     * of each (a load's checkpoint). First the fast way: no savepoints, and the rows every record appends kept and
     * written at the batch's end, a COPY or JDBC batch per table. Should anything fail (a record, or a kept row as it is
     * written), the transaction is undone and the batch runs again the careful way: each record under a savepoint of
     * its own with its rows written at once, so that a record that fails undoes only its own writes and is the one to
     * fail. A savepoint is two more round trips a record, and on PostgreSQL a subtransaction: past 64 in one
     * transaction every session's snapshots get slower. With rollback the transaction is undone once everything ran:
     * a dry run sees what a load would do and stores nothing.
     */
    public List<Applied> applyAll(List<Pending> batch, RepeatRule repeats,
                                  BiConsumer<StoreTransaction, List<Applied>> finish, boolean rollback) {
        return applyAll(batch, repeats, finish, rollback, null);
    }

    /**
     * As {@link #applyAll(List, RepeatRule, BiConsumer, boolean)}; the fast way also resolves the records' people
     * ahead of the writer on the threads of resolving, when given (see {@link ResolvedAhead}).
     */
    public List<Applied> applyAll(List<Pending> batch, RepeatRule repeats,
                                  BiConsumer<StoreTransaction, List<Applied>> finish, boolean rollback, Executor resolving) {
        try {
            // taken ahead, and resolved again from the search made ahead: counted once the batch commits
            long[] takenAhead = new long[2];
            List<Applied> applied = applyAll(batch, finish, rollback, tx -> {
                try {
                    return tx.withBatchedRows(batch.stream().map(ProfileUpdater::dedupeKey).toList(),
                            batch.stream().flatMap(pending -> interactionKeys(pending.record())).toList(),
                            inBatch -> applyEachOrFail(inBatch, batch, repeats, resolving, takenAhead));
                } catch (RuntimeException failure) {
                    throw new RecordFailed(failure);
                }
            });
            resolvedAhead.add(takenAhead[0]);
            searchedAhead.add(takenAhead[1]);
            return applied;
        } catch (RecordFailed failed) {
            return applyAll(batch, finish, rollback, tx -> applyEach(tx, batch, repeats));
        }
    }

    private List<Applied> applyAll(List<Pending> batch, BiConsumer<StoreTransaction, List<Applied>> finish,
                                   boolean rollback, Work<List<Applied>> records) {
        // with every other writer of every hub node kept out: live messages wait for the batch, and the batch for them
        try {
            return writer.runAlone(tx -> {
                List<Applied> applied = records.run(tx);
                finish.accept(tx, applied);
                if (rollback) {
                    throw new RolledBack(applied);
                }
                return applied;
            });
        } catch (RolledBack dryRun) {
            return dryRun.applied;
        }
    }

    /** Each record of a batch in order, with no savepoint: the first that fails undoes the batch (see applyAll). */
    private List<Applied> applyEachOrFail(StoreTransaction tx, List<Pending> batch, RepeatRule repeats, Executor resolving,
                                          long[] takenAhead) {
        // started here, holding the batch's lock: what the threads read is what the batch found
        ResolvedAhead ahead = resolving == null ? null
                : ResolvedAhead.start(batch.size(), resolving, writer, tx, (reads, indexes, done) -> resolvedAhead(reads, batch, indexes, done));
        try {
            List<Applied> applied = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                Pending pending = batch.get(i);
                applied.add(new Applied(applyIn(tx, pending.record(), pending.message(), repeats, ahead, i), null));
            }
            if (ahead != null) {
                takenAhead[0] = ahead.taken();
                takenAhead[1] = ahead.searchedAheadUsed();
            }
            return applied;
        } finally {
            if (ahead != null) {
                ahead.finish();
            }
        }
    }

    /**
     * The one party of each of these records of the batch resolved ahead of the writer, their searches in one
     * statement; null for any other record, which the writer resolves.
     */
    private void resolvedAhead(StoreTransaction reads, List<Pending> batch, List<Integer> indexes,
                               ObjIntConsumer<ResolvedAhead.Resolved> done) {
        List<Integer> resolving = new ArrayList<>();
        List<Question> questions = new ArrayList<>();
        List<StoreCandidates> candidates = new ArrayList<>();
        for (int index : indexes) {
            ChannelRecord record = batch.get(index).record();
            if (record.getParty().size() != 1 || movesKeys(record.getParty().get(0))) {
                done.accept(null, index);
                continue;
            }
            Question question = question(record.getChannel().value(), record.getParty().get(0));
            resolving.add(index);
            questions.add(question);
            candidates.add(candidatesOf(reads, question));
        }
        StoreCandidates.searchTogether(reads, candidates);
        // the customers the people's identifiers name, read for the chunk at once: resolution reads their channel keys,
        // and the writer their identifiers and values (a known customer's order read them a statement each)
        reads.readAhead(candidates.stream().map(StoreCandidates::searched).filter(Objects::nonNull)
                .flatMap(search -> search.holders().values().stream()).flatMap(Optional::stream).toList());
        List<ResolvedAhead.Resolved> chunk = new ArrayList<>();
        for (int i = 0; i < resolving.size(); i++) {
            chunk.add(resolution(questions.get(i), candidates.get(i)));
            candidates.get(i).resolved();
        }
        Map<String, FoundCustomer> found = reads.readAhead(chunk.stream()
                .flatMap(resolved -> resolved.resolution().existing().stream()).toList());
        for (int i = 0; i < resolving.size(); i++) {
            ResolvedAhead.Resolved resolved = chunk.get(i);
            done.accept(resolved.resolution().existing().map(target -> resolved.withFound(Map.of(target, found.get(target))))
                    .orElse(resolved), resolving.get(i));
        }
    }

    /** An agent's split or decision: it moves keys between customers, so no resolution made ahead holds past it. */
    private static boolean movesKeys(Party party) {
        return !party.getSplitGroup().isEmpty() || notBlank(party.getHubId());
    }

    /** How many records of batches applied the fast way had their people resolved ahead of the writer. */
    public long resolvedAhead() {
        return resolvedAhead.sum();
    }

    /**
     * How many records of batches applied the fast way the writer resolved again from the search made ahead, an earlier
     * record of the batch having written one of their keys to a new customer it keeps.
     */
    public long searchedAhead() {
        return searchedAhead.sum();
    }

    /** Each record of a batch under a savepoint of its own, in order. */
    private List<Applied> applyEach(StoreTransaction tx, List<Pending> batch, RepeatRule repeats) {
        List<Applied> applied = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Pending pending = batch.get(i);
            try {
                applied.add(new Applied(tx.underSavepoint("record" + i,
                        inner -> applyIn(inner, pending.record(), pending.message(), repeats)), null));
            } catch (RuntimeException failure) {
                applied.add(new Applied(null, failure));
            }
        }
        return applied;
    }

    private static List<String> dedupeKey(Pending pending) {
        return List.of(pending.record().getChannel().value(), pending.message().dedupeKey());
    }

    /** The interactions a record states, each as its channel, type and id (null when it has none). */
    private static Stream<List<String>> interactionKeys(ChannelRecord record) {
        String channel = record.getChannel().value();
        return Stream.concat(record.getParty().stream().flatMap(party -> party.getInteraction().stream()),
                        record.getInteraction().stream())
                .map(interaction -> Arrays.asList(channel, interaction.getType().value(), interaction.getId()));
    }

    /** A batch run the fast way failed: it is undone, to run again the careful way (see applyAll). */
    private static final class RecordFailed extends RuntimeException {
        RecordFailed(RuntimeException cause) {
            super("a record of the batch failed", cause, false, false);
        }
    }

    /** Carries a dry run's outcomes out of the transaction it undoes. */
    private static final class RolledBack extends RuntimeException {
        private final transient List<Applied> applied;

        RolledBack(List<Applied> applied) {
            super("dry run: rolled back", null, false, false);
            this.applied = applied;
        }
    }

    private UpdateOutcome applyIn(StoreTransaction tx, ChannelRecord record, InboundMessage message, RepeatRule repeats) {
        return applyIn(tx, record, message, repeats, null, 0);
    }

    /** Applies the record, the index-th of its batch, taking its party as resolved ahead where that still holds. */
    private UpdateOutcome applyIn(StoreTransaction tx, ChannelRecord record, InboundMessage message, RepeatRule repeats,
                                  ResolvedAhead ahead, int index) {
        // asked before the record is touched: no thread reads it once the writer does
        ResolvedAhead.Resolved taken = ahead == null ? null : ahead.take(index);
        String channel = record.getChannel().value();
        OffsetDateTime effectiveAt = time.of(record.getEffectiveAt());
        Optional<FirstDelivery> first = tx.firstDelivery(channel, message.dedupeKey());
        if (first.isPresent()) {
            return repeats.repeatOf(tx, first.get(), message);
        }
        tx.archive(new ArchivedMessage(message.messageId(), channel, message.dedupeKey(), record.getDocumentType(),
                record.getDocumentId(), message.brokerMessageId(), message.receivedAt(), message.textBody(), message.content()));
        Tally tally = new Tally(new ChangeTracker(tx, survivorship, codec));
        ProfileWriter profile = this.profile;
        Provenance provenance = new Provenance(channel, message.messageId(), effectiveAt, record.getStatedBy());
        for (Party party : record.getParty()) {
            if (ahead != null && movesKeys(party)) {
                ahead.moved();
            }
            if (!party.getSplitGroup().isEmpty()) {
                split(tx, party, record.getStatedBy(), message, tally);
                continue;
            }
            Optional<String> hubId = notBlank(party.getHubId())
                    ? Optional.of(decide(tx, party, record.getStatedBy(), message, tally))
                    : resolve(tx, channel, party, message, tally, ahead, taken, index);
            if (hubId.isPresent()) {
                profile.state(tally.changes, hubId.get(), party, provenance);
                tally.customers.add(hubId.get());
            }
            for (Interaction interaction : party.getInteraction()) {
                if (profile.addInteraction(tx, hubId.orElse(null), channel, interaction, message.messageId())) {
                    tally.interactions++;
                    hubId.ifPresent(id -> tally.changes.interactionAdded(id, interaction));
                }
            }
        }
        for (Interaction interaction : record.getInteraction()) {
            if (profile.addInteraction(tx, null, channel, interaction, message.messageId())) {
                tally.interactions++;
            }
        }
        if (record.getContactsOf() != null) {
            profile.endAffiliations(tx, record.getContactsOf(), tally.customers, tally.changes, provenance);
        }
        tally.customers.forEach(hubId -> tx.recordConcerns(message.messageId(), hubId));
        refreshValue(tx, tally);
        List<String> events = outbox.record(tx, tally.changes.events(channel, message.messageId(), record.getEffectiveAt()),
                message);
        return new UpdateOutcome(UpdateOutcome.Repeat.NONE, List.copyOf(tally.customers), tally.created, tally.merged,
                tally.interactions, tally.possible, events);
    }

    /** The value figures of every customer whose history the message changed, merged-away customers' folded in. */
    private void refreshValue(StoreTransaction tx, Tally tally) {
        LiveValue live = this.value;
        if (live == null || tally.interactions == 0 && tally.mergedAway.isEmpty()) {
            return;
        }
        tally.mergedAway.forEach(hubId -> live.forget(tx, hubId));
        for (String hubId : tally.customers) {
            live.refreshLive(tx, hubId).ifPresent(change -> tally.changes.tierChanged(hubId, change));
        }
    }

    /**
     * Who the party is, as the resolver decides from what tx reads; nothing is written. Its search is answered from the
     * store's answer to the search made ahead when given (else null).
     */
    private ResolvedAhead.Resolved resolution(StoreTransaction tx, String channel, Party party, CandidateSearch searchedAhead) {
        Question question = question(channel, party);
        StoreCandidates candidates = candidatesOf(tx, question);
        if (searchedAhead != null) {
            candidates.searchedBefore(searchedAhead);
        }
        return resolution(question, candidates);
    }

    /** What resolution is given about a party, and the blocking keys it searches: nothing read yet. */
    private record Question(IdentityResolver.Incoming incoming, Set<String> blockingKeys) {
    }

    private Question question(String channel, Party party) {
        PersonEvidence evidence = evidenceOf(party);
        Optional<String> ownKey = notBlank(party.getSourceKey()) ? Optional.of(channel + ":" + party.getSourceKey().trim())
                : Optional.empty();
        return new Question(new IdentityResolver.Incoming(ownKey, identifiers(channel, party), evidence,
                identifiesSomeone(party, evidence)), blockingKeys.of(evidence));
    }

    private StoreCandidates candidatesOf(StoreTransaction tx, Question question) {
        return new StoreCandidates(tx, codec, question.incoming().identifiers(), question.blockingKeys(), maxCandidates);
    }

    private ResolvedAhead.Resolved resolution(Question question, StoreCandidates candidates) {
        IdentityResolver.Resolution resolution = resolver.resolve(question.incoming(), candidates);
        return new ResolvedAhead.Resolved(question.incoming().identifiers(), candidates, resolution, candidates.searched(),
                Map.of());
    }

    /**
     * The customer this party is, creating or merging as the resolver decides (or decided ahead, when taken: see
     * ResolvedAhead, which hears what is written); empty when it identifies nobody.
     */
    private Optional<String> resolve(StoreTransaction tx, String channel, Party party, InboundMessage message, Tally tally,
                                     ResolvedAhead ahead, ResolvedAhead.Resolved taken, int index) {
        if (taken != null) {
            ahead.used();
            tx.sawHolders(taken.candidates().holdersSeen());
            tx.sawBefore(taken.found());
        }
        CandidateSearch searchedAhead = taken == null && ahead != null ? ahead.searchedAhead(index) : null;
        ResolvedAhead.Resolved resolved = taken != null ? taken : resolution(tx, channel, party, searchedAhead);
        Map<String, List<String>> identifiers = resolved.identifiers();
        StoreCandidates candidates = resolved.candidates();
        IdentityResolver.Resolution resolution = resolved.resolution();
        if (!resolution.anybody()) {
            return Optional.empty();
        }
        // the customers it links may have been reached through keys another writer holds too (Jane's phone here,
        // her e-mail there): theirs are taken now, and the message is tried again if another writer holds them
        Set<String> linked = new TreeSet<>(LockKeys.of(identifiers, resolution.blockingKeys()));
        resolution.existing().ifPresent(existing -> linked.add(LockKeys.customer(existing)));
        linked.addAll(LockKeys.customers(resolution.mergedAway()));
        tx.lock(linked);
        OffsetDateTime now = message.receivedAt();
        String target;
        if (resolution.existing().isEmpty()) {
            target = tx.createCustomer(now);
            tally.changes.created(target);
            tally.created++;
        } else {
            target = resolution.existing().get();
            tally.changes.touching(target);
            for (String other : resolution.mergedAway()) {
                tx.merge(target, other, message.messageId(), now);
                tally.changes.merged(other);
                tally.merged++;
                tally.mergedAway.add(other);
            }
        }
        resolution.possible().forEach((other, score) -> {
            tx.addPossibleMatch(target, other, score, now);
            tally.possible++;
        });
        identifiers.forEach((kind, values) -> values.forEach(value -> {
            if (candidates.sawHeldBy(kind, value, target)) {
                // a known customer's own key, as most of their messages carry it: one statement less
                return;
            }
            if (tx.addIdentifier(target, kind, value, channel, now)) {
                tally.changes.identifierAdded(target, kind, value, channel, now);
            } else if (candidates.sawNoHolder(kind, value)) {
                // another writer stored it since it was read: tried again, the message finds its holder
                throw new WriteConflictException("an identifier was taken by another writer since it was read", Set.of());
            }
        }));
        if (resolution.existing().isPresent()) {
            tx.addBlockingKeys(target, resolution.blockingKeys());
            tx.touch(target, now);
        } else {
            // created just now, with this time and no keys yet
            tx.addBlockingKeysOfNew(target, resolution.blockingKeys());
        }
        if (ahead != null) {
            List<String> written = new ArrayList<>(resolution.mergedAway());
            written.add(target);
            ahead.wrote(identifiers, resolution.blockingKeys(), written);
            if (!resolution.mergedAway().isEmpty()) {
                ahead.moved();
            }
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
        List<String> survivors = new ArrayList<>(List.of(target));
        Stream.concat(party.getSameAs().stream(), party.getNotSameAs().stream())
                .forEach(id -> tx.survivorOf(id.trim()).ifPresent(survivors::add));
        tx.lock(LockKeys.customers(survivors));
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
            tally.mergedAway.add(mergedAway);
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

    /**
     * An agent's split: the customer (every id merged into it too) becomes one customer per group of its channel keys,
     * each rebuilt by replaying, oldest first, the archived messages that concern it through this same write step,
     * restricted to the group: a party with a channel key goes to the group of its key; one without goes where
     * identity resolution links it among the groups (nowhere else); an agent's correction goes to the group of the
     * person the customer it named was created for (the first group when that person had no channel key). The groups
     * are kept apart from each other and from everyone the customer was kept apart from; every old id answers with the
     * customers it became.
     */
    private void split(StoreTransaction tx, Party party, String decidedBy, InboundMessage message, Tally tally) {
        ArchiveReader reader = this.archive;
        if (reader == null) {
            throw new IllegalStateException("this hub reads no archived messages back: nothing can be split");
        }
        if (!notBlank(party.getHubId())) {
            throw new IllegalArgumentException("a split names the customer it splits");
        }
        OffsetDateTime now = message.receivedAt();
        String survivor = tx.survivorOf(party.getHubId().trim())
                .orElseThrow(() -> new IllegalArgumentException("no live customer " + party.getHubId()));
        Set<String> ids = tx.idsOf(survivor);
        Map<String, List<String>> held = new LinkedHashMap<>();
        tx.identifiers(survivor).forEach(id -> held.computeIfAbsent(id.kind(), kind -> new ArrayList<>()).add(id.idValue()));
        Set<String> keys = new TreeSet<>(LockKeys.customers(ids));
        keys.addAll(LockKeys.of(held, Set.of()));
        tx.lock(keys);
        List<List<String>> groups = SplitGroups.check(party.getSplitGroup(), held.getOrDefault(KEY, List.of()));
        List<ArchivedContent> archived = tx.messagesConcerning(ids, message.messageId());
        Set<String> keptApartFrom = tx.keptApartFromOthers(ids);
        tx.emptyForSplit(ids, now);
        List<String> parts = new ArrayList<>();
        Map<String, String> partOfKey = new LinkedHashMap<>();
        for (List<String> group : groups) {
            String part = tx.createCustomer(now);
            parts.add(part);
            tally.changes.created(part);
            tally.created++;
            group.forEach(key -> {
                tx.moveKey(key, part);
                partOfKey.put(key, part);
            });
        }
        String by = decidedBy == null ? "unknown" : decidedBy;
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            parts.subList(i + 1, parts.size()).forEach(other -> tx.keepApart(part, other, by, now));
            keptApartFrom.forEach(other -> tx.survivorOf(other).ifPresent(live -> tx.keepApart(part, live, by, now)));
        }
        ids.forEach(id -> parts.forEach(part -> tx.recordSplit(id, part, message.messageId())));
        Replay replay = new Replay(ids, parts, partOfKey);
        for (ArchivedContent stored : archived) {
            if (!SPLIT.equals(stored.documentType())) {
                reader.read(stored).ifPresentOrElse(record -> replay(tx, record, stored, replay, tally),
                        () -> LOG.warn("Split of {}: archived message {} has no mapping to replay; left out", survivor,
                                stored.messageId()));
            }
        }
        tally.changes.split(survivor, parts);
        tally.customers.addAll(parts);
        // the value figures are worked out again from each part's history (refreshValue)
        tally.interactions += replay.interactions;
        LOG.info("Split customer {} ({} ids) into {} by replaying {} archived messages", survivor, ids.size(), parts,
                archived.size());
    }

    /** What a split's replay knows as it goes: the old ids, the parts, and which part each key and old id went to. */
    private static final class Replay {
        final Set<String> oldIds;
        final List<String> parts;
        final Map<String, String> partOfKey;
        final Map<String, String> partOfOldId = new LinkedHashMap<>();
        int interactions;

        Replay(Set<String> oldIds, List<String> parts, Map<String, String> partOfKey) {
            this.oldIds = oldIds;
            this.parts = parts;
            this.partOfKey = partOfKey;
        }
    }

    /** One archived message, written again for the parts of a split only, under its own id, time and provenance. */
    private void replay(StoreTransaction tx, ChannelRecord record, ArchivedContent stored, Replay replay, Tally tally) {
        String channel = record.getChannel().value();
        InboundMessage original = new InboundMessage(stored.messageId(), null, stored.messageId(), stored.receivedAt(),
                stored.textBody(), stored.content());
        Provenance provenance = new Provenance(channel, stored.messageId(), time.of(record.getEffectiveAt()), record.getStatedBy());
        List<String> concerned = tx.concernedBy(stored.messageId());
        ProfileWriter profile = this.profile;
        Set<String> touched = new LinkedHashSet<>();
        for (Party party : record.getParty()) {
            Optional<String> part = partOf(tx, channel, party, replay);
            if (part.isEmpty()) {
                continue;
            }
            String hubId = notBlank(party.getHubId()) ? replayDecision(tx, party, part.get(), record.getStatedBy(), original, replay, tally)
                    : resolve(tx, channel, party, original, tally, null, null, 0).orElseThrow();
            if (notBlank(party.getSourceKey())) {
                concerned.stream().filter(replay.oldIds::contains).forEach(id -> replay.partOfOldId.putIfAbsent(id, hubId));
            }
            profile.state(tally.changes, hubId, party, provenance);
            touched.add(hubId);
            for (Interaction interaction : party.getInteraction()) {
                if (profile.addInteraction(tx, hubId, channel, interaction, stored.messageId())) {
                    replay.interactions++;
                    tally.changes.interactionAdded(hubId, interaction);
                }
            }
        }
        if (record.getContactsOf() != null) {
            profile.endAffiliations(tx, record.getContactsOf(), touched, tally.changes, provenance, replay.parts::contains);
        }
        touched.forEach(hubId -> tx.recordConcerns(stored.messageId(), hubId));
    }

    /** An agent's correction or decision again, on the part: its merges within the old customer are what the split undoes. */
    private String replayDecision(StoreTransaction tx, Party party, String part, String decidedBy, InboundMessage original,
                                  Replay replay, Tally tally) {
        party.setHubId(part);
        party.getSameAs().clear();
        party.getNotSameAs().removeIf(id -> replay.oldIds.contains(id.trim()));
        return decide(tx, party, decidedBy, original, tally);
    }

    /** The part of a split a party of a replayed message belongs to; empty when it is someone else. */
    private Optional<String> partOf(StoreTransaction tx, String channel, Party party, Replay replay) {
        if (notBlank(party.getHubId())) {
            String named = party.getHubId().trim();
            if (!replay.oldIds.contains(named)) {
                return Optional.empty();
            }
            return Optional.of(replay.partOfOldId.getOrDefault(named, replay.parts.get(0)));
        }
        if (notBlank(party.getSourceKey())) {
            return Optional.ofNullable(replay.partOfKey.get(channel + ":" + party.getSourceKey().trim()));
        }
        PersonEvidence evidence = evidenceOf(party);
        IdentityResolver.Resolution resolution = resolver.resolve(new IdentityResolver.Incoming(Optional.empty(),
                identifiers(channel, party), evidence, identifiesSomeone(party, evidence)), new StoreCandidates(tx, codec));
        return resolution.existing().filter(replay.parts::contains);
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

    private PersonEvidence evidenceOf(Party party) {
        List<NameEvidence> names = party.getName() == null ? List.of()
                : List.of(new NameEvidence(party.getName().getGiven(), party.getName().getMiddle(), party.getName().getFamily()));
        return new PersonEvidence(names, List.copyOf(party.getEmail()), List.copyOf(party.getPhone()),
                party.getAddress().stream().map(StoreCandidates::addressEvidence).toList());
    }

    private static final class Tally {
        final ChangeTracker changes;
        final Set<String> customers = new LinkedHashSet<>();
        final Set<String> mergedAway = new LinkedHashSet<>();
        int created;
        int merged;
        int interactions;
        int possible;

        Tally(ChangeTracker changes) {
            this.changes = changes;
        }
    }
}
