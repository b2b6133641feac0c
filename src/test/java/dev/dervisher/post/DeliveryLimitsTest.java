package dev.dervisher.post;

import static dev.dervisher.post.DeliveryRig.assertAccounting;
import static dev.dervisher.post.DeliveryRig.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.dervisher.post.FaultProxy.Call;
import dev.dervisher.post.FaultProxy.Entry;
import dev.dervisher.testing.StreamChecks.Landed;

/** The delivery engine and Kinesis' limits: record size, batch size, and its own bounded buffer. */
@Timeout(120)
class DeliveryLimitsTest {

    private static final Duration FLUSH = Duration.ofSeconds(60);

    @Test
    void anOversizeRecordIsRefusedAndCountedWhileTheRestOfItsBatchIsDelivered() throws Exception {
        // A long linger and one sender: all that is submitted leaves in the one batch the close flushes.
        try (DeliveryRig rig = new DeliveryRig("oversize", 1, settings(10_000, 1, Duration.ofSeconds(30),
                Duration.ofSeconds(20)))) {
            for (int k = 0; k < 5; k++) {
                assertTrue(rig.submit("before-" + k, 10));
            }
            assertFalse(rig.submit("huge", Delivery.MAX_RECORD_BYTES - overhead("huge") + 1),
                    "1 MiB + 1 byte, partition key included, is refused");
            assertTrue(rig.submit("exact", Delivery.MAX_RECORD_BYTES - overhead("exact")),
                    "exactly 1 MiB, partition key included, is taken");
            for (int k = 0; k < 5; k++) {
                assertTrue(rig.submit("after-" + k, 10));
            }
            DeliveryStats stats = rig.delivery.close(FLUSH);

            assertEquals(12, stats.generated());
            assertEquals(1, stats.refused());
            assertEquals(11, stats.delivered());
            assertEquals(0, stats.pending());
            List<Call> calls = rig.proxy.putCalls();
            assertEquals(1, calls.size(), "one batch, not poisoned by the refused record");
            assertEquals(11, calls.get(0).entries().size());
            assertTrue(calls.get(0).failed().isEmpty());
            assertTrue(calls.get(0).entries().stream().allMatch(e -> e.size() <= Delivery.MAX_RECORD_BYTES));
            assertEquals(Delivery.MAX_RECORD_BYTES, calls.get(0).entries().stream().mapToInt(Entry::size).max()
                    .getAsInt());
            Landed landed = rig.checkStream(true);
            assertEquals(11, landed.distinct());
            assertAccounting(stats, landed);
            assertTrue(rig.warnings().contains("refused an event of " + (Delivery.MAX_RECORD_BYTES + 1) + " bytes"),
                    rig.warnings());
        }
    }

    @Test
    void aBatchNeverHoldsMoreThan500Records() throws Exception {
        try (DeliveryRig rig = new DeliveryRig("count", 2, settings(10_000, 2, Duration.ofSeconds(30),
                Duration.ofSeconds(20)))) {
            for (int k = 0; k < 1_234; k++) {
                assertTrue(rig.submit("k" + k, 5));
            }
            DeliveryStats stats = rig.delivery.close(FLUSH);

            List<Call> calls = rig.proxy.putCalls();
            int largest = calls.stream().mapToInt(c -> c.entries().size()).max().getAsInt();
            assertEquals(Delivery.MAX_BATCH_RECORDS, largest, "full batches, never fuller: "
                    + calls.stream().map(c -> c.entries().size()).toList());
            assertEquals(1_234, calls.stream().mapToInt(c -> c.entries().size()).sum());
            assertEquals(1_234, stats.delivered());
            assertAccounting(stats, rig.checkStream(true));
        }
    }

