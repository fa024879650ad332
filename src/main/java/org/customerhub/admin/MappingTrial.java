package org.customerhub.admin;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.xml.transform.OutputKeys;
import javax.xml.transform.Templates;
import javax.xml.transform.Transformer;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;

import org.customerhub.xml.SealedXslt;
import org.customerhub.xml.SecureXml;
import org.w3c.dom.Document;

/**
 * Runs a changed channel mapping on the channel's sample messages in config/samples/<channel>/ next to the running
 * mapping, so an admin sees the canonical result and what the change does before it applies.
 */
public final class MappingTrial {
    private static final String SUFFIX = "-to-canonical.xsl";

    private final Path samples;
    private final Schema canonical;

    public MappingTrial(Path samples, Path canonicalSchema) throws Exception {
        this.samples = samples;
        this.canonical = SecureXml.schemaFactory().newSchema(canonicalSchema.toFile());
    }

    /**
     * The canonical result of one sample under the changed mapping, whether it differs from the running one's, how;
     * failed when the changed mapping could not map the sample at all.
     */
    public record SampleResult(String sample, boolean changed, String canonical, String diff, String problem, boolean failed) {
    }

    public static boolean isChannelMapping(Path file) {
        return file.getFileName().toString().endsWith(SUFFIX) && file.getParent() != null
                && file.getParent().getFileName().toString().equals("mappings");
    }

    public List<SampleResult> run(Path mapping, String running, String changed) throws Exception {
        String channel = mapping.getFileName().toString().replace(SUFFIX, "");
        Path dir = samples.resolve(channel);
        List<SampleResult> results = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return results;
        }
        Templates before = compile(mapping, running);
        Templates after = compile(mapping, changed);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path sample : files.filter(f -> f.toString().endsWith(".xml")).sorted().toList()) {
                Document message = SecureXml.documentBuilder().parse(sample.toFile());
                String name = sample.getFileName().toString();
                String old = transform(before, message);
                String now;
                try {
                    now = transform(after, message);
                } catch (Exception e) {
                    results.add(new SampleResult(name, true, "", "", describe(e), true));
                    continue;
                }
                String problem = null;
                try {
                    canonical.newValidator().validate(new StreamSource(new StringReader(now)));
                } catch (Exception e) {
                    problem = "not a valid canonical record: " + describe(e);
                }
                results.add(new SampleResult(name, !old.equals(now), now, LineDiff.of(old, now), problem, false));
            }
        }
        return results;
    }

    private static Templates compile(Path mapping, String content) throws Exception {
        return SealedXslt.transformerFactory().newTemplates(new StreamSource(new StringReader(content), mapping.toUri().toString()));
    }

    private static String transform(Templates templates, Document message) throws Exception {
        Transformer transformer = templates.newTransformer();
        transformer.setOutputProperty(OutputKeys.INDENT, "yes");
        StringWriter out = new StringWriter();
        transformer.transform(new DOMSource(message), new StreamResult(out));
        return out.toString();
    }

    static String describe(Exception e) {
        if (e instanceof javax.xml.transform.TransformerException t) {
            return t.getMessageAndLocation();
        }
        if (e instanceof org.xml.sax.SAXParseException p) {
            return "line " + p.getLineNumber() + ", column " + p.getColumnNumber() + ": " + p.getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
