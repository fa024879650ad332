package org.customerhub.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.junit.jupiter.api.Test;

/**
 * A load ends in exactly the customers the message path makes: the same catalogue documents sent one by one through
 * hub.in.catalogue of a running hub, and loaded from a file (many documents under one root) and from a folder (one
 * document per file) into stores of their own, give equal stores: keys, stated values, interactions, possible matches
 * and change events.
 */
class LoadEqualityTest {
    @Test
    void aLoadMakesTheCustomersTheMessagePathMakes() throws Exception {
        List<String> documents = documents();
        LoadFiles viaQueues = new LoadFiles();
        TestHub hub = viaQueues.hub();
        StoreSnapshot messagePath;
        try (HubClient client = hub.client()) {
            Ingest ingest = new Ingest(hub, client);
            for (String document : documents) {
                ingest.sendText("catalogue", document, Map.of());
            }
            messagePath = StoreSnapshot.read(viaQueues.jdbcUrl());
        } finally {
            hub.stop();
        }
        assertThat(messagePath.rows().get("interaction")).isEqualTo(documents.size() - 1);
        assertThat(messagePath.rows().get("possible_match")).isPositive();

        LoadFiles oneFile = new LoadFiles();
        Path sequence = oneFile.write("orders.xml", LoadFiles.sequence(documents));
        LoadFiles.Run fromOneFile = oneFile.load("--channel", "catalogue", sequence.toString());
        assertThat(fromOneFile.result().counts().rejected()).isZero();
        assertThat(StoreSnapshot.read(oneFile.jdbcUrl())).isEqualTo(messagePath);

        LoadFiles folder = new LoadFiles();
        Path documentsFolder = folder.folder.resolve("documents");
        Files.createDirectories(documentsFolder);
        for (int i = 0; i < documents.size(); i++) {
            Files.writeString(documentsFolder.resolve(String.format("%03d.xml", i)), documents.get(i));
        }
        // in batches of three: later batches find earlier ones' customers, their values kept in memory until changed
        LoadFiles.Run fromFolder = folder.loadWith(Map.of("hub.load.batch-size", "3"), "--channel", "catalogue",
                documentsFolder.toString());
        assertThat(fromFolder.output()).containsPattern("candidates' values: [1-9][0-9]* from memory, [1-9][0-9]* read from the store");
        assertThat(StoreSnapshot.read(folder.jdbcUrl())).isEqualTo(messagePath);
    }

    /** Ten people's orders over a month, a name change, and a second account of one of them (a possible match). */
    private static List<String> documents() {
        List<String> documents = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            documents.add(LoadFiles.orderOfPerson(500 + i, i % 10, 1 + i));
            if (i == 12) {
                documents.add("""
                        <CATALOGUE_CUSTOMER_CHANGE>
                          <ACCT_NO>0050002</ACCT_NO><CHANGE_DT>20260114</CHANGE_DT><REASON_CD>MARRIAGE</REASON_CD>
                          <NEW_NAME>MARCHETTI, PAUL</NEW_NAME>
                        </CATALOGUE_CUSTOMER_CHANGE>""");
            }
        }
        // person 3 under an account of their own: same name, address and phone
        documents.add(LoadFiles.order(600, "0070003", "OKAFOR, AMARA", "13 HARLOW ST", "01603", "5085550103", 27));
        return documents;
    }
}
