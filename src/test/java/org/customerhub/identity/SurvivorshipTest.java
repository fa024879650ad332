package org.customerhub.identity;

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
        return row(id, channel, at, "k" + id);
    }

    private static AttributeRow row(long id, String channel, OffsetDateTime at, String valueKey) {
        return new AttributeRow(id, "address", "postal", valueKey, "{}", channel, "m" + id, at, null);
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
    void oldestKeepsTheValueStatedFirst() {
        List<AttributeRow> rows = List.of(row(1, "web", MARCH.plusDays(9)), row(2, "catalogue", MARCH), row(3, "retail", MARCH));
        assertThat(of("address", "oldest").current("address", rows)).map(AttributeRow::id).contains(2L);
    }

    @Test
    void nonEmptyPassesOverAValueThatSaysNothing() {
        List<AttributeRow> rows = List.of(row(1, "catalogue", MARCH, "12|wachusett st||01609"), row(2, "web", MARCH.plusDays(3), "|||"));
        assertThat(of("address", "non-empty").current("address", rows)).map(AttributeRow::id).contains(1L);
        assertThat(of("address", "latest").current("address", rows)).map(AttributeRow::id).contains(2L);
        assertThat(of("address", "non-empty").current("address", List.of(row(2, "web", MARCH, "")))).map(AttributeRow::id)
                .as("nothing but empty values: the latest of them").contains(2L);
    }

    @Test
    void mostFrequentTakesTheValueStatedMostOftenThenTheLatestOfIt() {
        List<AttributeRow> rows = List.of(row(1, "catalogue", MARCH, "a"), row(2, "retail", MARCH.plusDays(1), "a"),
                row(3, "web", MARCH.plusDays(9), "b"), row(4, "web", MARCH.plusDays(2), "a"));
        assertThat(of("address", "most-frequent").current("address", rows)).map(AttributeRow::id).contains(4L);
    }

    @Test
    void anUnknownStrategyIsRefusedAtStartupWithTheNamesThereAre() {
        assertThatThrownBy(() -> of("default", "newest")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("newest").hasMessageContaining("most-frequent");
    }
}
