package org.customerhub.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.customerhub.HubClient;
import org.customerhub.faults.HubProcess;

/**
 * Whether the hub recognises seeded customers as its own: after a till sale under a new card by a seeded person
 * (name and phone, see TrafficGenerator#storeSaleWithNewCard), the customer found by the seeded key must hold that
 * card's key. It holds only when the seeder wrote identifiers, values and blocking keys as the hub reads them.
 */
final class SeededCheck {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SeededCheck() {
    }

    /** How many of the people are one customer with both their seeded key and their new retail card. */
    static int recognised(HubProcess hub, List<Person> people) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        int recognised = 0;
        for (Person person : people) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + "/api/customers?key="
                            + URLEncoder.encode(CustomerSeeder.key(person), StandardCharsets.UTF_8)))
                    .header("Authorization", HubClient.AGENT_LOGIN).GET().build();
            JsonNode found = JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
            if (found.size() == 1 && HubClient.sourceKeys(found.get(0)).contains("retail:" + person.card())) {
                recognised++;
            }
        }
        return recognised;
    }
}
