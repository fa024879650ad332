package org.customerhub.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;

import jakarta.jms.Message;
import jakarta.jms.TextMessage;

import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Change events and the channel feeds built from them, read the way each channel reads them: a web address change
 * reaches the catalogue as its own change record, a catalogue phone change reaches the web shop as PROFILE_UPDATED,
 * stores and direct sales get the canonical event, and no channel hears its own change back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FeedTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** The marker customer's web profile, changed by every marker for the catalogue. */
    private static final String MARKER_PROFILE = HubClient.resource("feeds/02-web-profile-updated.xml")
            .replace("U41700001", "U41700009").replace("rosa.quinn", "tessa.marks").replace("Rosa", "Tessa")
            .replace("Quinn", "Marks").replace("+17185550190", "+17185550199");
    private static HubClient client;
    private static Ingest ingest;
    private static String hubId;
    /** A second customer, known to the catalogue and the web shop, whose changes mark a point in a feed. */
    private static String markerId;
    private static int markers;

    @BeforeAll
    static void start() throws Exception {
        TestHub hub = TestHub.shared();
        client = hub.client();
        ingest = new Ingest(hub, client);
        ingest.sendText("catalogue", HubClient.resource("feeds/01-catalogue-order.xml").replace("0700001", "0700009")
                .replace("QUINN, ROSA", "MARKS, TESSA").replace("7185550190", "7185550199"), Map.of());
        ingest.sendText("web", withNewEventId(MARKER_PROFILE), Map.of());
        markerId = client.only("key", "catalogue:0700009").get("hubId").asText();
        assertThat(client.only("key", "web:U41700009").get("hubId").asText()).as("the marker customer's web key").isEqualTo(markerId);
        ingest.send("catalogue", "feeds/01-catalogue-order.xml");
        hubId = client.only("key", "catalogue:0700001").get("hubId").asText();
    }

    private static String withNewEventId(String webEvent) {
        return webEvent.replaceFirst(" id=\"[^\"]+\"", " id=\"" + UUID.randomUUID() + "\"");
    }

    @AfterAll
    static void close() throws Exception {
        client.close();
    }

    private static String next(String queue) throws Exception {
        Message message = client.receive(queue, "HubId = '" + hubId + "'", WAIT);
        assertThat(message).as("message for the customer on " + queue).isNotNull();
        return ((TextMessage) message).getText();
    }

    /**
     * Changes the marker customer so that the queue's channel hears of it, then reads the queue up to that change:
     * the feeds keep the order of the changes, so anything for the customer under test would come first.
     */
    private static void assertNothingForTheCustomerOn(String queue) throws Exception {
        markers++;
        String mark;
        if (queue.equals("hub.out.catalogue")) {
            mark = "marker" + markers + "@example.com";
            ingest.sendText("web", withNewEventId(MARKER_PROFILE.replace("tessa.marks@example.com", mark)), Map.of());
        } else {
            mark = "718555020" + markers;
            ingest.sendText("catalogue", HubClient.resource("feeds/03-catalogue-customer-change.xml").replace("0700001", "0700009")
                    .replace("3475550191", mark), Map.of());
        }
        while (true) {
            Message message = client.receive(queue, "HubId IN ('" + hubId + "', '" + markerId + "')", WAIT);
            assertThat(message).as("the marker " + mark + " on " + queue).isNotNull();
            assertThat(message.getStringProperty("HubId")).as("a message for the customer on " + queue).isEqualTo(markerId);
            if (((TextMessage) message).getText().toLowerCase(Locale.ROOT).contains(mark)) {
                return;
            }
        }
    }

    private static void assertValid(String xml, String schema) throws Exception {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.newSchema(Path.of(schema).toFile()).newValidator().validate(new StreamSource(new StringReader(xml)));
    }

    @Test
    @Order(1)
    void aNewCustomerIsACanonicalEventForStoresAndDirectSalesButNothingForItsOwnChannel() throws Exception {
        String retail = next("hub.out.retail");
        assertValid(retail, "xsd/canonical/customer.xsd");
        assertThat(retail).contains("<kind>CREATED</kind>", "<kind>INTERACTION_ADDED</kind>", "PH00700001");
        assertValid(next("hub.out.directsales"), "xsd/canonical/customer.xsd");
        assertNothingForTheCustomerOn("hub.out.catalogue");
    }

    @Test
    @Order(2)
    void aWebAddressChangeReachesTheCatalogueAsAValidChangeRecord() throws Exception {
        ingest.send("web", "feeds/02-web-profile-updated.xml");
        String change = next("hub.out.catalogue");
        assertValid(change, "xsd/channels/catalogue.xsd");
        assertThat(change).contains("<ACCT_NO>0700001</ACCT_NO>", "<ADDR1>900 BAY RIDGE PARKWAY</ADDR1>",
                "<ADDR2>APT 4</ADDR2>", "<ZIP>11209</ZIP>", "<NEW_EMAIL>ROSA.QUINN@EXAMPLE.COM</NEW_EMAIL>")
                .doesNotContain("NEW_PHONE", "NEW_NAME");
        String retail = next("hub.out.retail");
        assertThat(retail).contains("<kind>CONTACT_CHANGED</kind>", "attribute=\"address\"", "5 HILL ST", "900 Bay Ridge Parkway");
        next("hub.out.directsales");
        assertNothingForTheCustomerOn("hub.out.web");
    }

    @Test
    @Order(3)
    void aCataloguePhoneChangeReachesTheWebShopAsProfileUpdated() throws Exception {
        ingest.send("catalogue", "feeds/03-catalogue-customer-change.xml");
        String event = next("hub.out.web");
        assertValid(event, "xsd/channels/web.xsd");
        assertThat(event).contains("type=\"PROFILE_UPDATED\"", "<userId>U41700001</userId>", "<Phone>3475550191</Phone>",
                "<line1>900 Bay Ridge Parkway</line1>", "<email>rosa.quinn@example.com</email>");
        assertNothingForTheCustomerOn("hub.out.catalogue");
    }
}
