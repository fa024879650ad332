package org.customerhub.xml;

import java.io.ByteArrayInputStream;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Validator;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Checks a raw inbound message in order of cost: emptiness and size, then the prolog (encoding, DOCTYPE, root element
 * and namespace), then a full safe parse and schema validation. Hands on the parsed document; every failure is a
 * {@link RejectedMessageException} with its reason.
 */
public final class InboundGuard {
    private static final int DECLARATION_BYTES = 200;
    private static final Pattern ENCODING_DECLARATION =
            Pattern.compile("^<\\?xml[^>]*?encoding\\s*=\\s*[\"']([^\"']*)[\"']");
    private final Map<String, DocumentFormat> formats;
    private final int maxBytes;
    private final int maxValueLength;
    private final XMLInputFactory prologReader = SecureXml.prologReader();
    private final ThreadLocal<DocumentBuilder> builders = ThreadLocal.withInitial(SecureXml::documentBuilder);
    /** A Validator is not thread-safe but is reusable after reset(): one per consumer thread and format. */
    private final ThreadLocal<Map<String, Validator>> validators = ThreadLocal.withInitial(HashMap::new);

    public InboundGuard(Map<String, DocumentFormat> formats, int maxBytes, int maxValueLength) {
        this.formats = Map.copyOf(formats);
        this.maxBytes = maxBytes;
        this.maxValueLength = maxValueLength;
    }

    /** Message bodies arrive as text (JMS TextMessage) or bytes (BytesMessage, STOMP, AMQP, OpenWire). */
    public Document accept(String formatName, Object body) throws RejectedMessageException {
        DocumentFormat format = Objects.requireNonNull(formats.get(formatName), () -> "no format named " + formatName);
        InboundText text = InboundText.of(body);
        checkSize(text);
        checkProlog(format, text);
        Document document = parse(text);
        checkRoot(format, document.getDocumentElement());
        Optional<String> unqualified = SecureXml.unqualifiedName(document.getDocumentElement());
        if (unqualified.isPresent()) {
            throw new RejectedMessageException(RejectReason.MALFORMED_XML, "'" + unqualified.get() + "' is not a qualified name");
        }
        checkValueLengths(document.getDocumentElement());
        validate(format, document);
        return document;
    }

    private void checkSize(InboundText text) throws RejectedMessageException {
        if (text.isBlank()) {
            throw new RejectedMessageException(RejectReason.EMPTY_MESSAGE, "message has no content");
        }
        long size = text.byteLength();
        if (size > maxBytes) {
            throw new RejectedMessageException(RejectReason.OVERSIZE, "message is " + size + " bytes, limit " + maxBytes);
        }
    }

