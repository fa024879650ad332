package org.customerhub.load;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.customerhub.xml.RejectReason;
import org.customerhub.xml.RejectedMessageException;

/** A delimited file (UTF-8) read a line at a time; each non-blank line after the header is one record. */
final class DelimitedRows implements RecordReader {
    private final RowFormat format;
    private final CountingInputStream counted;
    private final BufferedReader lines;
    private long lineNumber;
    private long records;
    private boolean headerRead;

    DelimitedRows(Path file, RowFormat format) throws IOException {
        this.format = format;
        this.counted = new CountingInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        // bytes that are not UTF-8 stop the file with ENCODING_ERROR rather than becoming replacement characters
        this.lines = new BufferedReader(new InputStreamReader(counted, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
    }

    @Override
    public Optional<SourceRecord> next() throws IOException, RejectedMessageException {
        try {
            String line;
            while ((line = lines.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                if (format.header() && !headerRead) {
                    headerRead = true;
                    format.checkHeader(line);
                    continue;
                }
                records++;
                return Optional.of(new SourceRecord(records, "line " + lineNumber, line));
            }
            return Optional.empty();
        } catch (CharacterCodingException e) {
            throw new RejectedMessageException(RejectReason.ENCODING_ERROR,
                    "the file is not UTF-8 after line " + lineNumber + ": it cannot be read on", e);
        }
    }

    @Override
    public long bytesRead() {
        return counted.count();
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
