package dev.dervisher.whirl;

/** An event ready to post: the record's bytes exactly as printed, and the partition key it goes under. */
public record Outgoing(WhirlEvent event, byte[] data, String partitionKey) {
}
