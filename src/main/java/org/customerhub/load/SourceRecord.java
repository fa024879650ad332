package org.customerhub.load;

import org.customerhub.xml.RejectedMessageException;

/**
 * One record of an input file: its number in the file (counted from 1, the unit of the checkpoint), where it is in
 * words for a reject file ("line 12", "document 3 at line 40"), and its content as read: text, or the bytes of a file
 * that is one document. refused: why the reader already refused it (a document larger than any message may be).
 */
record SourceRecord(long number, String position, Object body, RejectedMessageException refused) {
    SourceRecord(long number, String position, Object body) {
        this(number, position, body, null);
    }

    /** The record as text, for a reject file. */
    String text() {
        return body instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(body);
    }
}
