package org.customerhub.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import org.customerhub.store.Database;
import org.customerhub.store.MonitoringStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Silence thresholds with opening hours, on an injected clock and a real (in-memory H2) store for the history. */
class ChannelMonitorTest {
    private static final ZoneId ZONE = ZoneId.of("America/New_York");
    /** Saturday 5 December 2026, 07:00 in New York: the tills open at 08:00. */
    private static final Instant SATURDAY_7AM = Instant.parse("2026-12-05T12:00:00Z");

    private final MovableClock clock = new MovableClock(SATURDAY_7AM);
    private HikariDataSource dataSource;
    private MonitoringStore store;
    private ChannelMonitor monitor;

    @BeforeEach
    void start() throws IOException {
        dataSource = Database.pool("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2, 5000);
        Database.migrate(dataSource);
        store = new MonitoringStore(dataSource);
        monitor = new ChannelMonitor(thresholds("""
                channel.retail.silence = 10m
                channel.retail.schedule = MON-SAT 08:00-21:00
                """), store, clock, ZONE, Duration.ofHours(2), List.of("channel.retail", "channel.web"));
    }

    @AfterEach
    void stop() {
        dataSource.close();
    }

    @Test
    void silenceCountsOnlyDuringOpeningHoursAndFromTheOpening() {
        clock.advance(Duration.ofMinutes(50));
        assertThat(monitor.check()).as("closed before 08:00: silence is expected").isEmpty();
        clock.advance(Duration.ofMinutes(15));
        assertThat(monitor.check()).as("08:05, five minutes after opening").isEmpty();
        clock.advance(Duration.ofMinutes(6));
        List<ChannelMonitor.Alert> raised = monitor.check();
        assertThat(raised).singleElement().satisfies(alert -> {
            assertThat(alert.source()).isEqualTo("channel.retail");
            assertThat(alert.kind()).isEqualTo(ChannelMonitor.Kind.SILENCE);
            assertThat(alert.active()).isTrue();
        });
        assertThat(monitor.activeAlerts()).hasSize(1);
        assertThat(monitor.check()).as("raised once, not at every check").isEmpty();

        monitor.record("channel.retail", false, Duration.ofMillis(40));
        assertThat(monitor.check()).singleElement().satisfies(alert -> assertThat(alert.active()).isFalse());
        assertThat(monitor.activeAlerts()).isEmpty();
    }

    @Test
    void aSundayIsNotInTheSchedule() {
        clock.advance(Duration.ofHours(24 + 4));
        assertThat(monitor.check()).isEmpty();
    }

    @Test
    void closedMinutesGoToTheStoreAndOldOnesAreDeleted() {
        clock.advance(Duration.ofMinutes(70));
        monitor.record("channel.retail", false, Duration.ofMillis(100));
        monitor.record("channel.retail", true, null);
        clock.advance(Duration.ofMinutes(1));
        monitor.check();
        List<MonitoringStore.Minute> stored = store.since(SATURDAY_7AM);
        assertThat(stored).singleElement().satisfies(minute -> {
            assertThat(minute.source()).isEqualTo("channel.retail");
            assertThat(minute.messages()).isEqualTo(2);
            assertThat(minute.errors()).isEqualTo(1);
            assertThat(minute.p95Millis()).isEqualTo(100);
        });
        assertThat(monitor.history(Duration.ofHours(1))).containsOnlyKeys("channel.retail");
        clock.advance(Duration.ofHours(3));
        monitor.check();
        assertThat(store.since(SATURDAY_7AM)).as("kept for two hours only").isEmpty();
    }

    private static Thresholds thresholds(String text) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        return Thresholds.parse(properties);
    }

    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
