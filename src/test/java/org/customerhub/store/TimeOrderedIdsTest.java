package org.customerhub.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {
    @Test
    void idsAreVersion7UuidsCarryingTheTimeTheyWereMadeAt() {
        long before = System.currentTimeMillis();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            ids.add(UUID.fromString(TimeOrderedIds.next()));
        }
        long after = System.currentTimeMillis();
        List<Long> millis = ids.stream().map(id -> id.getMostSignificantBits() >>> 16).toList();
        assertThat(ids).allSatisfy(id -> {
            assertThat(id.version()).isEqualTo(7);
            assertThat(id.variant()).isEqualTo(2);
        });
        assertThat(millis).isSorted().allSatisfy(at -> assertThat(at).isBetween(before, after));
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
    }

    @Test
    void theTailOfIdsMadeInOneMillisecondIsRandomNotCounted() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            ids.add(UUID.fromString(TimeOrderedIds.next()));
        }
        long outOfOrder = 0;
        for (int i = 1; i < ids.size(); i++) {
            UUID previous = ids.get(i - 1);
            UUID id = ids.get(i);
            if (id.getMostSignificantBits() >>> 16 == previous.getMostSignificantBits() >>> 16
                    && id.toString().substring(24).compareTo(previous.toString().substring(24)) < 0) {
                outOfOrder++;
            }
        }
        // about half the neighbours within one millisecond; a counter would give none
        assertThat(outOfOrder).isGreaterThan(100);
    }
}