    private void checkProlog(DocumentFormat format, InboundText text) throws RejectedMessageException {
        if (text.bytes() != null) {
            checkDeclaredEncoding(declaredEncoding(text.bytes()));
        }
        XMLStreamReader reader = null;
        try {
            reader = text.bytes() != null
                    ? prologReader.createXMLStreamReader(new ByteArrayInputStream(text.bytes()))
                    : prologReader.createXMLStreamReader(new StringReader(text.text()));
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.DTD) {
                    throw new RejectedMessageException(RejectReason.DTD_FORBIDDEN, "a DOCTYPE declaration is not accepted");
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    checkRoot(format, nullToEmpty(reader.getNamespaceURI()), reader.getLocalName());
                    return;
                }
            }
        } catch (XMLStreamException e) {
            throw parseFailure(e, e.getMessage());
        } catch (RuntimeException e) {
            // the JDK's parsers throw unchecked exceptions on some malformed input (a missing message resource, say)
            throw new RejectedMessageException(RejectReason.MALFORMED_XML, "the parser failed on malformed input", e);
        } finally {
            close(reader);
        }
    }

    /** The encoding named in the XML declaration of a byte message, read before any parser sees the bytes. */
    private static String declaredEncoding(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, DECLARATION_BYTES), StandardCharsets.ISO_8859_1);
        Matcher declaration = ENCODING_DECLARATION.matcher(head);
        return head.startsWith("<?xml") && declaration.find() ? declaration.group(1) : null;
    }

    private static void checkDeclaredEncoding(String declared) throws RejectedMessageException {
        if (declared == null) {
            return;
        }
        try {
            if (!Charset.isSupported(declared)) {
                throw new RejectedMessageException(RejectReason.ENCODING_ERROR, "unsupported encoding " + declared);
            }
        } catch (IllegalCharsetNameException e) {
            throw new RejectedMessageException(RejectReason.ENCODING_ERROR, "illegal encoding name", e);
        }
    }

    private Document parse(InboundText text) throws RejectedMessageException {
        DocumentBuilder builder = builders.get();
        builder.reset();
        // errors are thrown to the caller, not also printed to stderr
        builder.setErrorHandler(new DefaultHandler());
        try {
            InputSource source = text.bytes() != null
                    ? new InputSource(new ByteArrayInputStream(text.bytes()))
                    : new InputSource(new StringReader(text.text()));
            return builder.parse(source);
        } catch (CharConversionException e) {
            throw new RejectedMessageException(RejectReason.ENCODING_ERROR, "bytes do not match the declared encoding", e);
        } catch (SAXException | IOException e) {
            throw parseFailure(e, e.getMessage());
        } catch (RuntimeException e) {
            throw new RejectedMessageException(RejectReason.MALFORMED_XML, "the parser failed on malformed input", e);
        }
    }

    private static RejectedMessageException parseFailure(Exception e, String message) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CharConversionException) {
                return new RejectedMessageException(RejectReason.ENCODING_ERROR, "bytes do not match the declared encoding", e);
            }
        }
        String detail = message == null ? e.getClass().getSimpleName() : message;
        if (detail.contains("DOCTYPE")) {
            return new RejectedMessageException(RejectReason.DTD_FORBIDDEN, "a DOCTYPE declaration is not accepted", e);
        }
        return new RejectedMessageException(RejectReason.MALFORMED_XML, detail, e);
    }

    private static void checkRoot(DocumentFormat format, Element root) throws RejectedMessageException {
        checkRoot(format, nullToEmpty(root.getNamespaceURI()), root.getLocalName());
    }

    private static void checkRoot(DocumentFormat format, String namespace, String localName) throws RejectedMessageException {
        if (!format.namespace().equals(namespace)) {
            throw new RejectedMessageException(RejectReason.WRONG_NAMESPACE, "root namespace '" + namespace + "' is not '"
                    + format.namespace() + "' of " + format.name());
        }
        if (!format.rootElements().contains(localName)) {
            throw new RejectedMessageException(RejectReason.WRONG_DOCUMENT_TYPE, "root element " + localName
                    + " is not one of " + format.rootElements() + " of " + format.name());
        }
    }

    /**
     * Some schema patterns take time quadratic in the value's length; no field of any format is longer than this, so a
     * longer value is refused before the validator can be kept busy with it.
     */
    private void checkValueLengths(Element element) throws RejectedMessageException {
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            checkLength(attributes.item(i).getNodeValue());
        }
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element nested) {
                checkValueLengths(nested);
            } else if (child.getNodeType() == Node.TEXT_NODE || child.getNodeType() == Node.CDATA_SECTION_NODE) {
                checkLength(child.getNodeValue());
            }
        }
    }

    private void checkLength(String value) throws RejectedMessageException {
        if (value.length() > maxValueLength) {
            throw new RejectedMessageException(RejectReason.SCHEMA_INVALID,
                    "a value of " + value.length() + " characters is longer than any field (" + maxValueLength + ")");
        }
    }

    private void validate(DocumentFormat format, Document document) throws RejectedMessageException {
        Validator validator = validators.get().computeIfAbsent(format.name(), name -> format.schema().newValidator());
        validator.reset();
        try {
            validator.validate(new DOMSource(document));
        } catch (SAXException e) {
            throw new RejectedMessageException(RejectReason.SCHEMA_INVALID, e.getMessage(), e);
        } catch (IOException e) {
            throw new RejectedMessageException(RejectReason.MALFORMED_XML, e.getMessage(), e);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static void close(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException ignored) {
                // nothing was held open beyond the byte array or string
            }
        }
    }

    /** A message body as received: exactly one of text and bytes is set. */
    record InboundText(String text, byte[] bytes) {
        static InboundText of(Object body) {
            if (body instanceof byte[] raw) {
                return new InboundText(null, raw);
            }
            return new InboundText(body == null ? "" : body.toString(), null);
        }

        boolean isBlank() {
            if (bytes == null) {
                return text.isBlank();
            }
            for (byte b : bytes) {
                if (!Character.isWhitespace(b)) {
                    return false;
                }
            }
            return true;
        }

        long byteLength() {
            return bytes != null ? bytes.length : utf8Length(text);
        }

        private static long utf8Length(String s) {
            return s.getBytes(StandardCharsets.UTF_8).length;
        }
    }
}
