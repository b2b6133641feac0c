package dev.dervisher.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dervisher.testing.StreamReader.Read;

/**
 * What a stream must hold after a delivery, whatever the faults: per partition key, on one shard, the submitted
 * records in submitted order. A lost response may make a record land twice; such duplicates are allowed, but only
 * next to each other (one record per key in flight), and the first occurrences keep the submitted order.
 */
public final class StreamChecks {

    /**
     * @param distinct records on the stream, duplicates counted once
     * @param duplicates extra copies from lost responses
     * @param complete keys whose every submitted record is on the stream
     */
    public record Landed(int distinct, int duplicates, int keys, int complete) {
    }

    private StreamChecks() {
    }

    /**
     * Checks the stream against what was submitted, key by key.
     *
     * @param submitted record ids per partition key, in submitted order
     * @param idOf the id of a record read back
     * @param wholeKeys true when every submitted record must be on the stream; false when a key may end early
     *        (undelivered records): then what landed of each key must be a prefix of what was submitted
     */
    public static Landed check(Map<String, List<String>> submitted, List<Read> onStream, Function<Read, String> idOf,
            boolean wholeKeys) {
        Map<String, List<Read>> byKey = new LinkedHashMap<>();
        for (Read read : onStream) {
            byKey.computeIfAbsent(read.partitionKey(), k -> new ArrayList<>()).add(read);
        }
        Set<String> unknown = new HashSet<>(byKey.keySet());
        unknown.removeAll(submitted.keySet());
        assertTrue(unknown.isEmpty(), "keys on the stream that were never submitted: " + unknown);

        int distinct = 0;
        int duplicates = 0;
        int complete = 0;
        for (Map.Entry<String, List<String>> key : submitted.entrySet()) {
            List<Read> reads = byKey.getOrDefault(key.getKey(), List.of());
            assertTrue(reads.stream().map(Read::shardId).distinct().count() <= 1,
                    "key " + key.getKey() + " is on one shard");
            List<String> ids = reads.stream().map(idOf).toList();
            // Duplicates only next to each other: compress runs, then every id must be unique.
            List<String> runs = new ArrayList<>();
            for (String id : ids) {
                if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(id)) {
                    runs.add(id);
                }
            }
            Set<String> firsts = new LinkedHashSet<>(ids);
            if (firsts.size() != runs.size()) {
                fail("key " + key.getKey() + ": a record landed again after a later one of its key: " + ids);
            }
            List<String> expected = key.getValue();
            List<String> landed = new ArrayList<>(firsts);
            if (wholeKeys) {
                assertEquals(expected, landed, "key " + key.getKey() + ": the stream holds its records in order");
            } else {
                assertTrue(landed.size() <= expected.size() && expected.subList(0, landed.size()).equals(landed),
                        "key " + key.getKey() + ": what landed is the submitted records in order, from the first, "
                                + "without gaps; submitted " + expected + ", landed " + landed);
            }
            if (landed.size() == expected.size()) {
                complete++;
            }
            distinct += firsts.size();
            duplicates += ids.size() - firsts.size();
        }
        return new Landed(distinct, duplicates, submitted.size(), complete);
    }

    /** The event ids of a run's posted events, per partition key (policy uow: the uow_uid, else the name). */
    public static Map<String, List<String>> postedByKey(List<String> postedJson) {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (String json : postedJson) {
            JsonNode event = Runs.parse(json);
            String key = event.get("uow_uid").isNull() ? event.get("name").asText() : event.get("uow_uid").asText();
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(event.get("event_id").asText());
        }
        return byKey;
    }

    /** The event_id of a record read back. */
    public static String eventId(Read read) {
        return Runs.parse(read.data()).get("event_id").asText();
    }
}
