package dev.dervisher.post;

import static dev.dervisher.post.DeliveryRig.assertAccounting;
import static dev.dervisher.post.DeliveryRig.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.dervisher.ExitCodes;
import dev.dervisher.post.FaultProxy.Call;
import dev.dervisher.post.FaultProxy.Fault;
import dev.dervisher.post.FaultProxy.Kind;
import dev.dervisher.testing.StreamChecks.Landed;

/**
 * The delivery engine against each fault the proxy can inject, record by record: what is on the stream, in which
 * order per key, and whether the engine's accounting says so.
 */
@Timeout(120)
class DeliveryFaultsTest {

    private static final Duration LINGER = Duration.ofMillis(20);
    private static final Duration FLUSH = Duration.ofSeconds(60);

    @Test
    void partialFailuresAreRetriedAndNeverReorderAKey() throws Exception {
        try (DeliveryRig rig = new DeliveryRig("partial", 2, settings(10_000, 4, LINGER, Duration.ofSeconds(10)))) {
            rig.proxy.script(
                    Fault.partialEvery(3, 3, "ProvisionedThroughputExceededException"),
                    Fault.pass(1),
                    Fault.partial(3, entries -> {
                        Map<Integer, String> failed = new TreeMap<>();
                        for (int i = 1; i < entries.size(); i += 2) {
                            failed.put(i, "InternalFailure");
                        }
                        return failed;
                    }));
            rig.submitInterleaved(40, 8);
            DeliveryStats stats = rig.delivery.close(FLUSH);

            List<Call> partial = rig.proxy.putCalls(Kind.PARTIAL);
            assertEquals(6, partial.size(), "the whole script was played");
            int injected = partial.stream().mapToInt(c -> c.failed().size()).sum();
            assertTrue(injected >= 6, "failures were injected: " + injected);
            assertEquals(injected, stats.retried(), "each failed entry retried once per failure, nothing else");
            assertEquals(partial.stream().filter(c -> c.failed().size() == c.entries().size()).count(),
                    stats.failedPutCalls(), "partial failures are answered calls, unless every entry failed");
            assertEquals(320, stats.delivered());
            assertEquals(0, stats.pending());

            Landed landed = rig.checkStream(true);
            assertEquals(0, landed.duplicates(), "a partially failed entry never reached the stream, so no copy");
            assertAccounting(stats, landed);
            assertTrue(rig.warnings().contains("retrying PutRecords entries to stream " + rig.stream),
                    rig.warnings());
            // Which codes were injected depends on how the calls were batched (a one-entry call has no odd entry).
            for (String code : new String[] { "ProvisionedThroughputExceededException", "InternalFailure" }) {
                boolean injectedCode = partial.stream().anyMatch(c -> c.failed().containsValue(code));
                assertEquals(injectedCode, rig.warnings().contains(code + " x"), code + ": " + rig.warnings());
            }
        }
    }

    @Test
    void aThrottlingBurstIsRidOutWithBackoff() throws Exception {
        try (DeliveryRig rig = new DeliveryRig("throttle", 1, settings(10_000, 4, LINGER, Duration.ofSeconds(10)))) {
            rig.proxy.script(Fault.throttle(3), Fault.allEntriesFailed(2, "ProvisionedThroughputExceededException"));
            rig.submitInterleaved(30, 4);
            DeliveryStats stats = rig.delivery.close(FLUSH);

            List<Call> throttled = rig.proxy.putCalls(Kind.THROTTLE);
            List<Call> allFailed = rig.proxy.putCalls(Kind.ALL_ENTRIES_FAILED);
            assertEquals(3, throttled.size());
            assertEquals(2, allFailed.size());
            assertEquals(5, stats.failedPutCalls(),
                    "whole-call throttling and answers with every entry failed count as failed calls");
            long entriesHit = throttled.stream().mapToLong(c -> c.entries().size()).sum()
                    + allFailed.stream().mapToLong(c -> c.entries().size()).sum();
            assertEquals(entriesHit, stats.retried());
            assertEquals(120, stats.delivered());
            Landed landed = rig.checkStream(true);
            assertEquals(0, landed.duplicates());
            assertAccounting(stats, landed);
        }
    }

