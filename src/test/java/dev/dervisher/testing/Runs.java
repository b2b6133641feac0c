package dev.dervisher.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reading what a run printed. */
public final class Runs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Runs() {
    }

    public static String uniqueStream(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The JSON of every {@code posting} line, in printed order. */
    public static List<String> posted(List<String> stdout) {
        List<String> records = new ArrayList<>();
        for (String line : stdout) {
            if (line.startsWith("posting ")) {
                records.add(line.substring("posting ".length()));
            }
        }
        return records;
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    /** Events grouped by uow_uid, each group in the given order. */
    public static Map<String, List<JsonNode>> byUow(List<JsonNode> events) {
        Map<String, List<JsonNode>> groups = new LinkedHashMap<>();
        for (JsonNode event : events) {
            if (!event.get("uow_uid").isNull()) {
                groups.computeIfAbsent(event.get("uow_uid").asText(), k -> new ArrayList<>()).add(event);
            }
        }
        return groups;
    }
}
