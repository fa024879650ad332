package org.customerhub.bench;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;

import org.xml.sax.SAXException;

/** The project's own inbound schemas (xsd/channels/), which every generated message must satisfy. */
final class ChannelSchemas {
    private final Map<String, Schema> byChannel = new HashMap<>();

    ChannelSchemas() throws SAXException {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        // the channel schemas stand alone: nothing may be fetched while reading them
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        for (TrafficGenerator.Kind kind : TrafficGenerator.Kind.values()) {
            if (!byChannel.containsKey(kind.channel)) {
                byChannel.put(kind.channel, factory.newSchema(Path.of("xsd", "channels", kind.channel + ".xsd").toFile()));
            }
        }
    }

    /** The messages, each checked: what a bench sends is what the channels may send. */
    List<TrafficGenerator.Message> checked(List<TrafficGenerator.Message> messages) {
        messages.forEach(this::check);
        return messages;
    }

    /** Throws, naming the message's kind and the schema's complaint, when the message is not valid. */
    void check(TrafficGenerator.Message message) {
        try {
            byChannel.get(message.channel()).newValidator().validate(new StreamSource(new StringReader(message.xml())));
        } catch (SAXException | IOException e) {
            throw new IllegalStateException(message.kind() + " is not valid against xsd/channels/" + message.channel()
                    + ".xsd: " + e.getMessage() + "\n" + message.xml(), e);
        }
    }
}