    @Test
    void internalErrorsAreRetried() throws Exception {
        try (DeliveryRig rig = new DeliveryRig("http500", 2, settings(10_000, 4, LINGER, Duration.ofSeconds(10)))) {
            rig.proxy.script(Fault.internalError(4));
            rig.submitInterleaved(25, 4);
            DeliveryStats stats = rig.delivery.close(FLUSH);

            assertEquals(4, rig.proxy.putCalls(Kind.INTERNAL_ERROR).size());
            assertEquals(4, stats.failedPutCalls());
            assertEquals(rig.proxy.putCalls(Kind.INTERNAL_ERROR).stream().mapToLong(c -> c.entries().size()).sum(),
                    stats.retried());
            assertEquals(100, stats.delivered());
            Landed landed = rig.checkStream(true);
            assertEquals(0, landed.duplicates());
            assertAccounting(stats, landed);
        }
    }

    @Test
    void droppedConnectionsAreRetriedAndLostResponsesOnlyDuplicateInPlace() throws Exception {
        try (DeliveryRig rig = new DeliveryRig("dropped", 2, settings(10_000, 4, LINGER, Duration.ofSeconds(10)))) {
            rig.proxy.script(Fault.drop(3), Fault.dropAfterForward(4));
            rig.submitInterleaved(25, 6);
            DeliveryStats stats = rig.delivery.close(FLUSH);

            assertFalse(rig.proxy.scriptLeft());
            assertEquals(150, stats.delivered(), "every record counted once, however often it landed");
            assertTrue(stats.retried() > 0);
            Landed landed = rig.checkStream(true);
            long lostAnswers = rig.proxy.putCalls(Kind.DROP_AFTER_FORWARD).stream()
                    .mapToLong(c -> c.forwardedEntries().size()).sum();
            assertTrue(lostAnswers > 0);
            assertEquals(lostAnswers, landed.duplicates(),
                    "every entry whose answer was lost landed once more, and nothing else did");
            assertAccounting(stats, landed);
        }
    }

    @Test
    void stalledCallsTimeOutAndAreRetried() throws Exception {
        try (DeliveryRig rig = new DeliveryRig("stalled", 1, settings(10_000, 2, LINGER, Duration.ofMillis(1_500)))) {
            rig.proxy.script(Fault.stall(2));
            rig.submitInterleaved(20, 3);
            long started = System.nanoTime();
            DeliveryStats stats = rig.delivery.close(FLUSH);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertEquals(2, rig.proxy.putCalls(Kind.STALL).size());
            // A normal call slower than the put timeout on a loaded machine would add to these, never take away.
            assertTrue(stats.failedPutCalls() >= 2, stats.toString());
            assertTrue(stats.retried() >= rig.proxy.putCalls(Kind.STALL).stream().mapToLong(c -> c.entries().size())
                    .sum(), stats.toString());
            assertTrue(rig.warnings().contains("ApiCallTimeoutException x"), rig.warnings());
            assertTrue(took.compareTo(Duration.ofSeconds(30)) < 0, "the put timeout cut the stalls short: " + took);
            assertEquals(60, stats.delivered());
            Landed landed = rig.checkStream(true);
            assertEquals(0, landed.duplicates());
            assertAccounting(stats, landed);
        }
    }

    @Test
    void anEndpointDownForAWhileLosesNothing() throws Exception {
        try (DeliveryRig rig = new DeliveryRig("outage", 2, settings(10_000, 4, LINGER, Duration.ofSeconds(5)))) {
            rig.proxy.script(Fault.pass(1), Fault.down(Duration.ofSeconds(2), true));
            rig.submitInterleaved(20, 5);
            DeliveryStats stats = rig.delivery.close(FLUSH);

            assertEquals(1, rig.proxy.putCalls(Kind.DOWN).size(), "the endpoint went down");
            assertTrue(stats.failedPutCalls() > 0, "calls met the down endpoint: " + stats);
            assertEquals(100, stats.delivered());
            Landed landed = rig.checkStream(true);
            assertEquals(0, landed.duplicates());
            assertAccounting(stats, landed);
        }
    }

