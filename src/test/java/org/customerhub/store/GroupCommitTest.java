package org.customerhub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.zaxxer.hikari.HikariDataSource;
import org.awaitility.Awaitility;
import org.customerhub.store.StoreRows.ArchivedMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group commit on a real H2 file store: shared commits, savepoints per piece, answers only after the commit. */
class GroupCommitTest {
    @TempDir
    Path folder;
    private HikariDataSource dataSource;
    private CustomerStore store;
    private final ExecutorService callers = Executors.newFixedThreadPool(4);

    @BeforeEach
    void openStore() {
        dataSource = Database.pool("jdbc:h2:file:" + folder.resolve("store") + ";WRITE_DELAY=0", "hub", "hub", 4, 10_000);
        Database.migrate(dataSource);
        store = new CustomerStore(dataSource);
    }

    @AfterEach
    void closeStore() {
        callers.shutdownNow();
        dataSource.close();
    }

    private static ArchivedMessage message(String id) {
        return new ArchivedMessage(id, "web", "dedupe-" + id, "ORDER_PLACED", id, null, OffsetDateTime.now(), true,
                "<x/>".getBytes(StandardCharsets.UTF_8));
    }

    private boolean stored(String id) {
        return store.inTransaction(tx -> tx.firstDelivery("web", "dedupe-" + id)).isPresent();
    }

    /** Three callers that queue while the writer is busy: their pieces run in one transaction, all stored. */
    @Test
    void callersWaitingForTheWriterShareOneCommit() throws Exception {
        GroupCommit writer = new GroupCommit(store, 32);
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> holder = callers.submit(() -> writer.exclusively(() -> {
            busy.countDown();
            await(release);
            return null;
        }));
        await(busy);
        List<Future<StoreTransaction>> pieces = new ArrayList<>();
        for (String id : List.of("a", "b", "c")) {
            pieces.add(callers.submit(() -> writer.run(tx -> {
                tx.archive(message(id));
                return tx;
            })));
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> writer.queuedPieces() == 3);
        release.countDown();
        holder.get();
        List<StoreTransaction> transactions = new ArrayList<>();
        for (Future<StoreTransaction> piece : pieces) {
            transactions.add(piece.get());
        }
        assertThat(transactions).allSatisfy(tx -> assertThat(tx).isSameAs(transactions.get(0)));
        assertThat(List.of("a", "b", "c")).allMatch(this::stored);
    }

    /** A piece that fails after writing undoes its own writes only; its caller alone gets the failure. */
    @Test
    void aFailingPieceUndoesOnlyItsOwnWrites() throws Exception {
        GroupCommit writer = new GroupCommit(store, 32);
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> holder = callers.submit(() -> writer.exclusively(() -> {
            busy.countDown();
            await(release);
            return null;
        }));
        await(busy);
        Future<String> first = callers.submit(() -> writer.run(tx -> {
            tx.archive(message("first"));
            return "first";
        }));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> writer.queuedPieces() == 1);
        Future<String> failing = callers.submit(() -> writer.run(tx -> {
            tx.archive(message("failing"));
            throw new IllegalStateException("refused after writing");
        }));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> writer.queuedPieces() == 2);
        Future<String> last = callers.submit(() -> writer.run(tx -> {
            tx.archive(message("last"));
            return "last";
        }));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> writer.queuedPieces() == 3);
        release.countDown();
        holder.get();

        assertThat(first.get()).isEqualTo("first");
        assertThat(last.get()).isEqualTo("last");
        assertThatThrownBy(failing::get).hasRootCauseInstanceOf(IllegalStateException.class)
                .hasRootCauseMessage("refused after writing");
        assertThat(stored("first")).isTrue();
        assertThat(stored("last")).isTrue();
        assertThat(stored("failing")).isFalse();
    }

    /** When the shared transaction itself fails (here a piece throws an Error, which no savepoint contains), nothing
     *  of the batch is stored and every caller in it is told. */
    @Test
    void aBatchWhoseTransactionFailsFailsEveryCallerInIt() throws Exception {
        GroupCommit writer = new GroupCommit(store, 32);
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> holder = callers.submit(() -> writer.exclusively(() -> {
            busy.countDown();
            await(release);
            return null;
        }));
        await(busy);
        Future<String> sound = callers.submit(() -> writer.run(tx -> {
            tx.archive(message("sound"));
            return "sound";
        }));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> writer.queuedPieces() == 1);
        Future<String> broken = callers.submit(() -> writer.run(tx -> {
            tx.archive(message("broken"));
            throw new AssertionError("the writer's thread is broken");
        }));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> writer.queuedPieces() == 2);
        release.countDown();
        holder.get();

        assertThatThrownBy(sound::get).hasRootCauseInstanceOf(AssertionError.class);
        assertThatThrownBy(broken::get).hasRootCauseInstanceOf(AssertionError.class);
        assertThat(stored("sound")).isFalse();
        assertThat(stored("broken")).isFalse();
    }

    @Test
    void aBatchHoldsAtLeastOnePiece() {
        assertThatThrownBy(() -> new GroupCommit(store, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
