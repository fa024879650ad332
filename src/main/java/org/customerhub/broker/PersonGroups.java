package org.customerhub.broker;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.apache.activemq.artemis.api.core.ActiveMQBuffer;
import org.apache.activemq.artemis.api.core.ICoreMessage;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.transformer.Transformer;
import org.customerhub.xml.SecureXml;

/**
 * The transformer of the divert from a channel's inbound address to its work queue (broker.xml): puts the message in
 * the message group of the person it is about, so that the hub's concurrent consumers on every node apply one person's
 * messages in the order the channel sent them, without a hop through the hub to find the person first.
 *
 * <p>Properties: {@code channel}, the group's prefix; {@code person}, where the person's key is: paths of local names
 * from the root ({@code *} for any), the last step an element (its text) or {@code @attribute}, alternatives separated
 * by {@code |} and joined as found; {@code max-bytes}, above which a body is not read (the hub refuses it as oversize).
 * A body that is not XML, or has a DOCTYPE, or lacks the key, gets the channel's own group: the hub refuses or takes it
 * like any other. Nothing is fetched or expanded (the prolog reader's settings).
 */
public final class PersonGroups implements Transformer {
    /** When the broker took the message (epoch milliseconds): the hub's ingest latency runs from it. */
    public static final String RECEIVED_AT = "HubReceivedAt";
    /** The queue the channel sent to, named on a dead letter as its source. */
    public static final String RECEIVED_ON = "HubReceivedOn";

    private final XMLInputFactory xml = SecureXml.prologReader();
    private String channel;
    private String receivedOn;
    private List<List<String>> paths;
    private int maxBytes;

    @Override
    public void init(Map<String, String> properties) {
        channel = required(properties, "channel");
        receivedOn = "hub.in." + channel;
        paths = Arrays.stream(required(properties, "person").split("\\|"))
                .map(path -> Arrays.stream(path.trim().split("/")).filter(step -> !step.isEmpty()).toList())
                .toList();
        maxBytes = Integer.parseInt(properties.getOrDefault("max-bytes", "1048576"));
    }

    @Override
    public Message transform(Message message) {
        ICoreMessage core = message.toCore();
        core.setGroupID(channel + ":" + personKey(core));
        core.putLongProperty(RECEIVED_AT, System.currentTimeMillis());
        core.putStringProperty(RECEIVED_ON, receivedOn);
        return core;
    }

    private String personKey(ICoreMessage message) {
        if (message.isLargeMessage() || message.getBodyBufferSize() > maxBytes + 8) {
            return "";
        }
        try {
            XMLStreamReader reader = reader(message);
            if (reader == null) {
                return "";
            }
            try {
                return find(reader);
            } finally {
                reader.close();
            }
        } catch (XMLStreamException | RuntimeException notXml) {
            return "";
        }
    }

    private XMLStreamReader reader(ICoreMessage message) throws XMLStreamException {
        ActiveMQBuffer body = message.getReadOnlyBodyBuffer();
        if (message.getType() == Message.TEXT_TYPE) {
            SimpleString text = body.readNullableSimpleString();
            return text == null ? null : xml.createXMLStreamReader(new StringReader(text.toString()));
        }
        byte[] bytes = new byte[body.readableBytes()];
        body.readBytes(bytes);
        return xml.createXMLStreamReader(new ByteArrayInputStream(bytes));
    }

    /** One pass over the document: the text of each path's first match, joined in the order of the paths. */
    private String find(XMLStreamReader reader) throws XMLStreamException {
        String[] found = new String[paths.size()];
        List<String> open = new ArrayList<>();
        int unfound = found.length;
        while (reader.hasNext() && unfound > 0) {
            switch (reader.next()) {
                case XMLStreamConstants.DTD -> {
                    return "";
                }
                case XMLStreamConstants.START_ELEMENT -> {
                    open.add(reader.getLocalName());
                    for (int i = 0; i < found.length; i++) {
                        if (found[i] != null) {
                            continue;
                        }
                        List<String> path = paths.get(i);
                        String last = path.get(path.size() - 1);
                        if (last.startsWith("@") && matches(path.subList(0, path.size() - 1), open)) {
                            String value = reader.getAttributeValue(null, last.substring(1));
                            if (value != null) {
                                found[i] = value;
                                unfound--;
                            }
                        } else if (!last.startsWith("@") && matches(path, open)) {
                            // reads up to the element's end, so the element is closed here and no other path sees it
                            found[i] = reader.getElementText();
                            unfound--;
                            open.remove(open.size() - 1);
                            break;
                        }
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> open.remove(open.size() - 1);
                default -> {
                }
            }
        }
        StringBuilder key = new StringBuilder();
        for (String value : found) {
            if (value != null) {
                key.append(value);
            }
        }
        return key.toString();
    }

    private static boolean matches(List<String> path, List<String> open) {
        if (path.size() != open.size()) {
            return false;
        }
        for (int i = 0; i < path.size(); i++) {
            if (!path.get(i).equals("*") && !path.get(i).equals(open.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static String required(Map<String, String> properties, String name) {
        String value = properties.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the PersonGroups transformer needs the property " + name);
        }
        return value;
    }
}
