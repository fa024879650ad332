package org.customerhub.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.customerhub.bench.TrafficGenerator.Message;
import org.customerhub.faults.HubProcess;

/**
 * The hub's end-to-end ingest rate: every channel sends its messages as fast as the broker takes them (one producer
 * per channel), and the run ends when the hub has stored the last one (its ingest route acknowledged it, which it
 * does after the database commit). The hub's queue figures are read every 100 ms; the end is known to that.
 */
final class IngestRun {
    private static final long POLL_MS = 100;

    record Result(int messages, double seconds, long deadLetters) {
        double perSecond() {
            return messages / seconds;
        }

        double msPerMessage() {
            return seconds * 1000 / messages;
        }
    }

    private IngestRun() {
    }

    static Result run(HubProcess hub, List<Message> messages, Timeline timeline, Duration patience) throws Exception {
        QueueCounters before = QueueCounters.of(hub);
        Map<String, List<Message>> byChannel = messages.stream().collect(Collectors.groupingBy(Message::channel));
        ExecutorService producers = Executors.newFixedThreadPool(byChannel.size());
        try (ChannelSenders senders = new ChannelSenders(hub.brokerUrl())) {
            long start = System.nanoTime();
            List<Future<?>> sending = new ArrayList<>();
            for (List<Message> channel : byChannel.values()) {
                sending.add(producers.submit(() -> {
                    for (Message message : channel) {
                        senders.send(message);
                    }
                    return null;
                }));
            }
            long deadline = start + patience.toNanos();
            long nextSample = start + 1_000_000_000L;
            long storedAtSample = before.workAcknowledged();
            QueueCounters now = before;
            while (!now.finished(before, messages.size())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the hub did not take " + messages.size() + " messages within " + patience
                            + ": " + now);
                }
                Thread.sleep(POLL_MS);
                now = QueueCounters.of(hub);
                if (System.nanoTime() >= nextSample) {
                    timeline.ingest(timeline.at(nextSample), now.workAcknowledged() - storedAtSample);
                    storedAtSample = now.workAcknowledged();
                    nextSample += 1_000_000_000L;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            for (Future<?> producer : sending) {
                producer.get();
            }
            return new Result(messages.size(), seconds, now.deadLettersEnqueued() - before.deadLettersEnqueued());
        } finally {
            producers.shutdownNow();
        }
    }
}
