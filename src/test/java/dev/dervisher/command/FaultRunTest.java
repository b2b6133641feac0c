package dev.dervisher.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dervisher.post.FaultProxy;
import dev.dervisher.post.FaultProxy.Call;
import dev.dervisher.post.FaultProxy.Fault;
import dev.dervisher.post.FaultProxy.Kind;
import dev.dervisher.testing.KinesisLocal;
import dev.dervisher.testing.KinesisLocalResource;
import dev.dervisher.testing.Runs;
import dev.dervisher.testing.StreamChecks;
import dev.dervisher.testing.StreamChecks.Landed;
import dev.dervisher.testing.StreamReader;
import dev.dervisher.testing.StreamReader.Read;
import dev.dervisher.testing.Streams;
import dev.dervisher.testing.Summary;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/**
 * Whole runs through the fault proxy ({@code --endpoint-url} at it, the SDK's own retries on as in production), one
 * fault each: what is on the stream, each unit of work in posted order on its shard, the summary's accounting, and
 * the exit code.
 */
@QuarkusMainTest
@WithTestResource(KinesisLocalResource.class)
@TestProfile(FaultRunTest.ShortPutTimeout.class)
class FaultRunTest {

    /** A stalled PutRecords gives up after 2 s instead of 10, so that a stall costs the test little. */
    public static class ShortPutTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dervisher.delivery.put-timeout", "2s");
        }
    }

    private record Outcome(LaunchResult run, Summary summary, List<String> posted, List<Read> onStream,
            Landed landed, Duration took) {
    }

    /** Runs dervisher through the proxy, then checks what every run must satisfy, whatever its exit code. */
    private static Outcome run(QuarkusMainLauncher launcher, FaultProxy proxy, String stream, String... args) {
        List<String> command = new ArrayList<>(List.of(args));
        command.addAll(List.of("--stream", stream, "--endpoint-url", proxy.endpoint().toString()));
        long started = System.nanoTime();
        LaunchResult run = launcher.launch(command.toArray(String[]::new));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        try {
            Summary summary = Summary.of(run.getOutputStream());
            List<String> posted = Runs.posted(run.getOutputStream());
            List<Read> onStream = StreamReader.readAll(KinesisLocal.shared().client(), stream);
            assertEquals(List.of(), proxy.keyClashes(), "at most one record per partition key in flight");
            assertEquals(summary.delivered(), onStream.stream().map(StreamChecks::eventId).distinct().count(),
                    "delivered is what is on the stream, duplicates once");
            if (run.exitCode() == 0) {
                assertEquals(summary.generated(), summary.delivered(), "everything generated was delivered");
            }
            Landed landed = null;
            if (!posted.isEmpty()) { // --quiet prints no events
                landed = StreamChecks.check(StreamChecks.postedByKey(posted), onStream, StreamChecks::eventId,
                        run.exitCode() == 0);
                assertEquals(summary.delivered(), landed.distinct());
                if (run.exitCode() == 0) {
                    assertEquals(posted.size(), summary.generated(), "every printed event was generated");
                    assertEquals(landed.keys(), landed.complete());
                }
            }
            return new Outcome(run, summary, posted, onStream, landed, took);
        } finally {
            Streams.delete(KinesisLocal.shared().client(), stream);
        }
    }

    /** The retries the run's "retrying PutRecords entries" warnings report under one error code. */
    private static long retriesWarned(LaunchResult run, String code) {
        Pattern count = Pattern.compile("(?:^|: | )" + code + " x(\\d+)");
        long total = 0;
        for (String line : run.getErrorStream()) {
            if (line.startsWith("retrying PutRecords entries to stream")) {
                Matcher m = count.matcher(line);
                while (m.find()) {
                    total += Long.parseLong(m.group(1));
                }
            }
        }
        return total;
    }

    private static FaultProxy proxy() {
        return FaultProxy.start(KinesisLocal.shared().endpoint());
    }

    @Test
    void partialFailuresAreRetriedUntilEverythingIsOnTheStreamInOrder(QuarkusMainLauncher launcher) {
        try (FaultProxy proxy = proxy()) {
            proxy.script(Fault.partialEvery(4, 2, "ProvisionedThroughputExceededException"),
                    Fault.partial(4, entries -> {
                        Map<Integer, String> failed = new TreeMap<>();
                        for (int i = 1; i < entries.size(); i += 3) {
                            failed.put(i, "InternalFailure");
                        }
                        return failed;
                    }));
            Outcome outcome = run(launcher, proxy, Runs.uniqueStream("run-partial"),
                    "pia", "3000", "2", "--whirls", "30");

            assertEquals(0, outcome.run.exitCode(), outcome.run.getErrorOutput());
            assertEquals(30, outcome.summary.whirls());
            int injected = proxy.putCalls(Kind.PARTIAL).stream().mapToInt(c -> c.failed().size()).sum();
            assertEquals(8, proxy.putCalls(Kind.PARTIAL).size());
            assertTrue(injected >= 4);
            // A call slower than the put timeout on a loaded machine would add retries of its own: count by code.
            assertEquals(injected, retriesWarned(outcome.run, "ProvisionedThroughputExceededException")
                    + retriesWarned(outcome.run, "InternalFailure"), "each failed entry was retried once");
            assertTrue(outcome.summary.retried() >= injected);
            assertEquals(0, outcome.landed.duplicates());
            assertTrue(outcome.run.getErrorOutput().contains("retrying PutRecords entries to stream"),
                    outcome.run.getErrorOutput());
        }
    }

    @Test
    void aThrottlingBurstDelaysButLosesNothing(QuarkusMainLauncher launcher) {
        try (FaultProxy proxy = proxy()) {
            proxy.script(Fault.throttle(6), Fault.allEntriesFailed(3, "ProvisionedThroughputExceededException"));
            Outcome outcome = run(launcher, proxy, Runs.uniqueStream("run-throttle"),
                    "tia", "3000", "2", "--whirls", "30");

            assertEquals(0, outcome.run.exitCode(), outcome.run.getErrorOutput());
            assertEquals(6, proxy.putCalls(Kind.THROTTLE).size());
            assertEquals(3, proxy.putCalls(Kind.ALL_ENTRIES_FAILED).size());
            long allFailed = proxy.putCalls(Kind.ALL_ENTRIES_FAILED).stream().mapToLong(c -> c.entries().size())
                    .sum();
            assertTrue(outcome.summary.retried() >= allFailed, "retried " + outcome.summary.retried());
            assertEquals(0, outcome.landed.duplicates());
        }
    }

    @Test
    void internalErrorsAreRetriedUntilEverythingIsDelivered(QuarkusMainLauncher launcher) {
        try (FaultProxy proxy = proxy()) {
            proxy.script(Fault.internalError(6));
            Outcome outcome = run(launcher, proxy, Runs.uniqueStream("run-500"),
                    "ira", "3000", "2", "--whirls", "30");

            assertEquals(0, outcome.run.exitCode(), outcome.run.getErrorOutput());
            assertEquals(6, proxy.putCalls(Kind.INTERNAL_ERROR).size());
            assertEquals(0, outcome.landed.duplicates());
        }
    }

    @Test
    void droppedConnectionsAndLostResponsesOnlyDuplicateInPlace(QuarkusMainLauncher launcher) {
        try (FaultProxy proxy = proxy()) {
            proxy.script(Fault.drop(3), Fault.dropAfterForward(4));
            Outcome outcome = run(launcher, proxy, Runs.uniqueStream("run-drop"),
                    "dia", "3000", "2", "--whirls", "30");

            assertEquals(0, outcome.run.exitCode(), outcome.run.getErrorOutput());
            assertEquals(4, proxy.putCalls(Kind.DROP_AFTER_FORWARD).size());
            long lost = proxy.putCalls(Kind.DROP_AFTER_FORWARD).stream().mapToLong(c -> c.forwardedEntries().size())
                    .sum();
            assertEquals(lost, outcome.landed.duplicates(),
                    "each entry whose answer was lost is on the stream once more, next to itself");
            assertTrue(outcome.onStream.size() > outcome.summary.delivered());
        }
    }

    @Test
    void stalledCallsTimeOutAndAreRetried(QuarkusMainLauncher launcher) {
        try (FaultProxy proxy = proxy()) {
            proxy.script(Fault.pass(1), Fault.stall(2));
            Outcome outcome = run(launcher, proxy, Runs.uniqueStream("run-stall"),
                    "sia", "3000", "2", "--whirls", "30");

            assertEquals(0, outcome.run.exitCode(), outcome.run.getErrorOutput());
            assertEquals(2, proxy.putCalls(Kind.STALL).size());
            assertTrue(outcome.summary.retried() > 0, "the stalled calls' records were retried");
            assertEquals(0, outcome.landed.duplicates());
        }
    }

    @Test
    void anEndpointDownForAWhileDelaysButLosesNothing(QuarkusMainLauncher launcher) {
        try (FaultProxy proxy = proxy()) {
            proxy.script(Fault.pass(1), Fault.down(Duration.ofSeconds(3), true));
            Outcome outcome = run(launcher, proxy, Runs.uniqueStream("run-outage"),
                    "oia", "3000", "2", "--whirls", "30");

            assertEquals(0, outcome.run.exitCode(), outcome.run.getErrorOutput());
            assertEquals(1, proxy.putCalls(Kind.DOWN).size());
            assertTrue(outcome.summary.retried() > 0);
            assertTrue(outcome.summary.seconds() >= 2.5, "the run waited for the endpoint: " + outcome.summary);
        }
    }

    @Test
    void anEndpointDownForGoodEndsWithExit5AndTheUndeliveredCounted(QuarkusMainLauncher launcher) {
        try (FaultProxy proxy = proxy()) {
            proxy.script(Fault.pass(2), Fault.down(null, true));
            String stream = Runs.uniqueStream("run-gone");
            Outcome outcome = run(launcher, proxy, stream, "gia", "3000", "2", "--whirls", "30",
                    "--flush-timeout", "3s");

            assertEquals(5, outcome.run.exitCode(), outcome.run.getErrorOutput());
            long undelivered = outcome.summary.undelivered();
            assertTrue(undelivered > 0);
            assertEquals(outcome.posted.size(), outcome.summary.generated());
            assertTrue(outcome.run.getErrorOutput().contains("dervisher: " + undelivered
                    + " events were not delivered to stream " + stream + " within the flush timeout (3s)"),
                    outcome.run.getErrorOutput());
            assertTrue(outcome.took.compareTo(Duration.ofSeconds(60)) < 0, "it gave up: " + outcome.took);
        }
    }

    @Test
    void accessDeniedStopsTheRunPromptlyWithExit3(QuarkusMainLauncher launcher) {
        try (FaultProxy proxy = proxy()) {
            proxy.script(Fault.accessDenied(Fault.FOREVER));
            String stream = Runs.uniqueStream("run-denied");
            Outcome outcome = run(launcher, proxy, stream, "adi", "600", "1", "--duration", "60s");

            assertEquals(3, outcome.run.exitCode(), outcome.run.getErrorOutput());
            assertTrue(outcome.summary.seconds() < 15, "stopped promptly, not after --duration: " + outcome.summary);
            assertTrue(outcome.took.compareTo(Duration.ofSeconds(45)) < 0, outcome.took.toString());
            String line = outcome.run.getErrorStream().stream()
                    .filter(l -> l.contains("AccessDeniedException")).findFirst()
                    .orElseThrow(() -> new AssertionError(outcome.run.getErrorOutput()));
            assertTrue(line.contains("PutRecords") && line.contains(stream), line);
            List<Call> puts = proxy.putCalls();
            assertTrue(puts.size() <= 4, "no retry loop: " + puts.size() + " PutRecords calls");
            assertTrue(puts.stream().allMatch(c -> c.fault() == Kind.ACCESS_DENIED));
            assertEquals(0, outcome.summary.delivered());
            assertEquals(0, outcome.summary.retried());
            assertTrue(outcome.onStream.isEmpty());
        }
    }

    /**
     * A minute at 600 rpm with the delivery retrying now and then: the pacer keeps its schedule regardless, 600
     * whirls give or take one, none skipped, and every unit of work lands whole.
     */
    @Test
    void aMinuteAt600RpmIs600WhirlsWhileDeliveryRetries(QuarkusMainLauncher launcher) {
        try (FaultProxy proxy = proxy()) {
            proxy.script(Fault.pass(20), Fault.partialEvery(10, 3, "ProvisionedThroughputExceededException"),
                    Fault.pass(100), Fault.internalError(3), Fault.pass(100), Fault.throttle(3));
            String stream = Runs.uniqueStream("run-minute");
            Outcome outcome = run(launcher, proxy, stream, "mia", "600", "2", "--duration", "60s", "--quiet");

            assertEquals(0, outcome.run.exitCode(), outcome.run.getErrorOutput());
            assertTrue(Math.abs(outcome.summary.whirls() - 600) <= 1, "whirls: " + outcome.summary);
            assertEquals(0, outcome.summary.skipped());
            assertTrue(outcome.summary.retried() > 0, "the delivery did retry meanwhile");
            assertTrue(outcome.posted.isEmpty(), "--quiet prints no events");

            // Quiet runs print no events: check the units of work from the stream itself.
            Map<String, JsonNode> firsts = new LinkedHashMap<>();
            outcome.onStream.forEach(r -> firsts.putIfAbsent(StreamChecks.eventId(r), Runs.parse(r.data())));
            Map<String, List<JsonNode>> uows = Runs.byUow(new ArrayList<>(firsts.values()));
            assertEquals(outcome.summary.whirls(), uows.size(), "every whirl's unit of work is on the stream");
            for (List<JsonNode> uow : uows.values()) {
                assertEquals("start", uow.get(0).get("event_class").asText());
                assertEquals("complete", uow.get(uow.size() - 1).get("event_class").asText());
            }
            assertTrue(outcome.run.getOutput().contains("progress: "), "a progress line every 10 s");
        }
    }
}
