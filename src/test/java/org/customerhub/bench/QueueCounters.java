package org.customerhub.bench;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.customerhub.faults.HubProcess;

/** The hub's queues summed by kind, from the admin API's broker figures (counted since the hub started). */
record QueueCounters(long inboundDepth, long workAcknowledged, long workDepth,
                     long deadLettersEnqueued) {

    static QueueCounters of(HubProcess hub) {
        long inDepth = 0;
        long workAck = 0;
        long workDepth = 0;
        long dead = 0;
        for (JsonNode queue : hub.queues()) {
            String name = queue.get("queue").asText();
            if (name.startsWith("hub.in.")) {
                inDepth += queue.get("depth").asLong();
            } else if (name.startsWith("hub.work.")) {
                workAck += queue.get("acknowledged").asLong();
                workDepth += queue.get("depth").asLong();
            } else if (name.startsWith("hub.dlq.")) {
                dead += queue.get("enqueued").asLong();
            }
        }
        return new QueueCounters(inDepth, workAck, workDepth, dead);
    }

    /** Waits until the hub has nothing left to do: channel, work and feed queues empty (a lookup measured while the
     *  feeds still work off an ingest's change events would time the feeds as well). */
    static void awaitQuiet(HubProcess hub, Duration patience) {
        Awaitility.await().atMost(patience).pollInterval(Duration.ofMillis(250)).until(() -> {
            for (JsonNode queue : hub.queues()) {
                String name = queue.get("queue").asText();
                boolean hubWork = name.startsWith("hub.in.") || name.startsWith("hub.work.") || name.startsWith("feed.");
                if (hubWork && queue.get("depth").asLong() > 0) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Every message sent since the earlier figures has been ingested or dead-lettered (the broker diverts each from
     *  its inbound queue to the work queue, so nothing stays on the inbound one). */
    boolean finished(QueueCounters before, int sent) {
        return workAcknowledged - before.workAcknowledged >= sent && inboundDepth == 0 && workDepth == 0;
    }
}
