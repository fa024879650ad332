package org.customerhub.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.customerhub.xml.RejectedMessageException;

/**
 * The rejected records of one input file, beside it as FILE.rejects.jsonl: one JSON object a line with the record as
 * read, where it is, the reason code (CONTRACT.md) and the detail. Opened only when the first reject comes. A resumed
 * load cuts the file back to its length at the checkpoint, so a record rejected after it is not listed twice.
 */
final class RejectFile implements AutoCloseable {
    static final String SUFFIX = ".rejects.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final long lengthAtCheckpoint;
    private FileChannel channel;
    private long length;

    RejectFile(Path input, long lengthAtCheckpoint) {
        this.path = input.resolveSibling(input.getFileName() + SUFFIX);
        this.lengthAtCheckpoint = lengthAtCheckpoint;
        this.length = lengthAtCheckpoint;
    }

    static Path of(Path input) {
        return input.resolveSibling(input.getFileName() + SUFFIX);
    }

    void write(SourceRecord record, RejectedMessageException rejected) throws IOException {
        if (channel == null) {
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            // a fresh load starts a fresh file; a resumed one drops what was written after its checkpoint
            channel.truncate(lengthAtCheckpoint);
            channel.position(lengthAtCheckpoint);
        }
        ObjectNode line = JSON.createObjectNode().put("position", record.position()).put("reason", rejected.reason().name())
                .put("detail", rejected.getMessage()).put("record", record.text());
        ByteBuffer bytes = ByteBuffer.wrap((JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            length += channel.write(bytes);
        }
    }

    /** How long the file is now: recorded with the checkpoint of the batch whose rejects it holds. */
    long length() {
        return length;
    }

    Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
