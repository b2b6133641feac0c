package dev.dervisher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dervisher.testing.KinesisLocal;
import dev.dervisher.testing.Packaged;
import dev.dervisher.testing.Runs;
import dev.dervisher.testing.StreamReader;
import dev.dervisher.testing.StreamReader.Read;

/** The packaged app configured by nothing but environment variables, as a container sidecar is. */
class EnvironmentConfigIT {

    @Test
    void everySettingComesFromTheEnvironment() {
        KinesisLocal kinesis = KinesisLocal.shared();
        String stream = Runs.uniqueStream("env-only");
        Map<String, String> environment = new HashMap<>(kinesis.awsEnvironment());
        environment.put("DERVISHER_NAME", "envy");
        environment.put("DERVISHER_RPM", "6000");
        environment.put("DERVISHER_SHARDS", "2");
        environment.put("DERVISHER_STREAM", stream);
        environment.put("DERVISHER_ENV", "staging");
        environment.put("DERVISHER_WHIRLS", "7");
        environment.put("DERVISHER_SEED", "99");
        environment.put("DERVISHER_PARTITION_KEY", "random");
        environment.put("DERVISHER_LOG_FORMAT", "json");
        try (Packaged app = Packaged.start(environment)) {
            assertEquals(0, app.awaitExit(Duration.ofSeconds(60)), app.describe());
            List<JsonNode> lines = app.out().stream().map(Runs::parse).toList();
            assertFalse(lines.isEmpty());
            List<String> posted = lines.stream().filter(l -> l.get("message").asText().equals("posting"))
                    .map(l -> l.get("record").asText()).toList();
            assertTrue(lines.stream().allMatch(l -> l.has("time") && l.has("level")), "JSON log lines");
            assertTrue(lines.stream().anyMatch(l -> l.get("message").asText().contains("seed 99")));
            assertTrue(lines.get(lines.size() - 1).get("message").asText().startsWith("dervisher envy stopped: 7 whirls"));

            List<Read> onStream = StreamReader.readAll(kinesis.client(), stream);
            assertEquals(posted.stream().sorted().toList(), onStream.stream().map(Read::data).sorted().toList());
            assertEquals(2, onStream.stream().map(Read::shardId).distinct().count(), "a 2-shard stream, keys spread");
            assertEquals(onStream.size(), onStream.stream().map(Read::partitionKey).distinct().count(),
                    "random partition keys");
            for (String record : posted) {
                JsonNode event = Runs.parse(record);
                assertEquals("staging", event.get("env").asText());
                assertEquals("envy", event.get("name").asText());
            }
        }
    }

    @Test
    void aBadValueInTheEnvironmentIsBadInput() {
        Map<String, String> environment = new HashMap<>(KinesisLocal.shared().awsEnvironment());
        environment.put("DERVISHER_NAME", "envy");
        environment.put("DERVISHER_RPM", "abc");
        environment.put("DERVISHER_SHARDS", "1");
        try (Packaged app = Packaged.start(environment)) {
            assertEquals(2, app.awaitExit(Duration.ofSeconds(60)), app.describe());
            assertTrue(String.join("\n", app.err()).contains("RPM must be a positive number"), app.describe());
        }
    }

    @Test
    void anEndpointVariableThatDoesNotParseIsBadInput() {
        Map<String, String> environment = new HashMap<>(KinesisLocal.shared().awsEnvironment());
        environment.put("AWS_ENDPOINT_URL_KINESIS", "not a url");
        try (Packaged app = Packaged.start(environment, "mimi", "20", "1")) {
            assertEquals(2, app.awaitExit(Duration.ofSeconds(60)), app.describe());
            assertTrue(String.join("\n", app.err()).contains("AWS_ENDPOINT_URL_KINESIS is not a valid endpoint URL"),
                    app.describe());
        }
    }
}
