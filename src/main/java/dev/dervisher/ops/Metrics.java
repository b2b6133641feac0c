package dev.dervisher.ops;

import java.util.Locale;

import dev.dervisher.post.DeliveryStats;
import dev.dervisher.whirl.RunState;

/** The run's counters in Prometheus' text exposition format (version 0.0.4). */
final class Metrics {

    private Metrics() {
    }

    static String render(RunState run) {
        StringBuilder text = new StringBuilder(2048);
        if (run == null) {
            gauge(text, "dervisher_whirling", "1 while whirling, 0 while starting or stopping", 0);
            return text.toString();
        }
        DeliveryStats stats = run.delivery();
        double seconds = Math.max(1e-9, (System.nanoTime() - run.pacer().startNanos()) / 1e9);
        gauge(text, "dervisher_whirling", "1 while whirling, 0 while starting or stopping", 1);
        counter(text, "dervisher_whirls_total", "Whirls (units of work) started", run.whirls());
        counter(text, "dervisher_whirls_skipped_total", "Whirls skipped after a stall, beyond the catch-up allowance",
                run.pacer().skipped());
        gauge(text, "dervisher_whirl_schedule_lag_max_seconds", "Largest delay of a whirl behind its schedule",
                run.pacer().maxLag().toNanos() / 1e9);
        gauge(text, "dervisher_whirl_rate_target_per_second", "Whirls per second asked for", run.plan().rpm() / 60);
        gauge(text, "dervisher_whirl_rate_achieved_per_second", "Whirls per second since whirling began",
                run.whirls() / seconds);
        counter(text, "dervisher_events_generated_total", "Events generated", stats.generated());
        counter(text, "dervisher_events_delivered_total", "Events acknowledged by Kinesis", stats.delivered());
        counter(text, "dervisher_events_refused_total", "Events refused as larger than a Kinesis record can be",
                stats.refused());
        gauge(text, "dervisher_events_pending", "Events buffered or in flight, not yet delivered", stats.pending());
        counter(text, "dervisher_events_retried_total", "PutRecords entries sent again after a retryable failure",
                stats.retried());
        counter(text, "dervisher_put_calls_total", "PutRecords calls", stats.putCalls());
        counter(text, "dervisher_put_calls_failed_total", "PutRecords calls that failed as a whole",
                stats.failedPutCalls());
        text.append("# HELP dervisher_put_latency_seconds PutRecords call latency\n")
                .append("# TYPE dervisher_put_latency_seconds summary\n");
        sample(text, "dervisher_put_latency_seconds{quantile=\"0.5\"}", stats.putP50().toNanos() / 1e9);
        sample(text, "dervisher_put_latency_seconds{quantile=\"0.99\"}", stats.putP99().toNanos() / 1e9);
        Health health = Health.of(run);
        gauge(text, "dervisher_ready", "1 when ready (deliveries succeed)", health.ready() ? 1 : 0);
        return text.toString();
    }

    private static void counter(StringBuilder text, String name, String help, double value) {
        metric(text, name, help, "counter", value);
    }

    private static void gauge(StringBuilder text, String name, String help, double value) {
        metric(text, name, help, "gauge", value);
    }

    private static void metric(StringBuilder text, String name, String help, String type, double value) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        sample(text, name, value);
    }

    private static void sample(StringBuilder text, String name, double value) {
        text.append(name).append(' ');
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            text.append((long) value);
        } else {
            text.append(String.format(Locale.ROOT, "%.6f", value));
        }
        text.append('\n');
    }
}
