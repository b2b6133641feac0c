package dev.dervisher.post;

import java.time.Duration;

/**
 * Counters of a delivery. Always {@code generated = delivered + refused + pending}; once closed, what is still
 * pending is undelivered.
 */
public record DeliveryStats(
        long generated,
        long delivered,
        long refused,
        long pending,
        long retried,
        long putCalls,
        long failedPutCalls,
        long consecutiveFailedPutCalls,
        Duration putP50,
        Duration putP99,
        Duration failingFor) {
}
