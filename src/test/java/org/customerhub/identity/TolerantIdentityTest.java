package org.customerhub.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Web guest checkouts with an Australian address, typed the way people type (slips, a street run together, the
 * name fields swapped), sent through the broker: one person becomes one customer, and a household member or a
 * namesake further down the street stays apart.
 */
class TolerantIdentityTest {
    private static HubClient client;
    private static Ingest ingest;

    @BeforeAll
    static void start() throws Exception {
        TestHub hub = TestHub.shared();
        client = hub.client();
        ingest = new Ingest(hub, client);
    }

    @AfterAll
    static void close() throws Exception {
        client.close();
    }

    /** A guest order (no account, so nothing but the evidence links it) with the given shopper details. */
    private static void guestOrder(String orderId, String given, String family, String line1, String line2, String suburb,
                                   String postcode) throws Exception {
        String session = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String body = """
                <Event xmlns="urn:example:web:events:2026" type="ORDER_PLACED" id="%s" at="2026-03-02T09:30:00Z">
                  <Shopper>
                    <userId>guest-%s</userId><email>guest-%s@mail.example.com</email>
                    <Name><given>%s</given><family>%s</family></Name>
                    <Address type="shipping"><line1>%s</line1>%s<city>%s</city><region>QLD</region>
                      <postalCode>%s</postalCode><country>AU</country></Address>
                  </Shopper>
                  <Order><orderId>%s</orderId><Line><sku>120334</sku><qty>1</qty><unitPrice>12.50</unitPrice></Line>
                    <total>12.50</total><currency>USD</currency></Order>
                </Event>""".formatted(UUID.randomUUID(), session, session, given, family, line1,
                line2 == null ? "" : "<line2>" + line2 + "</line2>", suburb, postcode, orderId);
        ingest.sendText("web", body, Map.of());
    }

    private static String customerOf(String orderId) {
        return client.only("order", "web:" + orderId).get("hubId").asText();
    }

    @Test
    void onePersonTypedFourWaysIsOneCustomerAndOthersAtTheSameStreetStayApart() throws Exception {
        guestOrder("W731000001", "Matilda", "Vanterpool", "27 Jacaranda Crescent", "Banksia Court", "Toowong", "4066");
        guestOrder("W731000002", "matilda", "vanterpol", "27 jacarandacrescent", null, "toowong", "4066");
        guestOrder("W731000003", "Vanterpool", "Matilda", "27 Banksia Court", "Jacaranda Crescent", "Toowong", "4066");
        guestOrder("W731000004", "Matilda", "Vanterpool", "27 Jacaranda Cresent", null, "Toowong", "4060");
        guestOrder("W731000005", "Oscar", "Vanterpool", "27 Jacaranda Crescent", "Banksia Court", "Toowong", "4066");
        guestOrder("W731000006", "Matilda", "Vanterpool", "72 Jacaranda Crescent", null, "Toowong", "4066");

        String matilda = customerOf("W731000001");
        assertThat(customerOf("W731000002")).as("surname slip, street run together").isEqualTo(matilda);
        assertThat(customerOf("W731000003")).as("name fields and address lines swapped").isEqualTo(matilda);
        assertThat(customerOf("W731000004")).as("street slip, postcode slip").isEqualTo(matilda);
        assertThat(customerOf("W731000005")).as("household member at the same address").isNotEqualTo(matilda);
        String namesake = customerOf("W731000006");
        assertThat(namesake).as("same name further down the street").isNotEqualTo(matilda);
        JsonNode possible = client.only("order", "web:W731000006").get("possibleMatches");
        assertThat(possible.toString()).as("offered for review instead").contains(matilda);
    }
}
