package org.customerhub.faults;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.customerhub.BrokerLogin;

/**
 * What the hub put on the broker during a run, read at its end: how often each change event id reached the watching
 * subscriber of hub.customer.events and each feed queue, and and which messages were dead-lettered, with their reasons.
 */
record BrokerOutputs(Map<String, Integer> events, Map<String, Map<String, Integer>> feeds, List<String> deadLetters) {
    /** A queue on the events address that exists before the first message, added to the run's copy of broker.xml. */
    static final String WATCH_QUEUE = "crash.events";
    static final List<String> CHANNELS = List.of("catalogue", "retail", "directsales", "web");
    private static final Pattern EVENT_ID = Pattern.compile("eventId=\"([^\"]+)\"");
    /** Once no message comes for this long the hub, idle by then, has nothing more to give. */
    private static final long QUIET_MILLIS = 1000;

    static BrokerOutputs drain(String brokerUrl) throws JMSException {
        try (Connection connection = BrokerLogin.factory(brokerUrl).createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Map<String, Integer> events = drain(session, "hub.customer.events::" + WATCH_QUEUE, BrokerOutputs::eventIdInBody);
            Map<String, Map<String, Integer>> feeds = new LinkedHashMap<>();
            for (String channel : CHANNELS) {
                feeds.put(channel, drain(session, "hub.out." + channel, message -> message.getStringProperty("HubEventId")));
            }
            List<String> deadLetters = new ArrayList<>();
            for (String channel : List.of("catalogue", "retail", "directsales", "web", "broker")) {
                try (QueueBrowser browser = session.createBrowser(session.createQueue("hub.dlq." + channel))) {
                    for (var messages = browser.getEnumeration(); messages.hasMoreElements();) {
                        Message letter = (Message) messages.nextElement();
                        deadLetters.add("hub.dlq." + channel + " " + letter.getStringProperty("HubErrorCode") + " from "
                                + letter.getStringProperty("HubSourceQueue") + ": " + letter.getStringProperty("HubErrorDetail"));
                    }
                }
            }
            return new BrokerOutputs(events, feeds, deadLetters);
        }
    }

    /** How often each change event id reached one channel's feed queue; the queue is emptied. */
    static Map<String, Integer> feed(String brokerUrl, String channel) throws JMSException {
        try (Connection connection = BrokerLogin.factory(brokerUrl).createConnection()) {
            connection.start();
            return drain(connection.createSession(false, Session.AUTO_ACKNOWLEDGE), "hub.out." + channel,
                    message -> message.getStringProperty("HubEventId"));
        }
    }

    private interface IdOf {
        String of(Message message) throws JMSException;
    }

    /** How often each id came, over every message on the queue. */
    private static Map<String, Integer> drain(Session session, String queue, IdOf idOf) throws JMSException {
        Map<String, Integer> seen = new HashMap<>();
        try (MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
            for (Message message = consumer.receive(QUIET_MILLIS); message != null; message = consumer.receive(QUIET_MILLIS)) {
                seen.merge(String.valueOf(idOf.of(message)), 1, Integer::sum);
            }
        }
        return seen;
    }

    private static String eventIdInBody(Message message) throws JMSException {
        Matcher id = EVENT_ID.matcher(((TextMessage) message).getText());
        return id.find() ? id.group(1) : "no eventId";
    }
}
