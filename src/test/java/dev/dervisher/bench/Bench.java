package dev.dervisher.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.dervisher.Histogram;
import dev.dervisher.whirl.Outgoing;
import dev.dervisher.whirl.PartitionKeyPolicy;
import dev.dervisher.whirl.WhirlSource;
import dev.dervisher.whirl.Words;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * What the benchmark's own contenders (bench/run.sh) share: options, the Kinesis client with a chosen HTTP client,
 * the stream, events made exactly as dervisher makes them, and the result line the script parses.
 *
 * <p>Not a test: run with {@code java -cp} on the test classpath. Output protocol: one line {@code bench-start} when
 * the measured phase begins, one line {@code bench-result key=value...} when it ends.
 */
final class Bench {

    static final String REGION = "us-east-1";

    final Map<String, String> options;
    final URI endpoint;
    final String stream;
    final int shards;
    final Duration duration;
    final String http;
    final int threads;
    final long seed;

    Bench(String[] args, Map<String, String> defaults) {
        Map<String, String> given = new HashMap<>(defaults);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("options are --name value pairs; bad: " + arg);
            }
            given.put(arg.substring(2), args[++i]);
        }
        this.options = given;
        this.endpoint = URI.create(required("endpoint"));
        this.stream = given.getOrDefault("stream", "bench");
        this.shards = Integer.parseInt(given.getOrDefault("shards", "4"));
        this.duration = parseDuration(given.getOrDefault("duration", "20s"));
        this.http = given.getOrDefault("http", "url");
        this.threads = Integer.parseInt(given.getOrDefault("threads", "1"));
        this.seed = Long.parseLong(given.getOrDefault("seed", "42"));
    }

    private String required(String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("s")) {
            return Duration.ofMillis((long) (Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
        }
        if (t.endsWith("m")) {
            return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
        }
        return Duration.ofSeconds(Long.parseLong(t));
    }

    /**
     * The SDK HTTP client by name: {@code url} is dervisher's own (same timeouts as AwsClients), {@code apache} and
     * {@code apache5} are the alternatives under comparison, with a pool at least as large as the thread count.
     * ({@code apache}, on Apache HttpClient 4, is deprecated in this SDK version in favour of {@code apache5}.)
     */
    @SuppressWarnings("deprecation")
    static SdkHttpClient httpClient(String name, int threads) {
        int pool = Math.max(threads, 50);
        return switch (name) {
            case "url" -> UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(3))
                    .socketTimeout(Duration.ofSeconds(30))
                    .build();
            case "apache" -> ApacheHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(3))
                    .socketTimeout(Duration.ofSeconds(30))
                    .maxConnections(pool)
                    .build();
            case "apache5" -> Apache5HttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(3))
                    .socketTimeout(Duration.ofSeconds(30))
                    .maxConnections(pool)
                    .build();
            default -> throw new IllegalArgumentException("--http is url, apache or apache5, not " + name);
        };
    }

    KinesisClient client() {
        return KinesisClient.builder()
                .httpClient(httpClient(http, threads))
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("dervisher-bench", "dervisher-bench-secret")))
                .build();
    }

    /** Creates the stream if missing and waits until it is ACTIVE; not part of the measurement. */
    void ensureStream(KinesisClient kinesis) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        boolean created = false;
        while (true) {
            try {
                StreamStatus status = kinesis.describeStreamSummary(b -> b.streamName(stream))
                        .streamDescriptionSummary().streamStatus();
                if (status == StreamStatus.ACTIVE) {
                    return;
                }
            } catch (ResourceNotFoundException missing) {
                if (!created) {
                    try {
                        kinesis.createStream(b -> b.streamName(stream).shardCount(shards));
                    } catch (ResourceInUseException meanwhile) {
                        // someone else created it
                    }
                    created = true;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("stream " + stream + " did not become ACTIVE");
            }
            Thread.sleep(200);
        }
    }

    /** dervisher's own event source, its JSON byte for byte, with a fresh random key per event (as the original). */
    WhirlSource randomKeyEvents() {
        return new WhirlSource(new Words(), options.getOrDefault("name", "mimi"), options.getOrDefault("env", "dev"),
                false, PartitionKeyPolicy.RANDOM, seed, System::currentTimeMillis);
    }

    /** The next {@code count} events of the source, whole whirls, cut to size. */
    static List<Outgoing> take(WhirlSource source, int count) {
        List<Outgoing> events = new ArrayList<>(count + WhirlSource.MAX_WORDS_PER_WHIRL + 2);
        while (events.size() < count) {
            events.addAll(source.nextWhirl());
        }
        return events.subList(0, count);
    }

    static void started() {
        System.out.println("bench-start");
        System.out.flush();
    }

    /**
     * The line bench/run.sh parses.
     *
     * @param events records acknowledged in all, the calls in flight at the deadline included
     * @param nanos from the start of the measured phase until the last call came back
     * @param windowEvents records acknowledged by calls that came back within the load window ({@code --duration})
     */
    static void result(String contender, long events, long nanos, long windowEvents, Duration window, long calls,
            long failedCalls, long failedRecords, Histogram latency) {
        double seconds = nanos / 1e9;
        System.out.printf(Locale.ROOT,
                "bench-result contender=%s events=%d seconds=%.3f events_per_s=%.1f window_events=%d"
                        + " window_seconds=%.3f calls=%d failed_calls=%d failed_records=%d put_p50_ms=%.2f"
                        + " put_p99_ms=%.2f%n",
                contender, events, seconds, events / seconds, windowEvents, window.toMillis() / 1000.0, calls,
                failedCalls, failedRecords, latency.percentile(0.50).toNanos() / 1e6,
                latency.percentile(0.99).toNanos() / 1e6);
        System.out.flush();
    }
}
