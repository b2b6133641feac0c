package dev.dervisher.whirl;

/** How events are spread over shards. */
public enum PartitionKeyPolicy {
    /** Every event of a unit of work goes to one shard, so a consumer sees it in order. */
    UOW,
    /** A fresh UUID per event, as the original tool did. */
    RANDOM
}
