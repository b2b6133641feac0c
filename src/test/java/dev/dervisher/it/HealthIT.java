package dev.dervisher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Map.Entry;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.dervisher.testing.KinesisLocal;
import dev.dervisher.testing.Packaged;
import dev.dervisher.testing.Runs;

/** The sidecar's probes and metrics, while deliveries work and once they keep failing (Kinesis gone). */
class HealthIT {

    private static final Pattern PORT = Pattern.compile("health and metrics on port (\\d+)");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void readyWhileDeliveringUnreadyWhenDeliveriesKeepFailingAndUndeliveredEventsAreReported() throws Exception {
        String stream = Runs.uniqueStream("health");
        try (KinesisLocal kinesis = KinesisLocal.start(Map.of())) {
            kinesis.createActiveStream(stream, 1);
            Packaged app = Packaged.start(kinesis.awsEnvironment(), "probe", "600", "1", "--stream", stream,
                    "--quiet", "--http-port", "0", "--flush-timeout", "3s");
            try (app) {
                Matcher port = PORT.matcher(app.awaitLine(l -> PORT.matcher(l).find(), Duration.ofSeconds(60)));
                assertTrue(port.find());
                URI base = URI.create("http://127.0.0.1:" + port.group(1));
                awaitStatus(base.resolve("/health/ready"), 200, Duration.ofSeconds(60));
                assertEquals(200, get(base.resolve("/health/live")).getKey());
                awaitMetric(base, "dervisher_events_delivered_total", Duration.ofSeconds(30));
                String metrics = get(base.resolve("/metrics")).getValue();
                for (String name : new String[] { "dervisher_events_generated_total", "dervisher_events_refused_total",
                        "dervisher_events_retried_total", "dervisher_events_pending", "dervisher_put_latency_seconds",
                        "dervisher_whirl_schedule_lag_max_seconds", "dervisher_whirl_rate_target_per_second 10",
                        "dervisher_whirl_rate_achieved_per_second" }) {
                    assertTrue(metrics.contains(name), name + " in\n" + metrics);
                }

                kinesis.close(); // Kinesis goes away: every PutRecords now fails
                Entry<Integer, String> unready = awaitStatus(base.resolve("/health/ready"), 503,
                        Duration.ofSeconds(60));
                assertTrue(unready.getValue().contains("PutRecords calls in a row failed"), unready.getValue());

                app.signal("TERM");
                assertEquals(5, app.awaitExit(Duration.ofSeconds(30)), app.describe());
                String err = String.join("\n", app.err());
                assertTrue(err.matches("(?s).*dervisher: \\d+ events were not delivered to stream " + stream
                        + " within the flush timeout \\(3s\\).*"), app.describe());
                String summary = app.out().get(app.out().size() - 1);
                Matcher counts = Pattern.compile("generated (\\d+) = delivered (\\d+) \\+ refused (\\d+) \\+"
                        + " undelivered (\\d+)").matcher(summary);
                assertTrue(counts.find(), summary);
                long undelivered = Long.parseLong(counts.group(4));
                assertTrue(undelivered > 0, summary);
                assertEquals(Long.parseLong(counts.group(1)), Long.parseLong(counts.group(2))
                        + Long.parseLong(counts.group(3)) + undelivered, "the accounting adds up: " + summary);
            }
        }
    }

    private Entry<Integer, String> awaitStatus(URI uri, int status, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        Entry<Integer, String> last = null;
        while (System.nanoTime() < deadline) {
            last = get(uri);
            if (last.getKey() == status) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(uri + " never answered " + status + "; last: " + last);
    }

    private void awaitMetric(URI base, String name, Duration limit) throws Exception {
        Pattern positive = Pattern.compile("(?m)^" + name + " [1-9]");
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (positive.matcher(get(base.resolve("/metrics")).getValue()).find()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(name + " stayed 0");
    }

    private Entry<Integer, String> get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        return Map.entry(response.statusCode(), response.body());
    }
}
