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
    private final ExecutorService callers = Executors.newFixedThreadPool(8);

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

    /** Work that archives a message and answers its id. */
    private static CustomerStore.Work<String> archiving(String id) {
        return tx -> {
            tx.archive(message(id));
            return id;
        };
    }

    private boolean stored(String id) {
        return store.inTransaction(tx -> tx.firstDelivery("web", "dedupe-" + id)).isPresent();
    }

    /** Three callers that queue while the writer is busy: their pieces run in one transaction, all stored. */
    @Test
    void callersWaitingForTheWriterShareOneCommit() throws Exception {
        BusyWriter writer = new BusyWriter();
        List<Future<StoreTransaction>> pieces = new ArrayList<>();
        for (String id : List.of("a", "b", "c")) {
            pieces.add(writer.queue(tx -> {
                tx.archive(message(id));
                return tx;
            }));
        }
        writer.release();
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
        BusyWriter writer = new BusyWriter();
        Future<String> first = writer.queue(archiving("first"));
        Future<String> failing = writer.queue(tx -> {
            tx.archive(message("failing"));
            throw new IllegalStateException("refused after writing");
        });
        Future<String> last = writer.queue(archiving("last"));
        writer.release();

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
        BusyWriter writer = new BusyWriter();
        Future<String> sound = writer.queue(archiving("sound"));
        Future<String> broken = writer.queue(tx -> {
            tx.archive(message("broken"));
            throw new AssertionError("the writer's thread is broken");
        });
        writer.release();

        assertThatThrownBy(sound::get).hasRootCauseInstanceOf(AssertionError.class);
        assertThatThrownBy(broken::get).hasRootCauseInstanceOf(AssertionError.class);
        assertThat(stored("sound")).isFalse();
        assertThat(stored("broken")).isFalse();
    }

    @Test
    void aBatchHoldsAtLeastOnePiece() {
        assertThatThrownBy(() -> new GroupCommit(store, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A group commit whose writer lock another thread holds until release(), so that callers queue in a known order. */
    private final class BusyWriter {
        private final GroupCommit writer = new GroupCommit(store, 32);
        private final CountDownLatch busy = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private final Future<?> holder;
        private int queued;

        BusyWriter() {
            holder = callers.submit(() -> writer.exclusively(() -> {
                busy.countDown();
                await(released);
                return null;
            }));
            await(busy);
        }

        /** Queues work from a caller thread of its own and waits until it is queued behind the ones before. */
        <T> Future<T> queue(CustomerStore.Work<T> work) {
            Future<T> caller = callers.submit(() -> writer.run(work));
            int expected = ++queued;
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> writer.queuedPieces() == expected);
            return caller;
        }

        void release() throws Exception {
            released.countDown();
            holder.get();
        }
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
