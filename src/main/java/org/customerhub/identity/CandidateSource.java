package org.customerhub.identity;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What identity resolution reads about the customers already known: the port between the {@link IdentityResolver}
 * and wherever customers are kept. Every customer it answers is live (never one merged away).
 */
public interface CandidateSource {
    /** The customer holding this deterministic identifier (kind key, card or email), if any. */
    Optional<String> holderOf(String kind, String value);

    /** Customers sharing the most of these blocking keys first, at most limit of them. */
    Set<String> sharingBlockingKeys(Collection<String> keys, int limit);

    /** What each of these customers is known by, for scoring. */
    Map<String, PersonEvidence> evidenceOf(Collection<String> hubIds);

    /** The customer's own keys in the channels, each {@code <channel>:<id>}. */
    List<String> channelKeysOf(String hubId);

    /** When the customer was created: the oldest survives a merge. */
    OffsetDateTime createdAt(String hubId);

    /**
     * Whether an agent decided these two customers are two people (kept apart, or split apart): such a pair is never
     * merged automatically. A source that holds no decisions has none.
     */
    default boolean keptApart(String hubId, String otherHubId) {
        return false;
    }
}
