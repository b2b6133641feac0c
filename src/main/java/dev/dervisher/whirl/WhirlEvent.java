package dev.dervisher.whirl;

/**
 * One event on the wire. The keys, their sorting and their meaning are those of the original tool (event_version
 * 0.1); {@code event_id} came with event_version 0.2 so that a consumer can drop the duplicates that at-least-once
 * delivery may produce.
 */
public record WhirlEvent(
        long at,
        String env,
        String eventClass,
        String eventId,
        String eventType,
        String name,
        boolean pretty,
        String subtype,
        String uowUid) {

    public static final String EVENT_VERSION = "0.2";
}
