package org.customerhub.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.customerhub.store.StoreRows.ArchivedMessage;
import org.customerhub.store.StoreRows.InteractionRow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows a load's batch writes together (BulkRows: COPY on PostgreSQL, a JDBC batch on H2) read back exactly as given
 * on both databases, whatever their text holds: tabs, line breaks, backslashes, COPY's own null marker, other scripts,
 * bytes, decimals, booleans, nulls and times with offsets.
 */
class BulkRowsTest {
    private static final String AWKWARD = "tab\there, line\nbreak\r\nand a \\ backslash, \\N, \\x00, Zoë 東京";
    private static PostgresServer postgres;

    @TempDir
    Path folder;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void rowsReadBackAsGivenOnPostgres() throws Exception {
        readBackAsGiven(postgres.createDatabase("bulk_rows"), PostgresServer.USER, "");
    }

    @Test
    void rowsReadBackAsGivenOnH2() throws Exception {
        readBackAsGiven("jdbc:h2:file:" + folder.resolve("store") + ";WRITE_DELAY=0", "hub", "hub");
    }

    private static void readBackAsGiven(String url, String user, String password) {
        try (HikariDataSource dataSource = Database.pool(url, user, password, 2, 10_000)) {
            Database.migrate(dataSource);
            CustomerStore store = new CustomerStore(dataSource);
            OffsetDateTime at = OffsetDateTime.of(2026, 12, 6, 9, 30, 15, 123_000_000, ZoneOffset.ofHours(-5));
            byte[] content = ("<doc>" + AWKWARD + "</doc>").getBytes(StandardCharsets.UTF_8);
            List<ArchivedMessage> messages = new ArrayList<>();
            List<InteractionRow> interactions = new ArrayList<>();
            for (int n = 0; n < 3; n++) {
                messages.add(new ArchivedMessage("message-" + n, "catalogue", "dedupe-" + n + AWKWARD, "ORDER", "document-" + n, null,
                        at.plusMinutes(n), n % 2 == 0, content));
            }
            String hubId = store.inTransaction(tx -> tx.withBatchedRows(List.of(), List.of(Arrays.asList("catalogue", "ORDER", "o1")),
                    batch -> {
                        String created = batch.createCustomer(at);
                        messages.forEach(message -> {
                            batch.archive(message);
                            batch.recordConcerns(message.messageId(), created);
                        });
                        InteractionRow row = new InteractionRow(created, "catalogue", "ORDER", "o1", AWKWARD, at,
                                new BigDecimal("1234.5600"), "USD", null, new BigDecimal("-0.0001"), true, "<i>" + AWKWARD + "</i>",
                                "message-0");
                        assertThat(batch.addInteraction(row)).isTrue();
                        interactions.add(row);
                        batch.recordEvent("event-1", "message-0", created, AWKWARD, at);
                        return created;
                    }));

            store.inTransaction(tx -> {
                for (ArchivedMessage message : messages) {
                    assertThat(tx.firstDelivery("catalogue", message.dedupeKey())).isPresent()
                            .get().extracting(StoreRows.FirstDelivery::messageId).isEqualTo(message.messageId());
                }
                assertThat(tx.messagesConcerning(List.of(hubId), "none")).hasSize(3).allSatisfy(read -> {
                    int n = Integer.parseInt(read.messageId().substring("message-".length()));
                    assertThat(read.content()).isEqualTo(content);
                    assertThat(read.textBody()).isEqualTo(n % 2 == 0);
                    assertThat(read.receivedAt().toInstant()).isEqualTo(at.plusMinutes(n).toInstant());
                });
                assertThat(tx.interactions(hubId)).singleElement().satisfies(read -> {
                    assertThat(read.reference()).isEqualTo(AWKWARD);
                    assertThat(read.detailXml()).isEqualTo("<i>" + AWKWARD + "</i>");
                    assertThat(read.amount()).isEqualByComparingTo("1234.56");
                    assertThat(read.margin()).isEqualByComparingTo("-0.0001");
                    assertThat(read.cost()).isNull();
                    assertThat(read.incident()).isTrue();
                    assertThat(read.occurredAt().toInstant()).isEqualTo(at.toInstant());
                });
                assertThat(tx.events("message-0")).containsExactly(AWKWARD);
                assertThat(tx.customer(hubId)).get().extracting(row -> row.createdAt().toInstant()).isEqualTo(at.toInstant());
                return null;
            });
        }
    }
}
