package org.customerhub.segments;

import java.util.ArrayList;
import java.util.List;

/**
 * How the reminder check's watermark over interaction ids moves (README: Replenishment reminders, What a check reads).
 * Ids are handed out at insert, before commit, so a transaction can commit an id below one already read: the ids the
 * watermark passes that were not there are kept as gaps and looked for again at the next checks.
 */
final class Watermark {
    /**
     * Most ids one step keeps as gaps: no more inserts than that are ever in flight at once (a pool of a few
     * connections, each a group of messages), so a longer run of missing ids is a jump of the id sequence (H2 hands
     * out ids in blocks, and the unused rest of a block is skipped at a restart) and only its end is kept.
     */
    static final int MOST_GAPS = 10_000;

    private Watermark() {
    }

    /** Where the watermark goes and which ids it passed that were missing. */
    record Step(long upTo, List<Long> missing) {
    }

    /** The step over ids read above upTo, in ascending order. */
    static Step over(long upTo, List<Long> seen) {
        List<Long> missing = new ArrayList<>();
        long previous = upTo;
        for (long id : seen) {
            for (long gap = Math.max(previous + 1, id - MOST_GAPS); gap < id; gap++) {
                missing.add(gap);
            }
            previous = id;
        }
        if (missing.size() > MOST_GAPS) {
            missing = new ArrayList<>(missing.subList(missing.size() - MOST_GAPS, missing.size()));
        }
        return new Step(previous, missing);
    }
}
