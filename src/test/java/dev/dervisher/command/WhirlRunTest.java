package dev.dervisher.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dervisher.testing.KinesisLocal;
import dev.dervisher.testing.KinesisLocalResource;
import dev.dervisher.testing.ReadBack;
import dev.dervisher.testing.Runs;
import dev.dervisher.testing.StreamReader;
import dev.dervisher.testing.StreamReader.Read;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/** Whole runs against kinesis-local, read back from the stream with GetRecords. */
@QuarkusMainTest
@WithTestResource(KinesisLocalResource.class)
class WhirlRunTest {

    private static final List<String> KEYS = List.of("at", "env", "event_class", "event_id", "event_type",
            "event_version", "name", "pretty", "subtype", "uow_uid");

    @Test
    void everyPostedEventIsOnTheStreamByteForByteAndEachUnitOfWorkIsWholeAndInOrder(QuarkusMainLauncher launcher) {
        String stream = Runs.uniqueStream("readback");
        LaunchResult run = launcher.launch("mimi", "1200", "2", "--stream", stream, "--whirls", "25");
        assertEquals(0, run.exitCode(), run.getErrorOutput());

        List<String> posted = Runs.posted(run.getOutputStream());
        List<Read> onStream = StreamReader.readAll(KinesisLocal.shared().client(), stream);
        ReadBack.assertRunIsOnTheStream(posted, onStream, 25);

        List<JsonNode> events = posted.stream().map(Runs::parse).toList();
        for (JsonNode event : events) {
            List<String> keys = new ArrayList<>();
            event.fieldNames().forEachRemaining(keys::add);
            assertEquals(KEYS, keys, "keys, sorted: " + event);
            assertEquals("dev", event.get("env").asText());
            assertEquals("mimi", event.get("name").asText());
            assertEquals("0.2", event.get("event_version").asText());
        }
        JsonNode first = events.get(0);
        JsonNode last = events.get(events.size() - 1);
        assertEquals(List.of("start", "service", "whirl"), List.of(first.get("event_class").asText(),
                first.get("event_type").asText(), first.get("subtype").asText()));
        assertEquals(List.of("stop", "service", "whirl"), List.of(last.get("event_class").asText(),
                last.get("event_type").asText(), last.get("subtype").asText()));
        assertTrue(first.get("uow_uid").isNull() && last.get("uow_uid").isNull());
        assertTrue(run.getOutput().contains("dervisher mimi stopped: 25 whirls, " + posted.size()
                + " events posted, 0 failed in "), run.getOutput());
    }

    @Test
    void randomPartitionKeysGiveEveryEventItsOwnKey(QuarkusMainLauncher launcher) {
        String stream = Runs.uniqueStream("random-keys");
        LaunchResult run = launcher.launch("rumi", "1200", "2", "--stream", stream, "--whirls", "5",
                "--partition-key", "random");
        assertEquals(0, run.exitCode(), run.getErrorOutput());
        List<Read> onStream = StreamReader.readAll(KinesisLocal.shared().client(), stream);
        assertEquals(Runs.posted(run.getOutputStream()).size(), onStream.size());
        assertEquals(onStream.size(), onStream.stream().map(Read::partitionKey).distinct().count());
        assertTrue(onStream.stream().noneMatch(r -> r.data().contains(r.partitionKey())),
                "a random key is no id of the event");
    }

    @Test
    void theSameSeedWhirlsTheSameSequence(QuarkusMainLauncher launcher) {
        String stream = Runs.uniqueStream("seeded");
        LaunchResult one = launcher.launch("sami", "6000", "1", "--stream", stream, "--whirls", "10", "--seed", "42");
        LaunchResult two = launcher.launch("sami", "6000", "1", "--stream", stream, "--whirls", "10", "--seed", "42");
        LaunchResult other = launcher.launch("sami", "6000", "1", "--stream", stream, "--whirls", "10", "--seed",
                "43");
        assertEquals(0, one.exitCode() + two.exitCode() + other.exitCode());
        assertEquals(withoutTime(one), withoutTime(two));
        assertNotEquals(withoutTime(one), withoutTime(other));
        assertTrue(one.getOutput().contains("seed 42"));
    }

    @Test
    void prettyEventsAreIndentedAndPostedAsPrinted(QuarkusMainLauncher launcher) {
        String stream = Runs.uniqueStream("pretty");
        LaunchResult run = launcher.launch("pia", "6000", "1", "--stream", stream, "--whirls", "1", "--pretty");
        assertEquals(0, run.exitCode(), run.getErrorOutput());
        List<Read> onStream = StreamReader.readAll(KinesisLocal.shared().client(), stream);
        assertFalse(onStream.isEmpty());
        for (Read read : onStream) {
            assertTrue(read.data().contains("\n"), "indented JSON");
            assertTrue(Runs.parse(read.data()).get("pretty").asBoolean());
            assertTrue(run.getOutput().contains("posting " + read.data()), "printed as posted");
        }
    }

    @Test
    void quietRunsPrintProgressEveryTenSecondsInsteadOfEvents(QuarkusMainLauncher launcher) {
        String stream = Runs.uniqueStream("quiet");
        LaunchResult run = launcher.launch("quin", "600", "1", "--stream", stream, "--duration", "11s", "--quiet");
        assertEquals(0, run.exitCode(), run.getErrorOutput());
        assertTrue(Runs.posted(run.getOutputStream()).isEmpty(), "no per-event lines");
        List<String> progress = run.getOutputStream().stream().filter(l -> l.startsWith("progress: ")).toList();
        assertEquals(1, progress.size(), run.getOutput());
        assertTrue(progress.get(0).matches("progress: \\d+ whirls, \\d+ events \\([\\d.]+/s\\), \\d+ delivered, 0 refused,"
                + " \\d+ pending, \\d+ retried, max schedule lag \\d+ ms"), progress.get(0));
        assertTrue(run.getOutput().contains("whirled for 11s, stopping"));
        assertTrue(run.getOutput().matches("(?s).*dervisher quin stopped: 1(09|10|11) whirls,.*"), run.getOutput());
    }

    private static List<String> withoutTime(LaunchResult run) {
        return Runs.posted(run.getOutputStream()).stream()
                .map(json -> json.replaceFirst("\"at\":\\d+", "\"at\":0"))
                .toList();
    }
}
