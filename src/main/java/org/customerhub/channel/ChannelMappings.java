package org.customerhub.channel;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.xml.transform.Templates;
import javax.xml.transform.TransformerConfigurationException;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.JAXBIntrospector;
import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.util.JAXBResult;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.customerhub.xml.SealedXslt;
import org.w3c.dom.Document;

/**
 * An ingest route's mapping step: the channel's sealed mapping (config/mappings/&lt;channel&gt;-to-canonical.xsl) writes
 * straight into the canonical objects, checked against the canonical schema as Saxon emits them, so the mapping's
 * output is never written out as text and parsed again. A mapping that fails or whose result the schema refuses is a
 * TransformerException, one that produces no element a JAXBException: both dead-letter the message as MAPPING_FAILED.
 * Mappings are compiled on first use; {@link #forget} makes the next message compile an edited one again.
 */
public final class ChannelMappings {
    private final Path mappingsDir;
    private final TransformerFactory factory = SealedXslt.transformerFactory();
    private final Map<Path, Templates> compiled = new ConcurrentHashMap<>();
    private final ThreadLocal<Unmarshaller> unmarshallers;

    public ChannelMappings(Path mappingsDir, JAXBContext canonical, Schema canonicalSchema) {
        this.mappingsDir = mappingsDir;
        // an Unmarshaller is not thread-safe but is reusable: one per consumer thread
        this.unmarshallers = ThreadLocal.withInitial(() -> {
            try {
                Unmarshaller unmarshaller = canonical.createUnmarshaller();
                unmarshaller.setSchema(canonicalSchema);
                return unmarshaller;
            } catch (JAXBException e) {
                throw new IllegalStateException("cannot read canonical records", e);
            }
        });
    }

    /** The body, the message's checked document, becomes the canonical record its channel's mapping makes of it. */
    public void toCanonical(Exchange exchange) throws InvalidPayloadException, TransformerException, JAXBException {
        if (!(exchange.getMessage().getBody() instanceof Document document)) {
            // only a document the guard parsed is mapped: never one a type converter parsed by its own rules
            throw new InvalidPayloadException(exchange, Document.class);
        }
        Path mapping = mappingsDir.resolve(exchange.getProperty(ChannelIngest.CHANNEL, String.class) + "-to-canonical.xsl");
        exchange.getMessage().setBody(map(mapping, new DOMSource(document)));
    }

    /** What a mapping makes of a document, in the canonical objects: for the route and for tests that map alone. */
    public Object map(Path mapping, DOMSource document) throws TransformerException, JAXBException {
        JAXBResult result = new JAXBResult(unmarshallers.get());
        templates(mapping).newTransformer().transform(document, result);
        return JAXBIntrospector.getValue(result.getResult());
    }

    /** The next message for this mapping compiles it again (after an edit through the admin API). */
    public void forget(Path mapping) {
        compiled.keySet().removeIf(path -> path.getFileName().equals(mapping.getFileName()));
    }

    private Templates templates(Path mapping) throws TransformerConfigurationException {
        Templates templates = compiled.get(mapping);
        return templates != null ? templates : compile(mapping);
    }

    /** Once per mapping, not once per consumer thread that meets it first. */
    private synchronized Templates compile(Path mapping) throws TransformerConfigurationException {
        Templates templates = compiled.get(mapping);
        if (templates == null) {
            templates = factory.newTemplates(new StreamSource(mapping.toFile()));
            compiled.put(mapping, templates);
        }
        return templates;
    }
}
