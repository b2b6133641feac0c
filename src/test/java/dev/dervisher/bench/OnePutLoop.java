package dev.dervisher.bench;

import java.util.Map;

import dev.dervisher.Histogram;
import dev.dervisher.whirl.Outgoing;
import dev.dervisher.whirl.WhirlSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The original tool's strategy, as a contender of bench/run.sh: one thread, one synchronous PutRecord per event, a
 * random partition key per event, the events made on the fly with dervisher's own source and JSON.
 *
 * <pre>java -cp TEST_CLASSPATH dev.dervisher.bench.OnePutLoop --endpoint http://127.0.0.1:PORT --stream S
 *     [--duration 20s] [--http url|apache|apache5]</pre>
 */
public final class OnePutLoop {

    private OnePutLoop() {
    }

    public static void main(String[] args) throws Exception {
        Bench bench = new Bench(args, Map.of("stream", "bench-one-put"));
        try (KinesisClient kinesis = bench.client()) {
            bench.ensureStream(kinesis);
            WhirlSource source = bench.randomKeyEvents();
            Histogram latency = new Histogram();
            long events = 0;
            long windowEvents = 0;
            long calls = 0;
            long failed = 0;

            Bench.started();
            long start = System.nanoTime();
            long end = start + bench.duration.toNanos();
            long now = start;
            while (now < end) {
                for (Outgoing event : source.nextWhirl()) {
                    long sent = System.nanoTime();
                    try {
                        kinesis.putRecord(b -> b.streamName(bench.stream)
                                .data(SdkBytes.fromByteArrayUnsafe(event.data()))
                                .partitionKey(event.partitionKey()));
                        events++;
                        if (System.nanoTime() <= end) {
                            windowEvents++;
                        }
                    } catch (SdkException e) {
                        failed++;
                    }
                    calls++;
                    now = System.nanoTime();
                    latency.record(now - sent);
                }
            }
            Bench.result("one-put", events, System.nanoTime() - start, windowEvents, bench.duration, calls, failed,
                    failed, latency);
        }
    }
}
