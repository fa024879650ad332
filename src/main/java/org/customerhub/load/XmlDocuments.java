package org.customerhub.load;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;

import org.customerhub.xml.DocumentFormat;
import org.customerhub.xml.RejectReason;
import org.customerhub.xml.RejectedMessageException;
import org.customerhub.xml.SecureXml;

/**
 * A file of a channel's XML documents: one document (its root is one of the channel's roots), or many, as the children
 * of a root of any other name (a sequence such as {@code <orders><CATALOGUE_ORDER>…</CATALOGUE_ORDER>…</orders>}).
 * Read with StAX, so a file of any size holds one document in memory at a time; each document is written out as text
 * and then checked like a message (InboundGuard). A file that is one document is handed on as its bytes, unchanged.
 */
final class XmlDocuments implements RecordReader {
    private static final XMLInputFactory INPUT = SecureXml.prologReader();
    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newDefaultFactory();

    private final Path file;
    private final DocumentFormat format;
    private final int maxBytes;
    private final CountingInputStream counted;
    private final XMLStreamReader reader;
    private boolean single;
    private boolean started;
    private long documents;

    XmlDocuments(Path file, DocumentFormat format, int maxBytes) throws IOException, RejectedMessageException {
        this.file = file;
        this.format = format;
        this.maxBytes = maxBytes;
        InputStream in = Files.newInputStream(file);
        this.counted = new CountingInputStream(new BufferedInputStream(in, 1 << 16));
        try {
            this.reader = INPUT.createXMLStreamReader(counted);
        } catch (XMLStreamException e) {
            in.close();
            throw new RejectedMessageException(RejectReason.MALFORMED_XML, "not XML: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<SourceRecord> next() throws IOException, RejectedMessageException {
        try {
            if (!started) {
                started = true;
                toRoot();
                if (single) {
                    return Optional.of(wholeFile());
                }
            }
            if (single) {
                return Optional.empty();
            }
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    documents++;
                    String position = "document " + documents + " at line " + reader.getLocation().getLineNumber();
                    return Optional.of(copyDocument(position));
                }
                if (event == XMLStreamConstants.END_ELEMENT) {
                    return Optional.empty();
                }
            }
            return Optional.empty();
        } catch (XMLStreamException e) {
            throw new RejectedMessageException(RejectReason.MALFORMED_XML, "the file cannot be read on from line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNumber()) + ": " + e.getMessage(), e);
        }
    }

    private void toRoot() throws XMLStreamException, RejectedMessageException, IOException {
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.DTD) {
                throw new RejectedMessageException(RejectReason.DTD_FORBIDDEN, "a DOCTYPE declaration is not accepted");
            }
            if (event == XMLStreamConstants.START_ELEMENT) {
                String namespace = reader.getNamespaceURI() == null ? "" : reader.getNamespaceURI();
                single = namespace.equals(format.namespace()) && format.rootElements().contains(reader.getLocalName());
                return;
            }
        }
        throw new RejectedMessageException(RejectReason.EMPTY_MESSAGE, "the file holds no XML element");
    }

    /** The file is one document: its bytes as they are, like a message's body. */
    private SourceRecord wholeFile() throws IOException {
        long size = Files.size(file);
        if (size > maxBytes) {
            return new SourceRecord(1, "document 1", "", new RejectedMessageException(RejectReason.OVERSIZE,
                    "document is " + size + " bytes, limit " + maxBytes));
        }
        return new SourceRecord(1, "document 1", Files.readAllBytes(file));
    }

    /** Writes out the element the reader stands on, with its namespaces, and leaves the reader on its end. */
    private SourceRecord copyDocument(String position) throws XMLStreamException {
        StringWriter text = new StringWriter();
        XMLStreamWriter writer = OUTPUT.createXMLStreamWriter(text);
        int depth = 0;
        boolean tooLarge = false;
        do {
            if (!tooLarge && text.getBuffer().length() > maxBytes) {
                // the rest of the document is read past, not kept
                tooLarge = true;
            }
            switch (reader.getEventType()) {
                case XMLStreamConstants.START_ELEMENT -> {
                    depth++;
                    if (!tooLarge) {
                        copyStart(writer);
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    depth--;
                    if (!tooLarge) {
                        writer.writeEndElement();
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (!tooLarge) {
                        writer.writeCharacters(reader.getText());
                    }
                }
                case XMLStreamConstants.ENTITY_REFERENCE -> throw new XMLStreamException(
                        "entity reference &" + reader.getLocalName() + "; is not accepted", reader.getLocation());
                default -> {
                    // comments and processing instructions are no part of what a channel says
                }
            }
            if (depth > 0) {
                reader.next();
            }
        } while (depth > 0);
        writer.flush();
        if (tooLarge) {
            return new SourceRecord(documents, position, "", new RejectedMessageException(RejectReason.OVERSIZE,
                    "document is over the limit of " + maxBytes + " bytes"));
        }
        return new SourceRecord(documents, position, text.toString());
    }

    private void copyStart(XMLStreamWriter writer) throws XMLStreamException {
        String prefix = reader.getPrefix() == null ? "" : reader.getPrefix();
        String namespace = reader.getNamespaceURI() == null ? "" : reader.getNamespaceURI();
        writer.writeStartElement(prefix, reader.getLocalName(), namespace);
        // an element declares its namespace where the copy does not have it in scope yet: a document taken out of its
        // wrapper keeps its names
        String inScope = writer.getNamespaceContext().getNamespaceURI(prefix);
        if (!namespace.equals(inScope == null ? "" : inScope)) {
            if (prefix.isEmpty()) {
                writer.writeDefaultNamespace(namespace);
            } else {
                writer.writeNamespace(prefix, namespace);
            }
        }
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            String attributePrefix = reader.getAttributePrefix(i);
            String attributeNamespace = reader.getAttributeNamespace(i);
            if (attributeNamespace == null || attributeNamespace.isEmpty()) {
                writer.writeAttribute(reader.getAttributeLocalName(i), reader.getAttributeValue(i));
            } else {
                writer.writeNamespace(attributePrefix, attributeNamespace);
                writer.writeAttribute(attributePrefix, attributeNamespace, reader.getAttributeLocalName(i),
                        reader.getAttributeValue(i));
            }
        }
    }

    @Override
    public long bytesRead() {
        return counted.count();
    }

    @Override
    public void close() throws IOException {
        try {
            reader.close();
        } catch (XMLStreamException e) {
            throw new IOException(e);
        } finally {
            counted.close();
        }
    }
}
