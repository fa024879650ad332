package org.customerhub;

import static org.apache.camel.builder.Builder.header;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.camel.builder.NotifyBuilder;

/** Sends channel messages to the test hub and waits until the hub has finished each one. */
public final class Ingest {
    private static final String MARKER = "TestMessageMarker";
    private final TestHub hub;
    private final HubClient client;

    public Ingest(TestHub hub, HubClient client) {
        this.hub = hub;
        this.client = client;
    }

    /** Sends a test resource to the channel's queue as a text message and waits for its ingest route to finish. */
    public void send(String channel, String resource) throws Exception {
        sendText(channel, HubClient.resource(resource), Map.of());
    }

    /** One person, Nora Lindqvist, in all four channels: a catalogue order, a store sale, a CRM contact with a
     *  contract order, a web order. */
    public void sendNoraLindqvistInFourChannels() throws Exception {
        send("catalogue", "catalogue/order-phone-lindqvist.xml");
        send("retail", "retail/sale-member-lindqvist.xml");
        send("directsales", "directsales/account-update-quinsigamond-vet.xml");
        send("directsales", "directsales/contract-order-quinsigamond-vet.xml");
        send("web", "web/order-placed-lindqvist.xml");
    }

    public void sendText(String channel, String body, Map<String, String> properties) throws Exception {
        String marker = UUID.randomUUID().toString();
        NotifyBuilder done = finished(channel, marker);
        client.sendText("hub.in." + channel, body, marked(properties, marker));
        assertThat(done.matches(20, TimeUnit.SECONDS)).as("hub finished a message on hub.in." + channel).isTrue();
    }

    public void sendBytes(String channel, byte[] body, Map<String, String> properties) throws Exception {
        String marker = UUID.randomUUID().toString();
        NotifyBuilder done = finished(channel, marker);
        client.sendBytes("hub.in." + channel, body, marked(properties, marker));
        assertThat(done.matches(20, TimeUnit.SECONDS)).as("hub finished a message on hub.in." + channel).isTrue();
    }

    /**
     * Waits for this message only (an earlier message's event publishing may still be reporting in): done when the
     * channel's ingest route has stored or dead-lettered it.
     */
    private NotifyBuilder finished(String channel, String marker) {
        return new NotifyBuilder(hub.context())
                .fromRoute("ingest-" + channel).filter(header(MARKER).isEqualTo(marker)).whenDone(1)
                .create();
    }

    private static Map<String, String> marked(Map<String, String> properties, String marker) {
        Map<String, String> marked = new HashMap<>(properties);
        marked.put(MARKER, marker);
        return marked;
    }

    /** The channel a scenario file goes to, from its name: 01-catalogue-order.xml goes to catalogue. */
    public static String channelOf(String fileName) {
        for (String channel : new String[] {"catalogue", "retail", "directsales", "web"}) {
            if (fileName.contains("-" + channel + "-")) {
                return channel;
            }
        }
        throw new IllegalArgumentException("no channel in " + fileName);
    }
}
