package org.customerhub.segments;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.service.ServiceSupport;
import org.customerhub.canonical.ChangeKind;
import org.customerhub.canonical.Channel;
import org.customerhub.canonical.Customer;
import org.customerhub.canonical.CustomerChanged;
import org.customerhub.canonical.Interaction;
import org.customerhub.canonical.InteractionLine;
import org.customerhub.canonical.ReminderDue;
import org.customerhub.query.CustomerProfiles;
import org.customerhub.store.AttributeCodec;
import org.customerhub.store.CustomerStore;
import org.customerhub.store.ReminderRows.Pair;
import org.customerhub.store.ReminderRows.Reminder;
import org.customerhub.store.ReminderRows.Seen;
import org.customerhub.store.ReminderRows;
import org.customerhub.store.ReminderStore;
import org.customerhub.store.StoreTransaction;
import org.customerhub.store.TimeOrderedIds;
import org.customerhub.value.Replenishment;
import org.customerhub.value.Replenishment.Pace;
import org.customerhub.value.Replenishment.Purchases;
import org.customerhub.value.Times;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replenishment reminders (README: Replenishment reminders). On a schedule: plans a reminder for every customer and
 * SKU with enough purchases, and the next one each customer's latest REMINDER_SET for a SKU asks for (replacing what
 * earlier requests for the SKU planned), reading only the customers whose history changed since the last check and
 * the requests whose next reminder has come to be planned; then decides each reminder that fell due: SUPPRESSED when the
 * customer bought the SKU since, else SENT, with its change event written in the same transaction (so a reminder is
 * claimed exactly once, whatever crashes). A sent reminder is then published to hub.customer.events and the reminder
 * channel's out queue, each with the event id as the broker's duplicate id, and marked published: after a crash in
 * between it is published again and the broker drops the copy it already holds.
 */
public final class Reminders extends ServiceSupport {
    private static final Logger LOG = LoggerFactory.getLogger(Reminders.class);
    private static final String EVENTS = "jms:topic:hub.customer.events";
    /** Artemis' duplicate id: a second message with the same id on an address is dropped by the broker. */
    private static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    private static final int BATCH = 200;
    /** Interactions read above the watermark in one transaction: ids and types only. */
    private static final int SCAN = 10_000;
    /**
     * How long an id the watermark passed is looked for: longer than any transaction of the hub stays open, so an
     * insert not yet committed is found, and a rolled-back one (its id never used) is forgotten.
     */
    private static final Duration GAP_PATIENCE = Duration.ofHours(1);

