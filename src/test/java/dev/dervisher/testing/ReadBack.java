package dev.dervisher.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dervisher.testing.StreamReader.Read;

/** The checks every read-back of a run makes, whichever Kinesis it ran against. */
public final class ReadBack {

    private ReadBack() {
    }

    /**
     * Every posted line is on the stream byte for byte (and nothing else is); each unit of work is whole (start, 0-9
     * words, complete), back and forth alternate, and with partition key uow each unit of work sits on one shard
     * in posted order.
     */
    public static void assertRunIsOnTheStream(List<String> posted, List<Read> onStream, int whirls) {
        assertEquals(counts(posted), counts(onStream.stream().map(Read::data).toList()),
                "the records on the stream are exactly the posted lines");

        Map<String, List<JsonNode>> uows = Runs.byUow(posted.stream().map(Runs::parse).toList());
        assertEquals(whirls, uows.size());
        String direction = "back";
        Map<String, List<Read>> byKey = onStream.stream().collect(Collectors.groupingBy(Read::partitionKey));
        for (Map.Entry<String, List<JsonNode>> entry : uows.entrySet()) {
            List<JsonNode> uow = entry.getValue();
            assertEquals("start", uow.get(0).get("event_class").asText());
            assertEquals("complete", uow.get(uow.size() - 1).get("event_class").asText());
            assertTrue(uow.size() >= 2 && uow.size() <= 11, "0 to 9 word events");
            assertEquals(direction, uow.get(0).get("subtype").asText(), "back and forth alternate");
            assertEquals(direction, uow.get(uow.size() - 1).get("subtype").asText());
            direction = direction.equals("back") ? "forth" : "back";

            List<Read> records = byKey.get(entry.getKey());
            assertEquals(uow.size(), records.size(), "the uow's events go under its uow_uid");
            assertEquals(1, records.stream().map(Read::shardId).distinct().count(), "one shard per uow");
            assertEquals(uow.stream().map(e -> e.get("event_id").asText()).toList(),
                    records.stream().map(r -> Runs.parse(r.data()).get("event_id").asText()).toList(),
                    "the shard holds the uow's events in posted order");
        }
    }

    private static Map<String, Integer> counts(List<String> values) {
        Map<String, Integer> counts = new HashMap<>();
        values.forEach(v -> counts.merge(v, 1, Integer::sum));
        return counts;
    }
}
