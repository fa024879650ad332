package org.customerhub.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.jms.Message;

import org.customerhub.HubClient;
import org.customerhub.TestHub;
import org.junit.jupiter.api.Test;

/**
 * A load is history, not news: the change events of the customers it makes are not published to the feeds, unless
 * --publish-events asks for them. Through a running hub's broker and its retail feed (which takes every change).
 */
class LoadEventsTest {
    @Test
    void aLoadPublishesItsChangeEventsOnlyWhenAsked() throws Exception {
        LoadFiles files = new LoadFiles();
        TestHub hub = files.hub();
        try (HubClient client = hub.client()) {
            LoadFiles.Run quiet = files.load("--channel", "catalogue", files.write("quiet.xml", LoadFiles.sequence(List.of(
                    LoadFiles.orderOfPerson(800, 0, 1), LoadFiles.orderOfPerson(801, 1, 2), LoadFiles.orderOfPerson(802, 2, 3))))
                    .toString());
            assertThat(quiet.result().counts().created()).isEqualTo(3);
            String broker = "tcp://127.0.0.1:" + hub.brokerPort();
            LoadFiles.Run published = files.loadWith(Map.of("hub.broker.url", broker), "--channel", "catalogue", "--publish-events",
                    files.write("published.xml", LoadFiles.sequence(List.of(LoadFiles.orderOfPerson(803, 3, 4),
                            LoadFiles.orderOfPerson(804, 4, 5)))).toString());
            assertThat(published.result().counts().created()).isEqualTo(2);

            Set<String> expected = Set.of(hubIdOf(files, "0050003"), hubIdOf(files, "0050004"));
            Set<String> fed = new HashSet<>();
            Duration wait = Duration.ofSeconds(20);
            // the two published customers arrive; then the feed stays empty: the quiet load's three never come
            for (Message message; (message = client.receive("hub.out.retail", null, wait)) != null; ) {
                fed.add(message.getStringProperty("HubId"));
                wait = fed.containsAll(expected) ? Duration.ofSeconds(3) : Duration.ofSeconds(20);
            }
            assertThat(fed).isEqualTo(expected);
        } finally {
            hub.stop();
        }
    }

    private static String hubIdOf(LoadFiles files, String account) throws Exception {
        try (Connection connection = DriverManager.getConnection(files.jdbcUrl(), "sa", "");
             PreparedStatement query = connection.prepareStatement(
                     "SELECT hub_id FROM identifier WHERE kind = 'key' AND id_value = ?")) {
            query.setString(1, "catalogue:" + account);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }
}
