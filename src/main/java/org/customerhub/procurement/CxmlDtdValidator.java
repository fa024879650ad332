package org.customerhub.procurement;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.DocumentType;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Validates a cXML request against the DTD its DOCTYPE names, for partners configured to want it. The DTD is always a
 * local copy from the configured folder ({@code <folder>/<version>/<file>}, else {@code <folder>/<file>}), found by the
 * file name and version in the DOCTYPE's URL; nothing is ever fetched, and nothing outside the folder is read.
 */
public final class CxmlDtdValidator {
    private static final Pattern DTD_URL = Pattern.compile("/schemas/cxml/([0-9.]+)/([A-Za-z]+\\.dtd)$", Pattern.CASE_INSENSITIVE);

    private final Path folder;

    public CxmlDtdValidator(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    public void validate(CxmlRequest request) throws CxmlRefusal {
        DocumentType doctype = request.document().getDoctype();
        if (doctype == null || doctype.getSystemId() == null) {
            throw new CxmlRefusal(CxmlStatus.BAD_REQUEST, "this partner's documents are validated, and name no DTD");
        }
        Path dtd = localCopy(doctype.getSystemId().trim());
        try {
            DocumentBuilder builder = validatingBuilder();
            builder.setEntityResolver((publicId, systemId) -> systemId != null && systemId.trim().equals(doctype.getSystemId().trim())
                    ? new InputSource(Files.newInputStream(dtd)) : new InputSource(new StringReader("")));
            builder.setErrorHandler(new FailFast());
            builder.parse(new ByteArrayInputStream(request.raw()));
        } catch (SAXException e) {
            throw new CxmlRefusal(CxmlStatus.BAD_REQUEST, "not valid against " + dtd.getFileName() + ": " + e.getMessage());
        } catch (IOException | ParserConfigurationException e) {
            throw new CxmlRefusal(CxmlStatus.INTERNAL_SERVER_ERROR, "the local DTD could not be read");
        }
    }

    private Path localCopy(String systemId) throws CxmlRefusal {
        Matcher url = DTD_URL.matcher(systemId);
        if (!url.find()) {
            throw new CxmlRefusal(CxmlStatus.BAD_REQUEST, "the DOCTYPE names no cXML DTD file");
        }
        for (Path candidate : new Path[] {folder.resolve(url.group(1)).resolve(url.group(2)), folder.resolve(url.group(2))}) {
            Path normal = candidate.normalize();
            if (normal.startsWith(folder) && Files.isRegularFile(normal)) {
                return normal;
            }
        }
        throw new CxmlRefusal(CxmlStatus.BAD_REQUEST, "no local copy of " + url.group(2) + " " + url.group(1) + " to validate against");
    }

    /** Loads only the DTD the resolver hands it, expands no entity beyond the JDK's limits, includes nothing. */
    private static DocumentBuilder validatingBuilder() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        factory.setValidating(true);
        factory.setNamespaceAware(false);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return factory.newDocumentBuilder();
    }

    private static final class FailFast implements ErrorHandler {
        @Override
        public void warning(SAXParseException e) {
            // warnings (an unused declaration, say) do not make a document invalid
        }

        @Override
        public void error(SAXParseException e) throws SAXParseException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXParseException {
            throw e;
        }
    }
}
