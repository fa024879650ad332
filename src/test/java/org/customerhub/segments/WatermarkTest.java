package org.customerhub.segments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class WatermarkTest {
    @Test
    void theIdsPassedThatWereMissingAreKeptAsGaps() {
        Watermark.Step step = Watermark.over(10, List.of(11L, 12L, 15L, 16L, 18L));
        assertThat(step.upTo()).isEqualTo(18);
        assertThat(step.missing()).containsExactly(13L, 14L, 17L);
    }

    @Test
    void nothingReadLeavesTheWatermarkWhereItWas() {
        Watermark.Step step = Watermark.over(42, List.of());
        assertThat(step.upTo()).isEqualTo(42);
        assertThat(step.missing()).isEmpty();
    }

    @Test
    void aJumpOfTheIdSequenceKeepsOnlyTheIdsNextToWhatWasRead() {
        long jump = 5 * Watermark.MOST_GAPS;
        Watermark.Step step = Watermark.over(0, List.of(1L, jump, jump + 2));
        assertThat(step.upTo()).isEqualTo(jump + 2);
        assertThat(step.missing()).hasSize(Watermark.MOST_GAPS).endsWith(jump + 1)
                .containsAll(LongStream.range(jump - Watermark.MOST_GAPS + 1, jump).boxed().toList());
    }
}
