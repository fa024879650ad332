package org.customerhub.xml;

import java.io.StringReader;
import java.util.Optional;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.validation.SchemaFactory;

import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Parser factories that never fetch, include or expand anything: no DOCTYPE (cXML's alone is tolerated), no external
 * entity or DTD, no XInclude, bounded depth and sizes. Every document from outside the hub is read through these. They are the
 * JDK's own implementations, whatever else is on the classpath (CXF brings Woodstox), so the settings always apply.
 */
public final class SecureXml {
    /** Deeper than any channel format needs; a guard against stack exhaustion. */
    private static final String MAX_ELEMENT_DEPTH = "64";

    private SecureXml() {
    }

    public static DocumentBuilder documentBuilder() {
        try {
            return factory(false).newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser lacks a required security feature", e);
        }
    }

    /**
     * For cXML, whose senders put a DOCTYPE naming the cXML DTD on every document: the DOCTYPE is allowed, but no DTD
     * or entity is ever loaded, from the network or from files, and the resolver answers every lookup with nothing.
     * An internal subset must still be refused by the caller before parsing (see the prolog reader). One builder per
     * document: reset() would drop the resolver.
     */
    public static DocumentBuilder cxmlDocumentBuilder() {
        try {
            DocumentBuilder builder = factory(true).newDocumentBuilder();
            builder.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
            // fatal errors are thrown to the caller, not also printed to stderr
            builder.setErrorHandler(new DefaultHandler());
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser lacks a required security feature", e);
        }
    }

    private static DocumentBuilderFactory factory(boolean doctypeAllowed) throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        factory.setNamespaceAware(true);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", !doctypeAllowed);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setAttribute("jdk.xml.maxElementDepth", MAX_ELEMENT_DEPTH);
        return factory;
    }

    /**
     * The first element or attribute name in the tree that is no qualified name (":x", "x:", "a:b:c"). The parser lets
     * such names through, and the readers after it (the schema validator, XSLT) fail on them in ways they do not
     * declare, so every document from outside is checked for them right after parsing.
     */
    public static Optional<String> unqualifiedName(Element element) {
        if (!isQualified(element.getNodeName())) {
            return Optional.of(element.getNodeName());
        }
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            if (!isQualified(attributes.item(i).getNodeName())) {
                return Optional.of(attributes.item(i).getNodeName());
            }
        }
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element nested) {
                Optional<String> found = unqualifiedName(nested);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isQualified(String name) {
        int colon = name.indexOf(':');
        return colon != 0 && colon != name.length() - 1 && colon == name.lastIndexOf(':');
    }

    /** For reading the prolog only: reports a DOCTYPE as an event without processing it. */
    public static XMLInputFactory prologReader() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        return factory;
    }

    /** Schemas are the hub's own files; they may include each other locally but never reach the network. */
    public static SchemaFactory schemaFactory() {
        return schemaFactory("file");
    }

    /** For a schema an admin sends: it stands alone, no include or import of any file or URL. */
    public static SchemaFactory standaloneSchemaFactory() {
        return schemaFactory("");
    }

    private static SchemaFactory schemaFactory(String includableProtocols) {
        try {
            SchemaFactory factory = SchemaFactory.newDefaultInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, includableProtocols);
            return factory;
        } catch (SAXException e) {
            throw new IllegalStateException("XML schema factory lacks a required security feature", e);
        }
    }
}