    @Test
    void anEndpointDownForGoodEndsAtTheFlushTimeoutWithTheUndeliveredCounted() throws Exception {
        try (DeliveryRig rig = new DeliveryRig("gone", 2, settings(10_000, 4, LINGER, Duration.ofSeconds(5)))) {
            for (int k = 0; k < 10; k++) {
                rig.submit("early-" + k, 10);
            }
            assertTrue(FaultProxy.await(() -> rig.delivery.stats().delivered() == 10, Duration.ofSeconds(30)));
            rig.proxy.script(Fault.down(null, true));
            rig.submitInterleaved(10, 3);

            long started = System.nanoTime();
            DeliveryStats stats = rig.delivery.close(Duration.ofSeconds(2));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(took.compareTo(Duration.ofMillis(1_900)) >= 0 && took.compareTo(Duration.ofSeconds(10)) < 0,
                    "close waited for the flush timeout, and not much longer: " + took);
            assertEquals(40, stats.generated());
            assertEquals(10, stats.delivered());
            assertEquals(30, stats.pending(), "what could not be sent is reported undelivered");
            assertTrue(stats.retried() > 0);
            Landed landed = rig.checkStream(false);
            assertEquals(10, landed.complete(), "the early keys landed whole, the late ones not at all");
            assertAccounting(stats, landed);
        }
    }

    /**
     * Fifty keys throttled for good, for nine seconds: the waits between one key's tries grow exponentially from
     * 50 ms, are drawn with full jitter (anywhere from zero to the ceiling), and never exceed the 5 s cap.
     */
    @Test
    void retriesBackOffExponentiallyWithFullJitterUpToTheCap() throws Exception {
        try (DeliveryRig rig = new DeliveryRig("backoff", 1, settings(10_000, 1, LINGER, Duration.ofSeconds(5)))) {
            rig.proxy.script(Fault.throttle(Fault.FOREVER));
            for (int k = 0; k < 50; k++) {
                rig.submit("key-" + k, 10);
            }
            Thread.sleep(9_000);
            DeliveryStats stats = rig.delivery.close(Duration.ZERO);

            Map<String, List<Long>> triesByKey = new TreeMap<>();
            for (Call call : rig.proxy.putCalls()) {
                for (FaultProxy.Entry entry : call.entries()) {
                    triesByKey.computeIfAbsent(entry.partitionKey(), k -> new ArrayList<>()).add(call.nanoTime());
                }
            }
            assertEquals(50, triesByKey.size());
            // gaps.get(n): the waits after the (n+1)th try, over all keys; its ceiling is min(5 s, 50 ms << n).
            List<List<Long>> gaps = new ArrayList<>();
            for (List<Long> tries : triesByKey.values()) {
                assertTrue(tries.size() <= 40, "backoff, not a tight loop: " + tries.size() + " tries");
                for (int n = 0; n + 1 < tries.size(); n++) {
                    while (gaps.size() <= n) {
                        gaps.add(new ArrayList<>());
                    }
                    gaps.get(n).add(tries.get(n + 1) - tries.get(n));
                }
            }
            long cap = TimeUnit.SECONDS.toNanos(5);
            long slack = TimeUnit.MILLISECONDS.toNanos(400); // linger, batching, a loaded machine
            long longest = gaps.stream().flatMap(List::stream).mapToLong(Long::longValue).max().getAsLong();
            assertTrue(longest <= cap + slack, "no wait beyond the 5 s cap: " + Duration.ofNanos(longest));
            assertTrue(gaps.size() >= 7, "keys got to their 8th try at least: " + gaps.size());
            double first = mean(gaps.get(0));
            double fifth = mean(gaps.get(4));
            assertTrue(fifth > 4 * first, "the waits grow: 1st " + Duration.ofNanos((long) first) + ", 5th "
                    + Duration.ofNanos((long) fifth));
            List<Long> late = new ArrayList<>();
            for (int n = 6; n < gaps.size(); n++) {
                late.addAll(gaps.get(n)); // ceilings of 3.2 s and the 5 s cap
            }
            assertTrue(late.size() >= 20, "enough late tries: " + late.size());
            assertTrue(late.stream().anyMatch(g -> g > TimeUnit.MILLISECONDS.toNanos(2_500)),
                    "late waits reach toward the cap");
            assertTrue(late.stream().anyMatch(g -> g < TimeUnit.MILLISECONDS.toNanos(1_000)),
                    "full jitter: a late wait can be short too");
            assertEquals(50, stats.pending());
            assertEquals(0, stats.delivered());
        }
    }

