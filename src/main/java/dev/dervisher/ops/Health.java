package dev.dervisher.ops;

import java.time.Duration;

import dev.dervisher.post.DeliveryStats;
import dev.dervisher.whirl.RunState;

/**
 * The sidecar's health. Ready: the stream is active, whirling has begun, and deliveries succeed (fewer than three
 * PutRecords calls in a row failed). Live: no delivery failure that retrying cannot mend, and calls have not kept
 * failing for a minute — past that a restart (fresh credentials, fresh connections) is worth a try.
 */
public record Health(boolean live, boolean ready, String reason) {

    static final int FAILED_CALLS_BEFORE_UNREADY = 3;
    static final Duration FAILING_BEFORE_NOT_LIVE = Duration.ofSeconds(60);

    static Health of(RunState run) {
        if (run == null) {
            return new Health(true, false, "not whirling (starting or stopping)");
        }
        if (run.deliveryFailed()) {
            return new Health(false, false, "delivery failed for good");
        }
        DeliveryStats stats = run.delivery();
        if (stats.failingFor().compareTo(FAILING_BEFORE_NOT_LIVE) >= 0) {
            return new Health(false, false, "every PutRecords call has failed for " + stats.failingFor().toSeconds()
                    + " s");
        }
        if (stats.consecutiveFailedPutCalls() >= FAILED_CALLS_BEFORE_UNREADY) {
            return new Health(true, false, stats.consecutiveFailedPutCalls() + " PutRecords calls in a row failed");
        }
        return new Health(true, true, "whirling");
    }
}
