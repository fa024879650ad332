package org.customerhub.xml;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

import javax.xml.XMLConstants;
import javax.xml.validation.Schema;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * An inbound document format (a channel's messages, customer queries): its compiled schema and, read from that
 * schema, the namespace and root elements a document may have. Compiled once; Schema is thread-safe.
 */
public record DocumentFormat(String name, String namespace, Set<String> rootElements, Schema schema) {

    public static DocumentFormat load(String name, Path xsd) throws IOException, SAXException {
        Schema schema = SecureXml.schemaFactory().newSchema(xsd.toFile());
        Element root = SecureXml.documentBuilder().parse(xsd.toFile()).getDocumentElement();
        Set<String> roots = new LinkedHashSet<>();
        for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && XMLConstants.W3C_XML_SCHEMA_NS_URI.equals(element.getNamespaceURI())
                    && "element".equals(element.getLocalName())) {
                roots.add(element.getAttribute("name"));
            }
        }
        return new DocumentFormat(name, root.getAttribute("targetNamespace"), Set.copyOf(roots), schema);
    }
}
