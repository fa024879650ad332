package org.customerhub.segments;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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
import org.customerhub.store.ReminderRows.Reminder;
import org.customerhub.store.ReminderRows;
import org.customerhub.store.ReminderStore;
import org.customerhub.store.StoreTransaction;
import org.customerhub.store.TimeOrderedIds;
import org.customerhub.value.Replenishment;
import org.customerhub.value.Times;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replenishment reminders (README: Replenishment reminders). On a schedule: plans a reminder for every customer and
 * SKU with enough purchases, and the next one each customer's latest REMINDER_SET for a SKU asks for (replacing what
 * earlier requests for the SKU planned), then decides each reminder that fell due: SUPPRESSED when the
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

    private final CustomerStore store;
    private final ReminderStore reminders;
    private final CustomerProfiles profiles;
    private final ProducerTemplate producer;
    private final Clock clock;
    private final Settings settings;
    private final AttributeCodec codec = new AttributeCodec();
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "reminders");
        thread.setDaemon(true);
        return thread;
    });

    /** How reminders are planned and sent: hub.reminders.*. */
    public record Settings(int minPurchases, double priorWeight, int leadDays, String channel, long checkSeconds) {
    }

    public Reminders(CustomerStore store, CustomerProfiles profiles, ProducerTemplate producer, Clock clock,
                     Settings settings) {
        this.store = store;
        this.reminders = new ReminderStore(store);
        this.profiles = profiles;
        this.producer = producer;
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    protected void doStart() {
        if (settings.checkSeconds() > 0) {
            schedule.scheduleWithFixedDelay(this::check, 0, settings.checkSeconds(), TimeUnit.SECONDS);
        }
    }

    @Override
    protected void doStop() {
        schedule.shutdownNow();
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
            if (planned > 0) {
                LOG.info("Planned {} replenishment reminders", planned);
            }
        } catch (RuntimeException e) {
            LOG.warn("Reminder check failed, tried again in {} s: {}", settings.checkSeconds(), e.toString());
        }
    }

    private int plan(Instant now) {
        Replenishment replenishment = new Replenishment(settings.minPurchases(), settings.priorWeight());
        Map<String, Request> requests = new HashMap<>();
        reminders.forEachPlanningInput((hubId, type, at, interaction) -> {
            if ("REMINDER".equals(type)) {
                if (interaction.getEveryDays() != null) {
                    interaction.getLine().forEach(line -> requests.merge(hubId + "\n" + line.getSku(),
                            new Request(hubId, line.getSku(), at, interaction.getEveryDays()), Request::later));
                }
            } else {
                skus(interaction).forEach(sku -> replenishment.purchase(hubId, sku, at));
            }
        });
        List<Planned> planned = new ArrayList<>();
        requests.values().forEach(request -> planned.add(request.next(now)));
        replenishment.expectations().forEach(e -> planned.add(new Planned(e.hubId(), e.sku(), "PURCHASES",
                e.lastPurchase(), e.expectedAt(), null)));
        Duration lead = Duration.ofDays(settings.leadDays());
        return store.inTransaction(tx -> {
            int added = 0;
            for (Planned p : planned) {
                if (p.setAt() != null) {
                    tx.reminders().replaceEarlierRequests(p.hubId(), p.sku(), p.setAt(), now);
                }
                // a moment that passed is not worth a reminder: a history loaded today reminds of nothing it missed
                if (p.expectedAt().isAfter(now) && tx.reminders().plan(p.hubId(), p.sku(), p.source(), p.basisAt(),
                        p.expectedAt(), p.expectedAt().minus(lead), p.setAt())) {
                    added++;
                }
            }
            return added;
        });
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
