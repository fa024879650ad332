package org.customerhub.procurement;

import java.io.StringWriter;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** Writes cXML 1.2.063 Response documents, each with a fresh payloadID and timestamp. */
public final class CxmlResponses {
    static final String DOCTYPE = "<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.063/cXML.dtd\">";
    private static final String PAYLOAD_DOMAIN = "@customerhub";

    private final XMLOutputFactory output = XMLOutputFactory.newDefaultFactory();

    /** A bare status: the answer to an order, and every refusal. */
    public String status(CxmlStatus status, String detail) {
        return write(status, detail, writer -> { });
    }

    public String punchOutSetup(String startPageUrl) {
        return write(CxmlStatus.OK, null, writer -> {
            writer.writeStartElement("PunchOutSetupResponse");
            writer.writeStartElement("StartPage");
            element(writer, "URL", startPageUrl);
            writer.writeEndElement();
            writer.writeEndElement();
        });
    }

    /** Lists each supported transaction with the URL it is posted to. */
    public String profile(String endpointUrl, List<String> transactions) {
        return write(CxmlStatus.OK, null, writer -> {
            writer.writeStartElement("ProfileResponse");
            writer.writeAttribute("effectiveDate", timestamp());
            for (String transaction : transactions) {
                writer.writeStartElement("Transaction");
                writer.writeAttribute("requestName", transaction);
                element(writer, "URL", endpointUrl);
                writer.writeEndElement();
            }
            writer.writeEndElement();
        });
    }

    private interface Content {
        void write(XMLStreamWriter writer) throws XMLStreamException;
    }

    private String write(CxmlStatus status, String detail, Content content) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter writer = output.createXMLStreamWriter(out);
            writer.writeStartDocument("UTF-8", "1.0");
            writer.writeCharacters("\n");
            writer.writeDTD(DOCTYPE);
            writer.writeCharacters("\n");
            writer.writeStartElement("cXML");
            writer.writeAttribute("payloadID", System.currentTimeMillis() + "." + UUID.randomUUID() + PAYLOAD_DOMAIN);
            writer.writeAttribute("timestamp", timestamp());
            writer.writeAttribute("xml", "http://www.w3.org/XML/1998/namespace", "lang", "en-US");
            writer.writeStartElement("Response");
            writer.writeStartElement("Status");
            writer.writeAttribute("code", String.valueOf(status.code()));
            writer.writeAttribute("text", status.text());
            if (detail != null) {
                writer.writeCharacters(detail);
            }
            writer.writeEndElement();
            content.write(writer);
            writer.writeEndElement();
            writer.writeEndElement();
            writer.writeEndDocument();
            writer.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write a cXML response", e);
        }
        return out.toString();
    }

    private static void element(XMLStreamWriter writer, String name, String text) throws XMLStreamException {
        writer.writeStartElement(name);
        writer.writeCharacters(text);
        writer.writeEndElement();
    }

    private static String timestamp() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
