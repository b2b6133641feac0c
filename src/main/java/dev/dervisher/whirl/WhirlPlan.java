package dev.dervisher.whirl;

import java.time.Duration;

import dev.dervisher.post.Delivery;

/**
 * What to whirl, validated.
 *
 * @param maxWhirls stop after this many whirls; 0 for no limit
 * @param duration stop after this long; null for no limit
 */
public record WhirlPlan(
        String name,
        String env,
        double rpm,
        String stream,
        PartitionKeyPolicy partitionKeys,
        long seed,
        boolean pretty,
        boolean quiet,
        long maxWhirls,
        Duration duration,
        Duration flushTimeout,
        Delivery.Settings delivery) {
}