    @Test
    void aBatchNeverCarriesMoreThan5MiB() throws Exception {
        try (DeliveryRig rig = new DeliveryRig("bytes", 2, settings(10_000, 1, Duration.ofSeconds(30),
                Duration.ofSeconds(30)))) {
            // Six records of exactly 1 MiB each: five fill a batch to exactly 5 MiB, the sixth needs another.
            for (int k = 0; k < 6; k++) {
                String key = "big-" + k;
                assertTrue(rig.submit(key, Delivery.MAX_RECORD_BYTES - overhead(key)));
            }
            DeliveryStats stats = rig.delivery.close(FLUSH);

            List<Call> calls = rig.proxy.putCalls();
            assertEquals(List.of(Delivery.MAX_BATCH_BYTES, (long) Delivery.MAX_RECORD_BYTES),
                    calls.stream().map(Call::bytes).toList(), "batches filled up to 5 MiB, never beyond");
            assertEquals(6, stats.delivered());
            assertAccounting(stats, rig.checkStream(true));
        }
    }

    @Test
    void submitBlocksWhenTheBufferIsFullAndMemoryStaysBounded() throws Exception {
        int buffer = 50;
        try (DeliveryRig rig = new DeliveryRig("backpressure", 1, settings(buffer, 2, Duration.ofMillis(10),
                Duration.ofSeconds(5)))) {
            rig.proxy.down(null, false);
            AtomicReference<Throwable> failed = new AtomicReference<>();
            AtomicLong maxPending = new AtomicLong();
            Thread submitter = new Thread(() -> {
                try {
                    rig.submitInterleaved(20, 8); // 160 records through a buffer of 50
                } catch (Throwable e) {
                    failed.set(e);
                }
            }, "submitter");
            submitter.setDaemon(true);
            submitter.start();

            assertTrue(FaultProxy.await(() -> rig.delivery.stats().generated() == buffer
                    && submitter.getState() == Thread.State.WAITING, Duration.ofSeconds(20)),
                    "the submitter waits with the buffer full: " + rig.delivery.stats() + ", " + submitter.getState());
            long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            while (System.nanoTime() < until) {
                DeliveryStats stats = rig.delivery.stats();
                maxPending.accumulateAndGet(stats.pending(), Math::max);
                assertEquals(buffer, stats.generated(), "nothing more is taken while the buffer is full");
                Thread.sleep(20);
            }
            assertTrue(submitter.isAlive());

            rig.proxy.heal();
            Thread sampler = new Thread(() -> {
                while (submitter.isAlive()) {
                    maxPending.accumulateAndGet(rig.delivery.stats().pending(), Math::max);
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.setDaemon(true);
            sampler.start();
            submitter.join(Duration.ofSeconds(60).toMillis());
            sampler.join(5_000);
            assertFalse(submitter.isAlive(), "the submitter got through once the endpoint was back");
            assertEquals(null, failed.get());
            DeliveryStats stats = rig.delivery.close(FLUSH);

            assertTrue(maxPending.get() <= buffer, "never more than the buffer held: " + maxPending.get());
            assertEquals(160, stats.delivered());
            assertAccounting(stats, rig.checkStream(true));
        }
    }

    @Test
    void allowOverflowLetsTheLastEventsInPastAFullBuffer() throws Exception {
        try (DeliveryRig rig = new DeliveryRig("overflow", 1, settings(5, 1, Duration.ofMillis(10),
                Duration.ofSeconds(5)))) {
            rig.proxy.down(null, false);
            for (int k = 0; k < 5; k++) {
                assertTrue(rig.submit("k" + k, 1));
            }
            Thread submitter = new Thread(() -> {
                try {
                    rig.submit("stop", 1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            submitter.setDaemon(true);
            submitter.start();
            assertTrue(FaultProxy.await(() -> submitter.getState() == Thread.State.WAITING, Duration.ofSeconds(10)));
            rig.delivery.allowOverflow();
            submitter.join(10_000);
            assertFalse(submitter.isAlive());
            assertEquals(6, rig.delivery.stats().generated());
            rig.proxy.heal();
            DeliveryStats stats = rig.delivery.close(FLUSH);
            assertEquals(6, stats.delivered());
            assertAccounting(stats, rig.checkStream(true));
        }
    }

    /** The bytes of the first record of a key beyond its padding, partition key included. */
    private static int overhead(String key) {
        return DeliveryRig.record(key + "#0", 0).length + key.getBytes(StandardCharsets.UTF_8).length;
    }
}
