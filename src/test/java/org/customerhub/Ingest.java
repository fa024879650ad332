package org.customerhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.builder.NotifyBuilder;

/** Sends channel messages to the test hub and waits until the hub has finished each one. */
public final class Ingest {
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

    public void sendText(String channel, String body, Map<String, String> properties) throws Exception {
        NotifyBuilder done = new NotifyBuilder(hub.context()).fromRoute("ingest-" + channel).whenDone(1).create();
        client.sendText("hub.in." + channel, body, properties);
        assertThat(done.matches(20, TimeUnit.SECONDS)).as("hub finished a message on hub.in." + channel).isTrue();
    }

    public void sendBytes(String channel, byte[] body, Map<String, String> properties) throws Exception {
        NotifyBuilder done = new NotifyBuilder(hub.context()).fromRoute("ingest-" + channel).whenDone(1).create();
        client.sendBytes("hub.in." + channel, body, properties);
        assertThat(done.matches(20, TimeUnit.SECONDS)).as("hub finished a message on hub.in." + channel).isTrue();
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
