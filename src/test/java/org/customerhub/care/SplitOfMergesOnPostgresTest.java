package org.customerhub.care;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customerhub.care.SplitTest.comparable;
import static org.customerhub.care.SplitTest.postAsAgent;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;

import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.customerhub.store.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A merge of merges split in three, on a private PostgreSQL server: four accounts of one Anna Kowalski (two catalogue,
 * two web) are merged pairwise by an agent and the two pairs merged again; the split keeps the first pair together and
 * the other two apart. A hub on H2 that took the same messages and only the first pair's merge must hold the same three
 * customers, field by field.
 */
class SplitOfMergesOnPostgresTest {
    private static final String CATALOGUE = "catalogue:0583361";
    private static final String WEB = "web:U41583361";
    private static final String SECOND_CATALOGUE = "catalogue:0583362";
    private static final String SECOND_WEB = "web:U41583362";

    private static PostgresServer postgres;
    private static TestHub onPostgres;
    private static TestHub reference;
    private static HubClient postgresClient;
    private static HubClient referenceClient;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.start();
        Properties settings = new Properties();
        settings.setProperty("hub.db.url", postgres.createDatabase("customerhub"));
        settings.setProperty("hub.db.user", PostgresServer.USER);
        settings.setProperty("hub.db.password", "");
        onPostgres = TestHub.isolated(settings);
        reference = TestHub.isolated(new Properties());
        postgresClient = onPostgres.client();
        referenceClient = reference.client();
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable closing : new AutoCloseable[] {postgresClient, referenceClient}) {
            if (closing != null) {
                closing.close();
            }
        }
        for (TestHub hub : new TestHub[] {onPostgres, reference}) {
            if (hub != null) {
                hub.stop();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private static List<Map.Entry<String, String>> fourAccounts() {
        String order = HubClient.resource("scenarios/possible-match/01-catalogue-order.xml");
        String account = HubClient.resource("scenarios/possible-match/02-web-account-created.xml");
        return List.of(Map.entry("catalogue", order), Map.entry("web", account),
                Map.entry("catalogue", order.replace("0583361", "0583362").replace("ML00616214", "ML00616299")
                        .replace("20260113", "20260201")),
                Map.entry("web", account.replace("U41583361", "U41583362").replace("anna.k.designs@", "anna.kowalski@")
                        .replace("ad54bc77-cdab-4349-a99a-7c4bd4a8b4b3", "ad54bc77-cdab-4349-a99a-7c4bd4a8b4c9")
                        .replace("2026-01-30T17:52:08Z", "2026-02-10T10:00:00Z")));
    }

    /** The agent merges the customers of two keys, as from the 360 view. */
    private static void merge(TestHub hub, HubClient client, String key, String otherKey) {
        String one = client.only("key", key).get("hubId").asText();
        String other = client.only("key", otherKey).get("hubId").asText();
        HttpResponse<String> merged = postAsAgent(hub, "/api/customers/" + one + "/matches/" + other, "{\"decision\":\"merge\"}");
        assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);
    }

    @Test
    void aMergeOfMergesSplitInThreeEqualsAStoreThatOnlySawTheRightMerge() throws Exception {
        Ingest toPostgres = new Ingest(onPostgres, postgresClient);
        Ingest toReference = new Ingest(reference, referenceClient);
        for (Map.Entry<String, String> message : fourAccounts()) {
            toPostgres.sendText(message.getKey(), message.getValue(), Map.of());
            toReference.sendText(message.getKey(), message.getValue(), Map.of());
        }
        merge(onPostgres, postgresClient, CATALOGUE, WEB);
        merge(onPostgres, postgresClient, SECOND_CATALOGUE, SECOND_WEB);
        merge(onPostgres, postgresClient, CATALOGUE, SECOND_CATALOGUE);
        merge(reference, referenceClient, CATALOGUE, WEB);
        JsonNode all = postgresClient.only("key", SECOND_WEB);
        assertThat(HubClient.sourceKeys(all)).containsExactlyInAnyOrder(CATALOGUE, WEB, SECOND_CATALOGUE, SECOND_WEB);
        assertThat(all.get("mergedIds")).hasSize(3);

        HttpResponse<String> split = postAsAgent(onPostgres, "/admin/api/customers/" + all.get("hubId").asText() + "/split",
                "{\"groups\":[[\"" + CATALOGUE + "\",\"" + WEB + "\"],[\"" + SECOND_CATALOGUE + "\"],[\"" + SECOND_WEB + "\"]]}");
        assertThat(split.statusCode()).as(split.body()).isEqualTo(200);

        JsonNode pair = postgresClient.only("key", WEB);
        assertThat(HubClient.sourceKeys(pair)).containsExactlyInAnyOrder(CATALOGUE, WEB);
        for (String key : List.of(CATALOGUE, SECOND_CATALOGUE, SECOND_WEB)) {
            assertThat(comparable(postgresClient.only("key", key))).as(key)
                    .isEqualTo(comparable(referenceClient.only("key", key)));
        }
        assertThat(postgresClient.getJson("/api/customers/" + all.get("mergedIds").get(0).asText()).get("splitInto"))
                .hasSize(3);
    }
}
