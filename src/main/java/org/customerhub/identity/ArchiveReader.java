package org.customerhub.identity;

import java.util.Optional;

import org.customerhub.canonical.ChannelRecord;
import org.customerhub.store.StoreRows.ArchivedContent;

/**
 * Turns an archived message back into the canonical record its channel's mapping makes of it, so that a split can
 * replay it through the write step; the port between identity and the channels' mappings.
 */
public interface ArchiveReader {
    /** The record, or empty when the message's format has no mapping that can be replayed (a cXML order). */
    Optional<ChannelRecord> read(ArchivedContent message);
}