    private final CustomerStore store;
    private final ReminderStore reminders;
    private final CustomerProfiles profiles;
    private final ProducerTemplate producer;
    private final Clock clock;
    private final Settings settings;
    private final Replenishment replenishment;
    private final Counter checks;
    private final Counter historiesRead;
    private final Counter pairsPlanned;
    private final AttributeCodec codec = new AttributeCodec();
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "reminders");
        thread.setDaemon(true);
        return thread;
    });

    /** How reminders are planned and sent: hub.reminders.*. */
    public record Settings(int minPurchases, double priorWeight, int leadDays, String channel, long checkSeconds) {
    }

    /** meters: where checks are counted, with the customers' histories they read and the customer-SKU pairs they planned. */
    public Reminders(CustomerStore store, CustomerProfiles profiles, ProducerTemplate producer, Clock clock,
                     Settings settings, MeterRegistry meters) {
        this.store = store;
        this.reminders = new ReminderStore(store);
        this.profiles = profiles;
        this.producer = producer;
        this.clock = clock;
        this.settings = settings;
        this.replenishment = new Replenishment(settings.minPurchases(), settings.priorWeight());
        this.checks = Counter.builder("hub.reminders.checks").description("Reminder checks run to the end").register(meters);
        this.historiesRead = Counter.builder("hub.reminders.histories.read")
                .description("Customers whose purchase history a reminder check read (those changed since the last check)")
                .register(meters);
        this.pairsPlanned = Counter.builder("hub.reminders.pairs.planned")
                .description("Customer and SKU pairs a reminder check planned from").register(meters);
    }

    @Override
    protected void doStart() {
        if (settings.checkSeconds() > 0) {
            schedule.scheduleWithFixedDelay(this::check, 0, settings.checkSeconds(), TimeUnit.SECONDS);
        }
    }

    @Override
    protected void doStop() throws InterruptedException {
        // no interrupt: a thread interrupted in the middle of H2's file I/O closes the file under the whole store; a
        // check stops between its transactions, and the next start goes on from what it committed
        schedule.shutdown();
        schedule.awaitTermination(1, TimeUnit.MINUTES);
    }

    public List<Reminder> ofCustomer(String hubId) {
        return reminders.ofCustomer(hubId);
    }

    /** One pass: publish what a crash left unpublished, plan, decide what is due, publish it. */
    void check() {
        try {
            publishPending();
            Instant now = clock.instant();
            int planned = plan(now);
            int decided;
            do {
                decided = decideDue(now);
            } while (decided == BATCH);
            publishPending();
            checks.increment();
            if (planned > 0) {
                LOG.info("Planned {} replenishment reminders", planned);
            }
        } catch (RuntimeException e) {
            LOG.warn("Reminder check failed, tried again in {} s: {}", settings.checkSeconds(), e.toString());
        }
    }

    /**
     * Plans from what changed since the last check: the customers of the purchases and REMINDER_SETs stored since
     * (found above the watermark over interaction ids), those marked since by a restated order, a merge or a split,
     * and the requests whose next reminder is due to be planned. How many reminders it added.
     */
    private int plan(Instant now) {
        int seen;
        do {
            seen = store.inTransaction(tx -> markNew(tx, now));
        } while (seen == SCAN && !isStoppingOrStopped());
        long upTo = store.inTransaction(tx -> tx.reminders().lastPending());
        int read;
        do {
            read = store.inTransaction(tx -> countHistories(tx, upTo));
            historiesRead.increment(read);
        } while (read > 0 && !isStoppingOrStopped());
        int added = 0;
        Planning batch;
        do {
            batch = store.inTransaction(tx -> planMarked(tx, upTo, now));
            added += batch.added();
        } while (batch.read() > 0 && !isStoppingOrStopped());
        do {
            batch = store.inTransaction(tx -> planRequests(tx, now));
            added += batch.added();
        } while (batch.read() == BATCH && !isStoppingOrStopped());
        return added;
    }

    /**
     * Reads up to SCAN interactions above the watermark (ids and types only), and those of the ids it passed while
     * they were missing that are there now, marks the customers of the purchases and REMINDER_SETs among them for this
     * check, and moves the watermark past them. How many it read above the watermark.
     */
    private int markNew(StoreTransaction tx, Instant now) {
        ReminderRows rows = tx.reminders();
        long upTo = rows.lockPlanning();
        List<Seen> above = rows.interactionsAfter(upTo, SCAN);
        List<Seen> filled = rows.gapsFilled();
        Watermark.Step step = Watermark.over(upTo, above.stream().map(Seen::id).toList());
        Set<String> customers = new TreeSet<>();
        for (List<Seen> seen : List.of(above, filled)) {
            seen.stream().filter(Seen::plannedFrom).forEach(interaction -> customers.add(interaction.hubId()));
        }
        rows.changed(customers);
        rows.advance(step.upTo(), step.missing(), filled.stream().map(Seen::id).toList(), now, now.minus(GAP_PATIENCE));
        return above.size();
    }

    /**
     * Counts a batch of marked customers' histories into what planning keeps: each customer's purchases and latest
     * request per SKU replace what was kept of them, and every SKU's running sums move by the change of their share.
     * All of a check's marks are counted before any is planned from, so every expectation of the check is worked out
     * from the same SKU paces, as one pass over the whole history did. How many customers' histories it read.
     */
    private int countHistories(StoreTransaction tx, long upTo) {
        ReminderRows rows = tx.reminders();
        rows.lockPlanning();
        List<ReminderRows.Pending> marks = rows.pending(false, upTo, BATCH);
        if (marks.isEmpty()) {
            return 0;
        }
        Set<String> hubIds = marks.stream().map(ReminderRows.Pending::hubId).collect(Collectors.toCollection(TreeSet::new));
        Map<String, List<Instant>> purchases = new HashMap<>();
        Map<String, Request> requests = new HashMap<>();
        rows.forEachPlanningInput(hubIds, (hubId, type, at, interaction) -> {
            if ("REMINDER".equals(type)) {
                if (interaction.getEveryDays() != null) {
                    interaction.getLine().forEach(line -> requests.merge(key(hubId, line.getSku()),
                            new Request(hubId, line.getSku(), at, interaction.getEveryDays()), Request::later));
                }
            } else {
                skus(interaction).forEach(sku -> purchases.computeIfAbsent(key(hubId, sku), k -> new ArrayList<>()).add(at));
            }
        });
        Map<String, Pair> kept = new HashMap<>();
        rows.pairs(hubIds).forEach(pair -> kept.put(key(pair.hubId(), pair.sku()), pair));
        Set<String> keys = new HashSet<>(kept.keySet());
        keys.addAll(purchases.keySet());
        keys.addAll(requests.keySet());
        Map<String, Pace> moves = new HashMap<>();
        for (String key : keys) {
            Pair before = kept.get(key);
            Pair after = pairOf(key, purchases.get(key), requests.get(key), before);
            Purchases was = before == null ? Purchases.NONE : before.purchases();
            Purchases is = after == null ? Purchases.NONE : after.purchases();
            if (was.spanMinutes() != is.spanMinutes() || was.intervals() != is.intervals()) {
                moves.merge(sku(key), Pace.NONE.plus(is).minus(was), Reminders::sum);
            }
            if (after == null) {
                rows.deletePair(hubOf(key), sku(key));
            } else if (!after.equals(before)) {
                rows.savePair(after);
            }
        }
        moves.forEach((sku, move) -> rows.movePace(sku, move.spanMinutes(), move.intervals()));
        rows.summed(marks);
        return hubIds.size();
    }

    /**
     * What is kept of a customer and SKU after their history was read again, null when nothing is left of it (erased
     * from the history, merged away). A request kept as it was keeps when its next reminder is planned; a new one is
     * planned at once.
     */
    private static Pair pairOf(String key, List<Instant> purchases, Request request, Pair before) {
        if (purchases == null && request == null) {
            return null;
        }
        Purchases bought = purchases == null ? Purchases.NONE : Purchases.of(purchases);
        Instant setAt = request == null ? null : request.at();
        Integer everyDays = request == null ? null : request.everyDays();
        Instant replanAt = before != null && Objects.equals(before.setAt(), setAt)
                && Objects.equals(before.everyDays(), everyDays) ? before.replanAt() : null;
        return new Pair(hubOf(key), sku(key), bought, setAt, everyDays, replanAt);
    }

    /** One planning transaction: how many customers or requests it read, how many reminders it added. */
    private record Planning(int read, int added) {
    }

    /** Plans a batch of counted customers' reminders from what is kept of them. */
    private Planning planMarked(StoreTransaction tx, long upTo, Instant now) {
        ReminderRows rows = tx.reminders();
        rows.lockPlanning();
        List<ReminderRows.Pending> marks = rows.pending(true, upTo, BATCH);
        if (marks.isEmpty()) {
            return new Planning(0, 0);
        }
        Set<String> hubIds = marks.stream().map(ReminderRows.Pending::hubId).collect(Collectors.toCollection(TreeSet::new));
        int added = plan(tx, rows.pairs(hubIds), now);
        rows.planned(marks);
        return new Planning(hubIds.size(), added);
    }

    /** Plans the next reminder of a batch of requests whose last one's expected date has come. */
    private Planning planRequests(StoreTransaction tx, Instant now) {
        ReminderRows rows = tx.reminders();
        rows.lockPlanning();
        List<Pair> due = rows.toReplan(now, BATCH);
        return new Planning(due.size(), plan(tx, due, now));
    }

    /**
     * Plans each pair's reminders: the next one its latest request asks for (replacing what earlier requests for the
     * SKU planned), and the one its purchases expect. How many were added.
     */
    private int plan(StoreTransaction tx, List<Pair> pairs, Instant now) {
        pairsPlanned.increment(pairs.size());
        Map<String, Pace> paces = tx.reminders().paces(pairs.stream()
                .filter(pair -> pair.purchases().count() >= settings.minPurchases()).map(Pair::sku).collect(Collectors.toSet()));
        Duration lead = Duration.ofDays(settings.leadDays());
        int added = 0;
        for (Pair pair : pairs) {
            List<Planned> planned = new ArrayList<>();
            if (pair.requested()) {
                Planned next = new Request(pair.hubId(), pair.sku(), pair.setAt(), pair.everyDays()).next(now);
                tx.reminders().replaceEarlierRequests(pair.hubId(), pair.sku(), pair.setAt(), now);
                tx.reminders().replanAt(pair.hubId(), pair.sku(), next.expectedAt());
                planned.add(next);
            }
            replenishment.expectation(pair.hubId(), pair.sku(), pair.purchases(), paces.getOrDefault(pair.sku(), Pace.NONE))
                    .ifPresent(e -> planned.add(new Planned(e.hubId(), e.sku(), "PURCHASES", e.lastPurchase(), e.expectedAt(), null)));
            for (Planned p : planned) {
                // a moment that passed is not worth a reminder: a history loaded today reminds of nothing it missed
                if (p.expectedAt().isAfter(now) && tx.reminders().plan(p.hubId(), p.sku(), p.source(), p.basisAt(),
                        p.expectedAt(), p.expectedAt().minus(lead), p.setAt())) {
                    added++;
                }
            }
        }
        return added;
    }

    private static Pace sum(Pace one, Pace other) {
        return new Pace(one.spanMinutes() + other.spanMinutes(), one.intervals() + other.intervals());
    }

    private static String key(String hubId, String sku) {
        return hubId + "\n" + sku;
    }

    private static String hubOf(String key) {
        return key.substring(0, key.indexOf('\n'));
    }

    private static String sku(String key) {
        return key.substring(key.indexOf('\n') + 1);
    }

    /** setAt: the REMINDER_SET a WEB reminder was asked by, null for one planned from purchases. */
    private record Planned(String hubId, String sku, String source, Instant basisAt, Instant expectedAt, Instant setAt) {
    }

    /** A customer's REMINDER_SET for a SKU: remind every everyDays days from its time. */
    private record Request(String hubId, String sku, Instant at, int everyDays) {
        /** The customer's latest request for the SKU is the one that counts. */
        static Request later(Request one, Request other) {
            return other.at.isAfter(one.at) ? other : one;
        }

        /** The next reminder the request asks for after now: every everyDays days after the request. */
        Planned next(Instant now) {
            Duration every = Duration.ofDays(everyDays);
            long passed = now.isAfter(at) ? Duration.between(at, now).dividedBy(every) : 0;
            Instant basis = at.plus(every.multipliedBy(passed));
            return new Planned(hubId, sku, "WEB", basis, basis.plus(every), at);
        }
    }

    private static List<String> skus(Interaction interaction) {
        return interaction.getLine().stream().filter(line -> line.getQuantity() > 0).map(InteractionLine::getSku)
                .distinct().toList();
    }

    /** Decides up to a batch of due reminders, each in a transaction of its own; how many it looked at. */
    private int decideDue(Instant now) {
        List<Reminder> due = store.inTransaction(tx -> tx.reminders().due(now, BATCH));
        for (Reminder reminder : due) {
            Optional<Customer> customer = profiles.find(reminder.hubId());
            store.inTransaction(tx -> decide(tx, reminder, customer, now));
        }
        return due.size();
    }

    private boolean decide(StoreTransaction tx, Reminder reminder, Optional<Customer> customer, Instant now) {
        ReminderRows rows = tx.reminders();
        if (customer.isEmpty() || rows.boughtSince(reminder.hubId(), reminder.sku(), reminder.basisAt())) {
            if (rows.decide(reminder.id(), "SUPPRESSED", null, now)) {
                LOG.info("Reminder {} of customer {} suppressed: {}", reminder.id(), reminder.hubId(),
                        customer.isEmpty() ? "customer gone" : "bought again since");
            }
            return false;
        }
        CustomerChanged event = event(customer.get(), reminder, now);
        if (!rows.decide(reminder.id(), "SENT", event.getEventId(), now)) {
            return false;
        }
        tx.recordEvent(event.getEventId(), messageId(reminder), reminder.hubId(), codec.toXml(event), now.atOffset(ZoneOffset.UTC));
        return true;
    }

    private void publishPending() {
        List<Reminder> pending = store.inTransaction(tx -> tx.reminders().unpublished());
        for (Reminder reminder : pending) {
            List<String> payload = store.inTransaction(tx -> tx.events(messageId(reminder)));
            if (payload.isEmpty()) {
                continue;
            }
            Map<String, Object> headers = Map.of(DUPLICATE_ID, reminder.eventId(), "HubId", reminder.hubId(),
                    "HubEventId", reminder.eventId(), "HubDocumentType", "ReminderDue");
            producer.sendBodyAndHeaders(EVENTS, payload.get(0), headers);
            producer.sendBodyAndHeaders("jms:queue:hub.out." + settings.channel(), payload.get(0), headers);
            store.inTransaction(tx -> {
                tx.reminders().published(reminder.id());
                return null;
            });
            LOG.info("Reminder {} of customer {} sent as event {} to hub.out.{}", reminder.id(), reminder.hubId(),
                    reminder.eventId(), settings.channel());
        }
    }

    private static String messageId(Reminder reminder) {
        return "reminder-" + reminder.id();
    }

    private CustomerChanged event(Customer customer, Reminder reminder, Instant now) {
        CustomerChanged event = new CustomerChanged();
        event.setEventId(TimeOrderedIds.next());
        event.setHubId(customer.getHubId());
        event.setChannel(Channel.HUB);
        event.setMessageId(messageId(reminder));
        event.setAt(Times.calendar(now));
        event.getKind().add(ChangeKind.REMINDER_DUE);
        event.getSourceKey().addAll(customer.getSourceKey());
        event.setCurrent(profiles.currentContact(customer));
        ReminderDue due = new ReminderDue();
        due.setSku(reminder.sku());
        due.setSource(reminder.source());
        due.setExpectedAt(Times.calendar(reminder.expectedAt()));
        due.setDueAt(Times.calendar(reminder.dueAt()));
        event.setReminderDue(due);
        return event;
    }
}
