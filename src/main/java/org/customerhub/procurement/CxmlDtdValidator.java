package org.customerhub.procurement;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
 * local copy from the configured folder ({@code <folder>/<version>/<file>}, else the nearest version's, else
 * {@code <folder>/<file>}), found by the file name and version in the DOCTYPE's URL; nothing is ever fetched, and
 * nothing outside the folder is read.
 */
public final class CxmlDtdValidator {
    private static final Pattern DTD_URL = Pattern.compile("/schemas/cxml/([0-9]{1,3}(?:\\.[0-9]{1,4}){1,3})/([A-Za-z]+\\.dtd)$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern VERSION = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,4}){1,3}");

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

    /**
     * The copy of the version named, else of the nearest version there is: the oldest newer one (cXML versions add to
     * their DTD, so a newer one takes an older document), else the newest older one; else the folder's own file.
     */
    private Path localCopy(String systemId) throws CxmlRefusal {
        Matcher url = DTD_URL.matcher(systemId);
        if (!url.find()) {
            throw new CxmlRefusal(CxmlStatus.BAD_REQUEST, "the DOCTYPE names no cXML DTD file");
        }
        String file = url.group(2);
        List<Path> candidates = new ArrayList<>();
        candidates.add(folder.resolve(url.group(1)).resolve(file));
        nearestVersion(url.group(1), file).ifPresent(candidates::add);
        candidates.add(folder.resolve(file));
        for (Path candidate : candidates) {
            Path normal = candidate.normalize();
            if (normal.startsWith(folder) && Files.isRegularFile(normal)) {
                return normal;
            }
        }
        throw new CxmlRefusal(CxmlStatus.BAD_REQUEST, "no local copy of " + file + " " + url.group(1) + " to validate against");
    }

    private Optional<Path> nearestVersion(String wanted, String file) {
        List<Integer> target = version(wanted);
        List<Path> versions;
        try (Stream<Path> folders = Files.list(folder)) {
            versions = folders.filter(dir -> VERSION.matcher(dir.getFileName().toString()).matches())
                    .filter(dir -> Files.isRegularFile(dir.resolve(file)))
                    .sorted(Comparator.comparing(dir -> version(dir.getFileName().toString()), CxmlDtdValidator::compare))
                    .toList();
        } catch (IOException e) {
            return Optional.empty();
        }
        return versions.stream().filter(dir -> compare(version(dir.getFileName().toString()), target) >= 0).findFirst()
                .or(() -> versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1)))
                .map(dir -> dir.resolve(file));
    }

    private static List<Integer> version(String text) {
        return Arrays.stream(text.split("\\.")).map(Integer::parseInt).toList();
    }

    private static int compare(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            int difference = Integer.compare(i < a.size() ? a.get(i) : 0, i < b.size() ? b.get(i) : 0);
            if (difference != 0) {
                return difference;
            }
        }
        return 0;
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
