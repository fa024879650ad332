package org.customerhub.procurement;

import java.io.StringWriter;
import java.util.List;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** Writes cXML 1.2.063 Response documents, each with a fresh payloadID and timestamp. */
public final class CxmlResponses {
    static final String DOCTYPE = "<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.063/cXML.dtd\">";

    private final XMLOutputFactory output = XMLOutputFactory.newDefaultFactory();

    /** A bare status: the answer to an order, and every refusal. */
    public String status(CxmlStatus status, String detail) {
        return write(status, detail, writer -> { });
    }

    public String punchOutSetup(String startPageUrl) {
        return write(CxmlStatus.OK, null, writer -> {
            writer.writeStartElement("PunchOutSetupResponse");
            writer.writeStartElement("StartPage");
            CxmlWriting.element(writer, "URL", startPageUrl);
            writer.writeEndElement();
            writer.writeEndElement();
        });
    }

    /** Lists each supported transaction with the URL it is posted to. */
    public String profile(String endpointUrl, List<String> transactions) {
        return write(CxmlStatus.OK, null, writer -> {
            writer.writeStartElement("ProfileResponse");
            writer.writeAttribute("effectiveDate", CxmlWriting.timestamp());
            for (String transaction : transactions) {
                writer.writeStartElement("Transaction");
                writer.writeAttribute("requestName", transaction);
                CxmlWriting.element(writer, "URL", endpointUrl);
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
            CxmlWriting.begin(writer, DOCTYPE, CxmlWriting.payloadId());
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
}
