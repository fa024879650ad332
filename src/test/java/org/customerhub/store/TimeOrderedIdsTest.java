package org.customerhub.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {
    @Test
    void idsAreVersion7UuidsWhoseTextSortsByTime() {
        List<String> ids = new ArrayList<>();
        long start = 1_764_900_000_000L;
        for (long millis = start; millis < start + 5_000; millis += 7) {
            ids.add(TimeOrderedIds.next(millis));
        }
        assertThat(ids).isSorted();
        for (int i = 0; i < ids.size(); i++) {
            UUID id = UUID.fromString(ids.get(i));
            assertThat(id.version()).isEqualTo(7);
            assertThat(id.variant()).isEqualTo(2);
            assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(start + 7L * i);
        }
    }

    @Test
    void idsOfOneMillisecondDiffer() {
        HashSet<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(TimeOrderedIds.next(1_764_900_000_000L));
        }
        assertThat(ids).hasSize(10_000);
    }
}
