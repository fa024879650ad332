package org.customerhub.load;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.Source;
import javax.xml.transform.Templates;
import javax.xml.transform.TransformerException;
import javax.xml.transform.dom.DOMResult;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.Validator;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Unmarshaller;

import org.customerhub.canonical.ChannelRecord;
import org.customerhub.channel.ChannelIngest;
import org.customerhub.identity.InboundMessage;
import org.customerhub.identity.ProfileUpdater.Pending;
import org.customerhub.store.TimeOrderedIds;
import org.customerhub.xml.InboundGuard;
import org.customerhub.xml.RejectReason;
import org.customerhub.xml.RejectedMessageException;
import org.customerhub.xml.SealedXslt;
import org.xml.sax.SAXException;

/**
 * The message path's steps for one record, without the broker: the checks of InboundGuard (a channel document) or of
 * the column mapping (a row), the mapping to the canonical record (XSLT on Saxon, sealed as in the routes), JAXB
 * against the canonical schema, the channel's rules on what a mapping may say, and the message with its dedupe key
 * and lock keys.
 * Thread-safe: several threads map records side by side.
 */
final class RecordMapper {
    /** The outcome for one record: what to apply, or why it is rejected. */
    record Mapped(SourceRecord source, Pending pending, RejectedMessageException rejected) {
    }

    private final String channel;
    private final InboundGuard guard;
    private final Set<String> dedupeByDocumentId;
    private final RowFormat rows;
    private final int maxValueLength;
    private final Templates mapping;
    private final ThreadLocal<Unmarshaller> unmarshallers;
    /** The canonical record is checked against the schema by a validator each thread keeps: an unmarshaller given
     *  the schema builds a validator for every record, a fifth of the mapping threads' CPU. */
    private final ThreadLocal<Validator> validators;
    /** The canonical record is built into a document of this builder: without one, Saxon looks a DOM factory up
     *  through the class path for every record. */
    private final ThreadLocal<DocumentBuilder> documents = ThreadLocal.withInitial(() -> {
        try {
            return DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("no DOM builder", e);
        }
    });

    /** rows: the column mapping of a delimited file, or null for the channel's own XML documents. */
    RecordMapper(String channel, InboundGuard guard, Set<String> dedupeByDocumentId, Path mapping, RowFormat rows, int maxValueLength,
                 Schema canonicalSchema) throws TransformerException, JAXBException {
        this.channel = channel;
        this.guard = guard;
        this.dedupeByDocumentId = Set.copyOf(dedupeByDocumentId);
        this.rows = rows;
        this.maxValueLength = maxValueLength;
        this.mapping = SealedXslt.transformerFactory().newTemplates(new StreamSource(mapping.toFile()));
        JAXBContext jaxb = JAXBContext.newInstance(ChannelRecord.class.getPackageName());
        this.unmarshallers = ThreadLocal.withInitial(() -> {
            try {
                return jaxb.createUnmarshaller();
            } catch (JAXBException e) {
                throw new IllegalStateException("cannot read canonical records", e);
            }
        });
        this.validators = ThreadLocal.withInitial(() -> {
            Validator validator = canonicalSchema.newValidator();
            try {
                validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
                validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            } catch (SAXException e) {
                throw new IllegalStateException("cannot seal the canonical schema's validator", e);
            }
            return validator;
        });
    }

    Mapped map(SourceRecord source) {
        try {
            if (source.refused() != null) {
                throw source.refused();
            }
            Object raw;
            Source input;
            if (rows == null) {
                raw = source.body();
                input = new DOMSource(guard.accept(channel, raw));
            } else {
                String row = rows.rowXml(source.number(), source.text(), maxValueLength);
                raw = row;
                input = new StreamSource(new StringReader(row));
            }
            ChannelRecord record = toCanonical(input);
            ChannelIngest.checkRecord(channel, record);
            InboundMessage message = ChannelIngest.inboundMessage(record, raw, TimeOrderedIds.next(), null,
                    dedupeByDocumentId);
            return new Mapped(source, new Pending(record, message), null);
        } catch (RejectedMessageException rejected) {
            return new Mapped(source, null, rejected);
        }
    }

    private ChannelRecord toCanonical(Source input) throws RejectedMessageException {
        DOMResult canonical = new DOMResult(documents.get().newDocument());
        try {
            mapping.newTransformer().transform(input, canonical);
        } catch (TransformerException e) {
            throw new RejectedMessageException(RejectReason.MAPPING_FAILED, "mapping failed: " + e.getMessageAndLocation(), e);
        }
        try {
            validators.get().validate(new DOMSource(canonical.getNode()));
        } catch (SAXException e) {
            throw new RejectedMessageException(RejectReason.MAPPING_FAILED,
                    "mapping produced no valid canonical record: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return unmarshallers.get().unmarshal(canonical.getNode(), ChannelRecord.class).getValue();
        } catch (JAXBException e) {
            Throwable cause = e.getLinkedException() != null ? e.getLinkedException() : e;
            throw new RejectedMessageException(RejectReason.MAPPING_FAILED,
                    "mapping produced no valid canonical record: " + cause.getMessage(), e);
        }
    }
}
