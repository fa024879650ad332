package org.customerhub.channel;

import java.io.IOException;
import java.io.StringReader;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import javax.xml.parsers.DocumentBuilder;

import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Unmarshaller;

import org.apache.camel.Exchange;
import org.customerhub.canonical.AttributeChange;
import org.customerhub.canonical.ChangeKind;
import org.customerhub.canonical.CustomerChanged;
import org.customerhub.store.AttributeCodec;
import org.customerhub.xml.SecureXml;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Decides which change events a channel's feed passes on, from config/subscriptions.properties: never the channel's
 * own changes back to it, only customers it knows where it asks so, only the attributes it subscribed to.
 */
public final class ChannelFeeds {
    /** JMS properties set on every feed message, so a consumer can select without reading the body. */
    public static final String HUB_ID = "HubId";
    public static final String EVENT_ID = "HubEventId";
    public static final String CAUSED_BY = "HubSourceChannel";
    /** Exchange property the feed route filters on. */
    public static final String WANTED = "hubFeedWanted";
    private static final String EVERYTHING = "*";
    /** Subscribes to value tier changes (README: Customer value). */
    private static final String TIER = "tier";

    private final Set<String> channels;
    /** A builder costs more to make than a small event costs to parse: one per feed thread, reset before each use. */
    private final ThreadLocal<DocumentBuilder> builders = ThreadLocal.withInitial(SecureXml::documentBuilder);
    /** Likewise an Unmarshaller: not thread-safe, reusable, and costlier to create than to use on one event. */
    private final ThreadLocal<Unmarshaller> unmarshallers = ThreadLocal.withInitial(() -> {
        try {
            return AttributeCodec.canonicalContext().createUnmarshaller();
        } catch (JAXBException e) {
            throw new IllegalStateException("cannot read change events", e);
        }
    });
    private volatile Map<String, Subscription> subscriptions;

    public ChannelFeeds(Properties settings, Set<String> channels) {
        this.channels = Set.copyOf(channels);
        subscribe(settings);
    }

    /** Takes new subscriptions; the next event a feed reads is judged by them. */
    public void subscribe(Properties settings) {
        this.subscriptions = channels.stream().collect(Collectors.toMap(channel -> channel, channel -> new Subscription(
                Arrays.stream(settings.getProperty(channel + ".attributes", "").split(",")).map(String::trim)
                        .filter(a -> !a.isEmpty()).collect(Collectors.toUnmodifiableSet()),
                Boolean.parseBoolean(settings.getProperty(channel + ".requires-key", "false").trim()))));
    }

    /**
     * Reads the change event in the body (safely: the events address is a door like any other), labels the message
     * with the event's ids, and only with them, and sets {@link #WANTED} to whether this exchange's channel receives
     * it. The body stays the event's text once it has read: the channels that take the canonical event get it as
     * published, without a document written out again for each.
     */
    public void select(Exchange exchange) throws JAXBException, SAXException, IOException {
        DocumentBuilder builder = builders.get();
        builder.reset();
        String text = exchange.getMessage().getBody(String.class);
        Document document = builder.parse(new InputSource(new StringReader(text)));
        CustomerChanged event = unmarshallers.get().unmarshal(document, CustomerChanged.class).getValue();
        // whatever the event message carried stays behind: a channel's feed says only what the hub means to say
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(HUB_ID, event.getHubId());
        exchange.getMessage().setHeader(EVENT_ID, event.getEventId());
        exchange.getMessage().setHeader(CAUSED_BY, event.getChannel().value());
        exchange.getMessage().setBody(text);
        exchange.setProperty(WANTED, wants(exchange.getProperty(ChannelIngest.CHANNEL, String.class), event));
    }

    private boolean wants(String channel, CustomerChanged event) {
        Subscription subscription = subscriptions.get(channel);
        if (subscription == null || subscription.attributes().isEmpty() || event.getChannel().value().equals(channel)) {
            return false;
        }
        if (subscription.requiresKey() && event.getSourceKey().stream().noneMatch(k -> k.getChannel().value().equals(channel))) {
            return false;
        }
        return subscription.attributes().contains(EVERYTHING)
                || subscription.attributes().contains(TIER) && event.getKind().contains(ChangeKind.TIER_CHANGED)
                || event.getChange().stream().map(AttributeChange::getAttribute).anyMatch(subscription.attributes()::contains);
    }

    private record Subscription(Set<String> attributes, boolean requiresKey) {
    }
}
