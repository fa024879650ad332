package org.customerhub.procurement;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.customerhub.procurement.CxmlRequest.Credential;
import org.customerhub.xml.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.DocumentType;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Reads a cXML request as platforms send it, safely: size first, then the prolog (a DOCTYPE may only name a cXML DTD
 * on xml.cxml.org and may have no internal subset, so no entity is ever declared), then a parse that never loads a
 * DTD or entity. Not validated against the DTD: real traffic does not keep its element order.
 */
public final class CxmlReader {
    private static final Pattern CXML_DTD = Pattern.compile(
            "https?://xml\\.cxml\\.org/schemas/cxml/[0-9.]+/[a-z]+\\.dtd", Pattern.CASE_INSENSITIVE);
    private static final int MAX_PAYLOAD_ID = 150;

    private final int maxBytes;
    private final XMLInputFactory prologReader = SecureXml.prologReader();

    public CxmlReader(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    public CxmlRequest read(byte[] raw) throws CxmlRefusal {
        if (raw == null || raw.length == 0) {
            throw new CxmlRefusal(CxmlStatus.BAD_REQUEST, "the request has no content");
        }
        if (raw.length > maxBytes) {
            throw new OversizeRequest(raw.length, maxBytes);
        }
        checkProlog(raw);
        Document document = parse(raw);
        checkDoctype(document.getDoctype());
        Element root = document.getDocumentElement();
        if (SecureXml.unqualifiedName(root).isPresent()) {
            throw new CxmlRefusal(CxmlStatus.BAD_REQUEST, "not well-formed XML: a name is no qualified name");
        }
        String payloadId = root.getAttribute("payloadID").trim();
        if (payloadId.isEmpty() || payloadId.length() > MAX_PAYLOAD_ID) {
            throw new CxmlRefusal(CxmlStatus.BAD_REQUEST, "cXML needs a payloadID of at most " + MAX_PAYLOAD_ID + " characters");
        }
        Element header = child(root, "Header")
                .orElseThrow(() -> new CxmlRefusal(CxmlStatus.BAD_REQUEST, "cXML has no Header"));
        Element request = child(root, "Request")
                .orElseThrow(() -> new CxmlRefusal(CxmlStatus.NOT_IMPLEMENTED, "only cXML Request documents are served here"));
        Element body = firstElement(request)
                .orElseThrow(() -> new CxmlRefusal(CxmlStatus.BAD_REQUEST, "the Request is empty"));
        String mode = request.getAttribute("deploymentMode").isBlank() ? "production" : request.getAttribute("deploymentMode").trim();
        return new CxmlRequest(document, raw, payloadId, body.getLocalName(), body, mode,
                credential(header, "Sender").orElseThrow(() -> new CxmlRefusal(CxmlStatus.UNAUTHORIZED, "no Sender credential")),
                credential(header, "From").orElse(null));
    }

    /** Looks at the prolog with a reader that reports the DOCTYPE without processing it, before any parser sees it. */
    private void checkProlog(byte[] raw) throws CxmlRefusal {
        XMLStreamReader reader = null;
        try {
            reader = prologReader.createXMLStreamReader(new ByteArrayInputStream(raw));
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.DTD && reader.getText().indexOf('[') >= 0) {
                    throw new CxmlRefusal(CxmlStatus.BAD_REQUEST, "a DOCTYPE with an internal subset is not accepted");
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    if (!"cXML".equals(reader.getLocalName()) || !nullOrEmpty(reader.getNamespaceURI())) {
                        throw new CxmlRefusal(CxmlStatus.BAD_REQUEST, "the document is not cXML");
                    }
                    return;
                }
            }
            throw new CxmlRefusal(CxmlStatus.BAD_REQUEST, "the document has no root element");
        } catch (XMLStreamException e) {
            throw new CxmlRefusal(CxmlStatus.BAD_REQUEST, "not well-formed XML");
        } finally {
            close(reader);
        }
    }

    private static Document parse(byte[] raw) throws CxmlRefusal {
        try {
            return SecureXml.cxmlDocumentBuilder().parse(new InputSource(new ByteArrayInputStream(raw)));
        } catch (SAXException | IOException e) {
            throw new CxmlRefusal(CxmlStatus.BAD_REQUEST, "not well-formed XML");
        }
    }

    /** Belt and braces after the prolog check: the parsed DOCTYPE names the cXML DTD and declares nothing itself. */
    private static void checkDoctype(DocumentType doctype) throws CxmlRefusal {
        if (doctype == null) {
            return;
        }
        if (doctype.getInternalSubset() != null && !doctype.getInternalSubset().isBlank()) {
            throw new CxmlRefusal(CxmlStatus.BAD_REQUEST, "a DOCTYPE with an internal subset is not accepted");
        }
        if (!"cXML".equals(doctype.getName()) || doctype.getSystemId() == null
                || !CXML_DTD.matcher(doctype.getSystemId().trim()).matches()) {
            throw new CxmlRefusal(CxmlStatus.BAD_REQUEST, "the DOCTYPE must name a cXML DTD on xml.cxml.org");
        }
    }

    private static Optional<Credential> credential(Element header, String party) {
        return child(header, party).flatMap(element -> child(element, "Credential")).map(credential -> new Credential(
                credential.getAttribute("domain").trim(), text(credential, "Identity"),
                "Sender".equals(party) ? text(credential, "SharedSecret") : null));
    }

    static Optional<Element> child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && name.equals(element.getLocalName())) {
                return Optional.of(element);
            }
        }
        return Optional.empty();
    }

    static String text(Element parent, String name) {
        return child(parent, name).map(element -> element.getTextContent().trim()).orElse("");
    }

    private static Optional<Element> firstElement(Element parent) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                return Optional.of(element);
            }
        }
        return Optional.empty();
    }

    private static boolean nullOrEmpty(String s) {
        return s == null || s.isEmpty();
    }

    private static void close(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException ignored) {
                // nothing was held open beyond the byte array
            }
        }
    }

    /** Larger than hub.cxml.max-bytes: refused before anything reads it, with HTTP 413 around the cXML 400. */
    public static final class OversizeRequest extends CxmlRefusal {
        OversizeRequest(long size, int limit) {
            super(CxmlStatus.BAD_REQUEST, "the request is " + size + " bytes, the limit is " + limit);
        }
    }
}
