package org.customerhub.channel;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.xml.transform.Templates;
import javax.xml.transform.dom.DOMResult;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;

import jakarta.xml.bind.Unmarshaller;

import org.customerhub.canonical.ChannelRecord;
import org.customerhub.identity.ArchiveReader;
import org.customerhub.store.AttributeCodec;
import org.customerhub.store.StoreRows.ArchivedContent;
import org.customerhub.xml.SealedXslt;
import org.customerhub.xml.SecureXml;
import org.w3c.dom.Document;

/**
 * Reads an archived message as its ingest route did: a channel's own XML through the channel's mapping in use now
 * (sealed, like the routes'), an agent's record as it is, each checked against the canonical schema. cXML orders pass
 * through the procurement route's own preparation and are not read back here.
 */
public final class ArchivedRecords implements ArchiveReader {
    private static final String CXML_ROOT = "cXML";

    private final Path mappingsDir;
    private final Set<String> channels;
    private final Schema canonical;
    /** Compiled mappings by file and modification time: an admin's edit is used from the next split on. */
    private final Map<String, Templates> compiled = new ConcurrentHashMap<>();

    public ArchivedRecords(Path mappingsDir, Set<String> channels, Schema canonical) {
        this.mappingsDir = mappingsDir;
        this.channels = Set.copyOf(channels);
        this.canonical = canonical;
    }

    @Override
    public Optional<ChannelRecord> read(ArchivedContent message) {
        try {
            Document document = SecureXml.documentBuilder().parse(new ByteArrayInputStream(message.content()));
            if (ChannelIngest.AGENT.equals(message.channel())) {
                return Optional.of(unmarshal(new DOMSource(document)));
            }
            Path mapping = mappingsDir.resolve(message.channel() + "-to-canonical.xsl");
            if (!channels.contains(message.channel()) || CXML_ROOT.equals(document.getDocumentElement().getLocalName())
                    || !Files.isRegularFile(mapping)) {
                return Optional.empty();
            }
            Templates templates = compiled(mapping);
            DOMResult mapped = new DOMResult();
            templates.newTransformer().transform(new DOMSource(document), mapped);
            return Optional.of(unmarshal(new DOMSource(mapped.getNode())));
        } catch (Exception e) {
            throw new IllegalStateException("archived message " + message.messageId() + " cannot be read back: " + e.getMessage(), e);
        }
    }

    private Templates compiled(Path mapping) throws Exception {
        String version = mapping + "@" + Files.getLastModifiedTime(mapping).toMillis();
        Templates templates = compiled.get(version);
        if (templates == null) {
            templates = SealedXslt.transformerFactory().newTemplates(new StreamSource(mapping.toFile()));
            compiled.put(version, templates);
        }
        return templates;
    }

    private ChannelRecord unmarshal(DOMSource source) throws Exception {
        Unmarshaller unmarshaller = AttributeCodec.canonicalContext().createUnmarshaller();
        unmarshaller.setSchema(canonical);
        return unmarshaller.unmarshal(source, ChannelRecord.class).getValue();
    }
}
