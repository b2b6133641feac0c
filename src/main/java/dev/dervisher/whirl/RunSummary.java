package dev.dervisher.whirl;

import java.time.Duration;
import java.util.Locale;

import dev.dervisher.DervisherException;
import dev.dervisher.post.DeliveryStats;

/**
 * How a run ended.
 *
 * @param failure why the run could not deliver everything; null when all went well
 */
public record RunSummary(
        String name,
        long whirls,
        DeliveryStats delivery,
        Duration elapsed,
        Duration maxLag,
        long skippedWhirls,
        DervisherException failure) {

    public long undelivered() {
        return delivery.pending();
    }

    public long failed() {
        return delivery.refused() + delivery.pending();
    }

    public String line() {
        return String.format(Locale.ROOT,
                "dervisher %s stopped: %d whirls, %d events posted, %d failed in %.1f s"
                        + " (generated %d = delivered %d + refused %d + undelivered %d; retried %d;"
                        + " put p50 %d ms, p99 %d ms; max schedule lag %d ms, %d whirls skipped)",
                name, whirls, delivery.delivered(), failed(), elapsed.toMillis() / 1000.0,
                delivery.generated(), delivery.delivered(), delivery.refused(), delivery.pending(),
                delivery.retried(), delivery.putP50().toMillis(), delivery.putP99().toMillis(),
                maxLag.toMillis(), skippedWhirls);
    }
}
