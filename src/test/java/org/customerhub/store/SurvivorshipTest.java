package org.customerhub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Properties;

import org.customerhub.store.StoreRows.AttributeRow;
import org.junit.jupiter.api.Test;

class SurvivorshipTest {
    private static final OffsetDateTime MARCH = OffsetDateTime.parse("2026-03-01T00:00:00Z");

    private static AttributeRow row(long id, String channel, OffsetDateTime at) {
        return new AttributeRow(id, "address", "postal", "k" + id, "{}", channel, "m" + id, at, null);
    }

    private static Survivorship of(String... settings) {
        Properties properties = new Properties();
        for (int i = 0; i < settings.length; i += 2) {
            properties.setProperty(settings[i], settings[i + 1]);
        }
        return new Survivorship(properties);
    }

    @Test
    void latestEffectiveTimeWinsWhateverTheOrderOfArrival() {
        List<AttributeRow> rows = List.of(row(1, "web", MARCH.plusDays(9)), row(2, "catalogue", MARCH));
        assertThat(of("default", "latest").current("address", rows)).map(AttributeRow::id).contains(1L);
    }

    @Test
    void equalTimesGoToTheValueRecordedLast() {
        List<AttributeRow> rows = List.of(row(1, "web", MARCH), row(2, "catalogue", MARCH));
        assertThat(of("default", "latest").current("address", rows)).map(AttributeRow::id).contains(2L);
    }

    @Test
    void priorityPrefersTheListedChannelsInOrderThenLatest() {
        Survivorship survivorship = of("default", "latest", "address", "priority:catalogue,web");
        List<AttributeRow> rows = List.of(row(1, "web", MARCH.plusDays(9)), row(2, "catalogue", MARCH),
                row(3, "retail", MARCH.plusDays(20)), row(4, "catalogue", MARCH.plusDays(1)));
        assertThat(survivorship.current("address", rows)).map(AttributeRow::id).contains(4L);
        assertThat(survivorship.current("phone", rows)).map(AttributeRow::id).contains(3L);
    }

    @Test
    void anUnknownStrategyIsRefusedAtStartup() {
        assertThatThrownBy(() -> of("default", "oldest")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("oldest");
    }
}
