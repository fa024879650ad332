package org.customerhub.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.customerhub.bench.FebrlQuality.FebrlRecord;
import org.customerhub.bench.FebrlQuality.Quality;
import org.junit.jupiter.api.Test;

/** The pairwise figures the F1 of bench/run rests on, worked out by hand for a small case. */
class FebrlQualityTest {

    private static FebrlRecord record(String recId) {
        return new FebrlRecord(recId, "given", "family", "1", "street", "", "suburb", "2600", "act");
    }

    @Test
    void pairsAreCountedWithinTrueEntitiesAndWithinCustomers() {
        // truth: person 1 has three records (3 pairs), person 2 two (1 pair), person 3 one
        List<FebrlRecord> records = List.of(record("rec-1-org"), record("rec-1-dup-0"), record("rec-1-dup-1"),
                record("rec-2-org"), record("rec-2-dup-0"), record("rec-3-org"));
        // the hub: person 1 split in two customers (one true pair found), person 2 wrongly joined with person 3
        Map<String, String> customers = Map.of("rec-1-org", "a", "rec-1-dup-0", "a", "rec-1-dup-1", "b",
                "rec-2-org", "c", "rec-2-dup-0", "d", "rec-3-org", "d");

        Quality quality = FebrlQuality.compare("case", "hand-set", records, customers,
                Map.of("b", Set.of("a"), "c", Set.of("d")), 0, Duration.ZERO);

        assertThat(quality.truePairs()).isEqualTo(4);
        assertThat(quality.foundPairs()).isEqualTo(2);
        assertThat(quality.truePositives()).isEqualTo(1);
        assertThat(quality.precision()).isEqualTo(0.5);
        assertThat(quality.recall()).isEqualTo(0.25);
        assertThat(quality.f1()).isCloseTo(1.0 / 3, within(1e-9));
        // b-a offers rec-1-dup-1 with both of a (2 true pairs); c-d offers rec-2-org with rec-2-dup-0 (true) and
        // rec-3-org (false)
        assertThat(quality.offeredTrue()).isEqualTo(3);
        assertThat(quality.offeredFalse()).isEqualTo(1);
        assertThat(quality.recallWithReview()).isEqualTo(1.0);
    }

    @Test
    void everyRecordItsOwnCustomerFindsNoPairAndIsNotCountedAsPrecise() {
        List<FebrlRecord> records = List.of(record("rec-7-org"), record("rec-7-dup-0"));
        Quality quality = FebrlQuality.compare("apart", "hand-set", records, Map.of("rec-7-org", "x", "rec-7-dup-0", "y"),
                Map.of(), 0, Duration.ZERO);

        assertThat(quality.truePositives()).isZero();
        assertThat(quality.recall()).isZero();
        assertThat(quality.f1()).isZero();
        assertThat(quality.offeredTrue()).isZero();
    }
}
