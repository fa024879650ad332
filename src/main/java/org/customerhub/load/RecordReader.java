package org.customerhub.load;

import java.io.Closeable;
import java.io.IOException;
import java.util.Optional;

import org.customerhub.xml.RejectedMessageException;

/** Reads one input file a record at a time, whatever its size: nothing but the current record is held. */
interface RecordReader extends Closeable {
    /**
     * The next record, or empty at the end. A file that cannot be read on from here (broken XML between documents)
     * throws, naming where: the rest of the file is one reject.
     */
    Optional<SourceRecord> next() throws IOException, RejectedMessageException;

    /** Bytes of the file read so far, for the progress bar. */
    long bytesRead();
}