    private static double mean(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).average().orElse(0);
    }

    @Test
    void accessDeniedStopsTheDeliveryAtOnceWithoutRetrying() throws Exception {
        try (DeliveryRig rig = new DeliveryRig("denied", 1, settings(10_000, 4, LINGER, Duration.ofSeconds(5)))) {
            rig.proxy.script(Fault.accessDenied(Fault.FOREVER));
            rig.submitInterleaved(10, 2);
            assertTrue(FaultProxy.await(() -> rig.delivery.failure() != null, Duration.ofSeconds(20)));
            DeliveryFailure failure = rig.delivery.failure();
            assertEquals(ExitCodes.ACCOUNT, failure.exitCode());
            assertTrue(failure.getMessage().contains("PutRecords"), failure.getMessage());
            assertTrue(failure.getMessage().contains(rig.stream), failure.getMessage());
            assertTrue(failure.getMessage().contains("AccessDeniedException"), failure.getMessage());

            assertThrows(DeliveryFailure.class, () -> rig.submit("late", 1), "a failed delivery takes nothing more");
            int calls = rig.proxy.putCalls().size();
            Thread.sleep(1_000);
            assertEquals(calls, rig.proxy.putCalls().size(), "nothing is retried after access denied");
            assertTrue(calls <= 4, "at most one call per sender: " + calls);

            long started = System.nanoTime();
            DeliveryStats stats = rig.delivery.close(FLUSH);
            assertTrue(System.nanoTime() - started < Duration.ofSeconds(2).toNanos(), "close does not wait");
            assertEquals(0, stats.delivered());
            assertEquals(20, stats.pending());
            assertEquals(0, stats.retried());
            assertAccounting(stats, rig.checkStream(false));
        }
    }

    @Test
    void aFatalEntryErrorStopsTheDeliveryAndStillCountsTheEntriesThatLanded() throws Exception {
        try (DeliveryRig rig = new DeliveryRig("kms", 1, settings(10_000, 1, Duration.ofMillis(500),
                Duration.ofSeconds(5)))) {
            rig.proxy.script(Fault.partial(1, entries -> Map.of(2, "KMSAccessDeniedException")));
            for (int k = 0; k < 10; k++) {
                rig.submit("key-" + k, 10);
            }
            assertTrue(FaultProxy.await(() -> rig.delivery.failure() != null, Duration.ofSeconds(20)));
            assertEquals(ExitCodes.ACCOUNT, rig.delivery.failure().exitCode());
            assertTrue(rig.delivery.failure().getMessage().contains("KMSAccessDeniedException"));
            DeliveryStats stats = rig.delivery.close(FLUSH);

            assertEquals(1, rig.proxy.putCalls().size());
            assertEquals(10, rig.proxy.putCalls().get(0).entries().size());
            Landed landed = rig.checkStream(false);
            assertEquals(9, landed.distinct(), "the other nine entries of the call landed");
            assertEquals(9, stats.delivered(), "and are counted delivered, not undelivered");
            assertEquals(1, stats.pending());
            assertAccounting(stats, landed);
        }
    }
}
