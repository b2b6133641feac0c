package dev.dervisher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dervisher.testing.KinesisLocal;
import dev.dervisher.testing.Packaged;
import dev.dervisher.testing.Runs;
import dev.dervisher.testing.StreamReader;
import dev.dervisher.testing.StreamReader.Read;

/** Real SIGINT and SIGTERM to the packaged app: stop event, flush, summary, exit 0 within 5 s. */
class SignalsIT {

    @ParameterizedTest
    @ValueSource(strings = { "INT", "TERM" })
    void aSignalStopsTheRunInOrderAndLosesNothing(String signal) {
        KinesisLocal kinesis = KinesisLocal.shared();
        String stream = Runs.uniqueStream("signal-" + signal.toLowerCase());
        kinesis.createActiveStream(stream, 2);
        Map<String, String> environment = kinesis.awsEnvironment();
        try (Packaged app = Packaged.start(environment, "sig", "600", "2", "--stream", stream)) {
            app.awaitLine(line -> line.contains("\"event_class\":\"complete\""), Duration.ofSeconds(60));
            long signalled = System.nanoTime();
            app.signal(signal);
            int exit = app.awaitExit(Duration.ofSeconds(30));
            double seconds = (System.nanoTime() - signalled) / 1e9;

            assertEquals(0, exit, app.describe());
            assertTrue(seconds < 5, "exited " + seconds + " s after SIG" + signal);
            List<String> out = app.out();
            assertTrue(out.stream().anyMatch(line -> line.startsWith("SIG" + signal + ": ")), app.describe());
            String summary = out.get(out.size() - 1);
            assertTrue(summary.startsWith("dervisher sig stopped: ") && summary.contains(", 0 failed in "),
                    summary);

            List<String> posted = Runs.posted(out);
            JsonNode last = Runs.parse(posted.get(posted.size() - 1));
            assertEquals("stop", last.get("event_class").asText());
            assertEquals("service", last.get("event_type").asText());
            List<Read> onStream = StreamReader.readAll(kinesis.client(), stream);
            assertEquals(posted.stream().sorted().toList(), onStream.stream().map(Read::data).sorted().toList(),
                    "every posted event, the stop event included, is on the stream");
            for (List<JsonNode> uow : Runs.byUow(posted.stream().map(Runs::parse).toList()).values()) {
                assertEquals("complete", uow.get(uow.size() - 1).get("event_class").asText(),
                        "no unit of work is left half done");
            }
        }
    }
}
