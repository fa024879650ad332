package org.customerhub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.zaxxer.hikari.HikariDataSource;
import org.awaitility.Awaitility;
import org.customerhub.store.StoreRows.ArchivedMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit on a real H2 file store: shared commits, savepoints per piece, answers only after the commit; writers at
 * once for unrelated lock keys, one after the other for a shared one; work tried again after another writer's doing.
 */
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
        assertThat(writer.writer.stats().commits()).as("three messages, one commit").isEqualTo(1);
        assertThat(writer.writer.stats().messages()).isEqualTo(3);
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

    /** Messages that share no lock key run at once: each of two writers is inside its transaction while the other is. */
    @Test
    void workOnUnrelatedKeysRunsInTwoTransactionsAtOnce() throws Exception {
        GroupCommit writer = new GroupCommit(store, 32, 2, 5);
        CyclicBarrier bothInside = new CyclicBarrier(2);
        Future<StoreTransaction> jane = callers.submit(() -> writer.run(Set.of("id:key:web:jane"), meetingInside(bothInside, "jane")));
        Future<StoreTransaction> john = callers.submit(() -> writer.run(Set.of("id:key:web:john"), meetingInside(bothInside, "john")));

        assertThat(jane.get()).isNotSameAs(john.get());
        assertThat(stored("jane")).isTrue();
        assertThat(stored("john")).isTrue();
        assertThat(writer.stats().lockWaits()).isZero();
    }

    /** Work that archives a message, then waits inside its transaction until the other party is inside too. */
    private static CustomerStore.Work<StoreTransaction> meetingInside(CyclicBarrier barrier, String id) {
        return tx -> {
            tx.archive(message(id));
            try {
                barrier.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the other writer never came in while this one was inside", e);
            }
            return tx;
        };
    }

    /**
     * Messages that share a lock key run one after the other, even with a writer free for each: the second waits for
     * the first's commit and then sees its writes.
     */
    @Test
    void workSharingAKeyWaitsForTheOthersCommit() throws Exception {
        GroupCommit writer = new GroupCommit(store, 32, 2, 5);
        CountDownLatch firstInside = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        Future<String> first = callers.submit(() -> writer.run(Set.of("block:name:D000|jane", "id:key:web:jane"), tx -> {
            tx.archive(message("first"));
            firstInside.countDown();
            await(releaseFirst);
            return "first";
        }));
        await(firstInside);
        AtomicReference<Thread> secondCaller = new AtomicReference<>();
        Future<Boolean> second = callers.submit(() -> {
            secondCaller.set(Thread.currentThread());
            return writer.run(Set.of("block:name:D000|jane", "id:key:catalogue:0000001"),
                    tx -> tx.firstDelivery("web", "dedupe-first").isPresent());
        });
        // the second caller parks on the key the first holds, though a writer is free for it
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> secondCaller.get() != null
                && secondCaller.get().getState() == Thread.State.WAITING && writer.queuedPieces() == 0);
        releaseFirst.countDown();

        assertThat(first.get()).isEqualTo("first");
        assertThat(second.get()).as("the second saw the first's committed writes").isTrue();
        assertThat(writer.stats().lockWaits()).isEqualTo(1);
        assertThat(writer.stats().messages()).isEqualTo(2);
        assertThat(writer.stats().commits()).as("the second waited for the first's commit").isEqualTo(2);
    }

    /**
     * A unique key another writer took meanwhile (a real 23505 from the database): the work is rolled back and tried
     * again, and then finds what the other stored.
     */
    @Test
    void workRefusedByAUniqueKeyTakenMeanwhileIsTriedAgain() {
        GroupCommit writer = new GroupCommit(store, 32, 2, 5);
        store.inTransaction(archiving("copy"));
        AtomicInteger attempts = new AtomicInteger();
        String outcome = writer.run(Set.of("id:key:web:copy"), tx -> {
            attempts.incrementAndGet();
            if (tx.firstDelivery("web", "dedupe-copy").isPresent() && attempts.get() > 1) {
                return "found the copy";
            }
            // as if read before the other writer committed: the insert runs into the unique key
            tx.archive(message("copy"));
            return "archived";
        });

        assertThat(outcome).isEqualTo("found the copy");
        assertThat(attempts).hasValue(2);
        assertThat(writer.stats().retries()).isEqualTo(1);
    }

    /** A serialisation failure (40001) is tried again, a bounded number of times, then reaches the caller. */
    @Test
    void aSerialisationFailureIsTriedAgainAtMostMaxAttemptsTimes() {
        GroupCommit writer = new GroupCommit(store, 32, 2, 3);
        AtomicInteger attempts = new AtomicInteger();
        String outcome = writer.run(Set.of("id:key:web:once"), tx -> {
            if (attempts.incrementAndGet() == 1) {
                throw serialisationFailure();
            }
            tx.archive(message("once"));
            return "stored";
        });
        assertThat(outcome).isEqualTo("stored");
        assertThat(stored("once")).isTrue();

        AtomicInteger hopeless = new AtomicInteger();
        assertThatThrownBy(() -> writer.run(Set.of("id:key:web:never"), tx -> {
            hopeless.incrementAndGet();
            tx.archive(message("never"));
            throw serialisationFailure();
        })).hasRootCauseMessage("could not serialize access due to concurrent update");
        assertThat(hopeless).hasValue(3);
        assertThat(stored("never")).isFalse();
        assertThat(writer.stats().retries()).isEqualTo(1 + 2);
    }

    /** A database failure without an SQL state (a connection the pool closed) is not another writer's doing: its
     *  caller learns it, once, and the writer carries on. */
    @Test
    void aFailureWithoutAnSqlStateReachesItsCaller() {
        GroupCommit writer = new GroupCommit(store, 32, 2, 3);
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> writer.run(Set.of("id:key:web:closed"), tx -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("statement failed", new SQLException("Connection is closed"));
        })).hasRootCauseMessage("Connection is closed");
        assertThat(attempts).hasValue(1);
        assertThat(writer.stats().commits()).as("a transaction that holds no message is no commit of one").isZero();
        assertThat(writer.run(Set.of("id:key:web:closed"), archiving("after"))).isEqualTo("after");
        assertThat(writer.stats().commits()).isEqualTo(1);
    }

    /** What PostgreSQL's driver throws when a transaction lost a serialisation conflict. */
    private static RuntimeException serialisationFailure() {
        return new IllegalStateException("statement failed",
                new SQLException("could not serialize access due to concurrent update", "40001"));
    }

    /** A lock key found only after reading, held by another writer: the work is rolled back and tried again, then
     *  waiting for that key with its own. */
    @Test
    void aKeyFoundAfterReadingThatAnotherWriterHoldsMeansAnotherAttempt() throws Exception {
        GroupCommit writer = new GroupCommit(store, 32, 2, 5);
        CountDownLatch holderInside = new CountDownLatch(1);
        CountDownLatch releaseHolder = new CountDownLatch(1);
        Future<String> holder = callers.submit(() -> writer.run(Set.of("customer:c1"), tx -> {
            holderInside.countDown();
            await(releaseHolder);
            return "held";
        }));
        await(holderInside);
        AtomicInteger attempts = new AtomicInteger();
        Future<Integer> linker = callers.submit(() -> writer.run(Set.of("id:key:web:linker"), tx -> {
            attempts.incrementAndGet();
            tx.lock(Set.of("customer:c1"));
            return attempts.get();
        }));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> writer.stats().retries() == 1);
        releaseHolder.countDown();

        assertThat(holder.get()).isEqualTo("held");
        assertThat(linker.get()).as("the attempt that held the customer's key").isEqualTo(2);
        assertThat(writer.stats().retries()).isEqualTo(1);
    }

    @Test
    void aBatchHoldsAtLeastOnePiece() {
        assertThatThrownBy(() -> new GroupCommit(store, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * A group commit of one writer, which another thread keeps out ({@link GroupCommit#exclusively}) until release(),
     * so that callers queue in a known order.
     */
    private final class BusyWriter {
        private final GroupCommit writer = new GroupCommit(store, 32, 1, 5);
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
            Future<T> caller = callers.submit(() -> writer.run(Set.of(), work));
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
