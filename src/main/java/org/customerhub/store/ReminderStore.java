package org.customerhub.store;

import java.util.List;

import org.customerhub.store.ReminderRows.Reminder;
import org.jdbi.v3.core.Jdbi;

/** Replenishment reminders across the store: a customer's reminders, outside any transaction of the caller's. */
public final class ReminderStore {
    private final Jdbi jdbi;

    public ReminderStore(CustomerStore store) {
        this.jdbi = store.jdbi();
    }

    public List<Reminder> ofCustomer(String hubId) {
        return jdbi.withHandle(handle -> new ReminderRows(handle).ofCustomer(hubId));
    }
}
