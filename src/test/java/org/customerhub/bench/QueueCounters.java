package org.customerhub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.customerhub.faults.HubProcess;

/** The hub's queues summed by kind, from the admin API's broker figures (counted since the hub started). */
record QueueCounters(long inboundAcknowledged, long inboundDepth, long workAcknowledged, long workDepth,
                     long deadLettersEnqueued) {

    static QueueCounters of(HubProcess hub) {
        long inAck = 0;
        long inDepth = 0;
        long workAck = 0;
        long workDepth = 0;
        long dead = 0;
        for (JsonNode queue : hub.queues()) {
            String name = queue.get("queue").asText();
            if (name.startsWith("hub.in.")) {
                inAck += queue.get("acknowledged").asLong();
                inDepth += queue.get("depth").asLong();
            } else if (name.startsWith("hub.work.")) {
                workAck += queue.get("acknowledged").asLong();
                workDepth += queue.get("depth").asLong();
            } else if (name.startsWith("hub.dlq.")) {
                dead += queue.get("enqueued").asLong();
            }
        }
        return new QueueCounters(inAck, inDepth, workAck, workDepth, dead);
    }

    /** Every message taken since the earlier figures has been checked and, unless dead-lettered, ingested. */
    boolean finished(QueueCounters before, int sent) {
        return inboundAcknowledged - before.inboundAcknowledged >= sent && inboundDepth == 0 && workDepth == 0;
    }
}
