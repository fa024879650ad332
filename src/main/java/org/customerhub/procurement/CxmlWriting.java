package org.customerhub.procurement;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** What every cXML document the hub writes starts with, and the text elements they are made of. */
final class CxmlWriting {
    private static final String PAYLOAD_DOMAIN = "@customerhub";

    private CxmlWriting() {
    }

    /** A fresh payloadID: unique, and saying who wrote it. */
    static String payloadId() {
        return System.currentTimeMillis() + "." + UUID.randomUUID() + PAYLOAD_DOMAIN;
    }

    /** The prolog, the DOCTYPE and the open cXML element with its payloadID, timestamp and language. */
    static void begin(XMLStreamWriter writer, String doctype, String payloadId) throws XMLStreamException {
        writer.writeStartDocument("UTF-8", "1.0");
        writer.writeCharacters("\n");
        writer.writeDTD(doctype);
        writer.writeCharacters("\n");
        writer.writeStartElement("cXML");
        writer.writeAttribute("payloadID", payloadId);
        writer.writeAttribute("timestamp", timestamp());
        writer.writeAttribute("xml", "http://www.w3.org/XML/1998/namespace", "lang", "en-US");
    }

    static void element(XMLStreamWriter writer, String name, String text) throws XMLStreamException {
        writer.writeStartElement(name);
        writer.writeCharacters(text);
        writer.writeEndElement();
    }

    static String timestamp() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
