package org.customerhub.segments;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.service.ServiceSupport;
import org.customerhub.canonical.ChangeKind;
import org.customerhub.canonical.Channel;
import org.customerhub.canonical.Customer;
import org.customerhub.canonical.CustomerChanged;
import org.customerhub.canonical.TierChange;
import org.customerhub.identity.LiveValue;
import org.customerhub.query.CustomerProfiles;
import org.customerhub.store.AttributeCodec;
import org.customerhub.store.CustomerStore;
import org.customerhub.store.StoreTransaction.UnpublishedEvent;
import org.customerhub.store.TimeOrderedIds;
import org.customerhub.store.ValueStore;
import org.customerhub.value.Base;
import org.customerhub.value.Times;
import org.customerhub.value.ValueFitting;
import org.customerhub.value.ValueModel;
import org.customerhub.value.ValueState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits the value models over the whole base in the background, on a schedule (hub.value.refit) and when an admin
 * asks: one fit at a time on a thread of its own, reading the stored figures rather than the interactions and never
 * taking the writer lock, so ingest goes on. The fit is kept and taken into use, then every customer's predictions,
 * RFM scores and tier are worked out again in small transactions, from the history as it then stands (so a message
 * applied meanwhile is not undone, and a window that moved on since the customer's last message is taken into account).
 * A tier that changed is a TIER_CHANGED event written to the change-event outbox in its batch's transaction and
 * published after the commit; what a crash or a failed send left unpublished is published again (at start and every
 * few seconds), and arrives once.
 */
public final class ValueRefit extends ServiceSupport {
    private static final Logger LOG = LoggerFactory.getLogger(ValueRefit.class);
    private static final int BATCH = 500;
    private static final String EVENTS = "jms:topic:hub.customer.events";
    /** Artemis' duplicate id: a second message with the same id on an address is dropped by the broker. */
    private static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    private static final int PUBLISH_BATCH = 200;
    /** Seconds between passes that publish what a failed send left in the outbox. */
    private static final long RELAY_SECONDS = 5;

    private final CustomerStore store;
    private final ValueStore values;
    private final ValueState state;
    private final LiveValue live;
    private final CustomerProfiles profiles;
    private final ProducerTemplate producer;
    private final long everyMinutes;
    private final AttributeCodec codec = new AttributeCodec();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> daemon(r, "value-fit"));
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "value-fit-schedule"));
    private final AtomicReference<Future<?>> running = new AtomicReference<>();
    private volatile String lastFailure;
    /** Whether the outbox may hold unpublished events: at start (a crash may have left some), after a fit, after a failed send. */
    private final AtomicBoolean unpublished = new AtomicBoolean(true);

    public ValueRefit(CustomerStore store, ValueStore values, ValueState state, CustomerProfiles profiles,
                      ProducerTemplate producer, long everyMinutes) {
        this.store = store;
        this.values = values;
        this.live = new LiveValue(state, codec);
        this.state = state;
        this.profiles = profiles;
        this.producer = producer;
        this.everyMinutes = everyMinutes;
    }

    @Override
    protected void doStart() {
        values.latestModel().ifPresent(state::useModel);
        schedule.scheduleWithFixedDelay(this::publishPending, 0, RELAY_SECONDS, TimeUnit.SECONDS);
        if (everyMinutes > 0) {
            schedule.scheduleWithFixedDelay(() -> request("schedule"), everyMinutes, everyMinutes, TimeUnit.MINUTES);
        }
    }

    @Override
    protected void doStop() {
        schedule.shutdownNow();
        runner.shutdownNow();
    }

    /** Starts a fit unless one is running; true when this request started one. */
    public synchronized boolean request(String why) {
        Future<?> current = running.get();
        if (current != null && !current.isDone()) {
            return false;
        }
        running.set(runner.submit(() -> fit(why)));
        return true;
    }

    public boolean isRunning() {
        Future<?> current = running.get();
        return current != null && !current.isDone();
    }

    /** Why the last fit failed, if it did; empty after a fit that completed. */
    public Optional<String> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    private void fit(String why) {
        try {
            Instant now = state.clock().instant();
            Optional<ValueModel> fitted = fitOverBase(now);
            if (fitted.isEmpty()) {
                LOG.info("Value fit ({}) skipped: no customer has a purchase yet", why);
                lastFailure = null;
                return;
            }
            ValueModel model = fitted.get();
            values.saveModel(model);
            state.useModel(model);
            int changed = 0;
            // a page of hub ids at a time from the store: the base's ids are not held while it is gone through
            for (List<String> page = values.purchasersAfter("", BATCH); !page.isEmpty();
                 page = values.purchasersAfter(page.get(page.size() - 1), BATCH)) {
                changed += retier(page, model, now);
            }
            LOG.info("Value fit ({}) over {} customers in {} ms: r={} alpha={} a={} b={}, log-likelihood {}; {} tiers changed",
                    why, model.purchasing().customers(), model.fitMillis(), model.purchasing().model().r(),
                    model.purchasing().model().alpha(), model.purchasing().model().a(), model.purchasing().model().b(),
                    model.purchasing().logLikelihood(), changed);
            lastFailure = null;
        } catch (RuntimeException e) {
            lastFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.warn("Value fit ({}) failed: {}", why, lastFailure, e);
        }
    }

    /**
     * The fit over the stored figures of every customer with a purchase, empty when there is none. The base is held
     * only here, so it is garbage before the customers are placed again.
     */
    private Optional<ValueModel> fitOverBase(Instant now) {
        // sized by a count first, so that the columns are not grown (and copied) while the rows stream in
        Base base = new Base(now, values.purchaserCount());
        values.forEachPurchaser(base::add);
        if (base.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ValueFitting.fit(base, state.rules(), state.horizonMonths(), state.discountRate()));
    }

    /**
     * Works one batch's figures out again under the new fit; each tier change's event is written to the change-event
     * outbox in the same transaction, and published once it committed.
     */
    private int retier(List<String> batch, ValueModel model, Instant now) {
        String fitId = "value-fit-" + model.fittedAt();
        Map<String, TierChange> changes = store.inTransaction(tx -> {
            Map<String, TierChange> changed = new LinkedHashMap<>();
            batch.forEach(hubId -> live.refresh(tx, hubId, now).ifPresent(change -> changed.put(hubId, change)));
            for (Customer customer : profiles.findAll(List.copyOf(changed.keySet()))) {
                CustomerChanged event = event(customer, changed.get(customer.getHubId()), fitId, now);
                tx.recordUnpublishedEvent(event.getEventId(), fitId, customer.getHubId(), codec.toXml(event),
                        now.atOffset(ZoneOffset.UTC));
            }
            return changed;
        });
        changes.forEach((hubId, change) ->
                LOG.info("Customer {} moved from tier {} to {} by {}", hubId, change.getFrom(), change.getTo(), fitId));
        unpublished.set(true);
        publishPending();
        return changes.size();
    }

    /**
     * Publishes the outbox's unpublished events (a fit's, or what a crash or a failed send left), each under its event
     * id as the broker's duplicate id so that one sent before a crash and sent again is dropped; a failed send leaves
     * the rest for the next pass. A pass reads the store only when something may be unpublished.
     */
    private synchronized void publishPending() {
        if (!unpublished.getAndSet(false)) {
            return;
        }
        try {
            List<UnpublishedEvent> pending;
            do {
                pending = store.inTransaction(tx -> tx.unpublishedEvents(PUBLISH_BATCH));
                for (UnpublishedEvent event : pending) {
                    producer.sendBodyAndHeaders(EVENTS, event.payload(), Map.of(DUPLICATE_ID, event.eventId(),
                            "HubId", event.hubId(), "HubEventId", event.eventId()));
                    store.inTransaction(tx -> {
                        tx.eventPublished(event.eventId());
                        return null;
                    });
                }
            } while (pending.size() == PUBLISH_BATCH);
        } catch (RuntimeException e) {
            unpublished.set(true);
            LOG.warn("Publishing fit events failed, tried again in {} s: {}", RELAY_SECONDS, e.toString());
        }
    }

    private CustomerChanged event(Customer customer, TierChange change, String fitId, Instant now) {
        CustomerChanged event = new CustomerChanged();
        event.setEventId(TimeOrderedIds.next());
        event.setHubId(customer.getHubId());
        event.setChannel(Channel.HUB);
        event.setMessageId(fitId);
        event.setAt(Times.calendar(now));
        event.getKind().add(ChangeKind.TIER_CHANGED);
        event.getSourceKey().addAll(customer.getSourceKey());
        event.setCurrent(profiles.currentContact(customer));
        event.setTier(change);
        return event;
    }

    private static Thread daemon(Runnable work, String name) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        return thread;
    }
}
