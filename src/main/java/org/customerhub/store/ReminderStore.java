package org.customerhub.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.customerhub.canonical.Interaction;
import org.customerhub.store.ReminderRows.Reminder;
import org.jdbi.v3.core.Jdbi;

/** Replenishment reminders across the store: the history they are planned from, and a customer's reminders. */
public final class ReminderStore {
    private final Jdbi jdbi;

    public ReminderStore(CustomerStore store) {
        this.jdbi = store.jdbi();
    }

    public interface PlanningInput {
        void accept(String hubId, String type, Instant at, Interaction interaction);
    }

    /** Every purchase and REMINDER_SET (interaction REMINDER) of a known customer, streamed. */
    public void forEachPlanningInput(PlanningInput each) {
        AttributeCodec codec = new AttributeCodec();
        jdbi.useHandle(handle -> {
            try (var rows = handle.createQuery("SELECT hub_id, type, occurred_at, detail_xml FROM interaction"
                            + " WHERE hub_id IS NOT NULL AND type IN (" + ReminderRows.PURCHASES + ", 'REMINDER')"
                            + " AND detail_xml NOT LIKE '%status=\"CANCELLED\"%'")
                    .setFetchSize(1000)
                    .map((rs, ctx) -> new Object[] {rs.getString("hub_id"), rs.getString("type"),
                            rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), rs.getString("detail_xml")})
                    .stream()) {
                rows.forEach(row -> each.accept((String) row[0], (String) row[1], (Instant) row[2],
                        codec.interactionFromXml((String) row[3])));
            }
        });
    }

    public List<Reminder> ofCustomer(String hubId) {
        return jdbi.withHandle(handle -> new ReminderRows(handle).ofCustomer(hubId));
    }
}
