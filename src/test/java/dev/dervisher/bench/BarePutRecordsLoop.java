package dev.dervisher.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.dervisher.Histogram;
import dev.dervisher.whirl.Outgoing;
import dev.dervisher.whirl.WhirlSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;

/**
 * The ceiling, as a contender of bench/run.sh: {@code --threads} threads (dervisher's sender count in the bench), each
 * sending pre-built PutRecords requests of 500 records (dervisher's events, random keys) back to back through one
 * client. Nothing is generated, ordered or retried while measuring: this is what the SDK and the endpoint can take.
 *
 * <pre>java -cp TEST_CLASSPATH dev.dervisher.bench.BarePutRecordsLoop --endpoint http://127.0.0.1:PORT --stream S
 *     [--duration 20s] [--threads 4] [--http url|apache|apache5] [--contender NAME]</pre>
 */
public final class BarePutRecordsLoop {

    static final int BATCH = 500;
    static final int BATCHES = 20;

    private BarePutRecordsLoop() {
    }

    public static void main(String[] args) throws Exception {
        Bench bench = new Bench(args, Map.of("stream", "bench-bare", "threads", "4"));
        String contender = bench.options.getOrDefault("contender", "bare-loop");
        try (KinesisClient kinesis = bench.client()) {
            bench.ensureStream(kinesis);
            List<PutRecordsRequest> requests = prebuilt(bench);

            AtomicLong events = new AtomicLong();
            AtomicLong windowEvents = new AtomicLong();
            AtomicLong calls = new AtomicLong();
            AtomicLong failedCalls = new AtomicLong();
            AtomicLong failedRecords = new AtomicLong();
            Histogram latency = new Histogram();

            Bench.started();
            long start = System.nanoTime();
            long end = start + bench.duration.toNanos();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < bench.threads; t++) {
                int first = t;
                Thread thread = new Thread(() -> {
                    int next = first;
                    while (System.nanoTime() < end) {
                        PutRecordsRequest request = requests.get(next++ % requests.size());
                        long sent = System.nanoTime();
                        try {
                            PutRecordsResponse response = kinesis.putRecords(request);
                            int failed = response.failedRecordCount() == null ? 0 : response.failedRecordCount();
                            int acknowledged = response.records().size() - failed;
                            events.addAndGet(acknowledged);
                            if (System.nanoTime() <= end) {
                                windowEvents.addAndGet(acknowledged);
                            }
                            failedRecords.addAndGet(failed);
                        } catch (SdkException e) {
                            failedCalls.incrementAndGet();
                            failedRecords.addAndGet(request.records().size());
                        }
                        calls.incrementAndGet();
                        latency.record(System.nanoTime() - sent);
                    }
                }, "bare-" + t);
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            Bench.result(contender, events.get(), System.nanoTime() - start, windowEvents.get(), bench.duration,
                    calls.get(), failedCalls.get(), failedRecords.get(), latency);
        }
    }

    private static List<PutRecordsRequest> prebuilt(Bench bench) {
        WhirlSource source = bench.randomKeyEvents();
        List<PutRecordsRequest> requests = new ArrayList<>(BATCHES);
        for (int b = 0; b < BATCHES; b++) {
            List<PutRecordsRequestEntry> entries = new ArrayList<>(BATCH);
            for (Outgoing event : Bench.take(source, BATCH)) {
                entries.add(PutRecordsRequestEntry.builder()
                        .data(SdkBytes.fromByteArrayUnsafe(event.data()))
                        .partitionKey(event.partitionKey())
                        .build());
            }
            requests.add(PutRecordsRequest.builder().streamName(bench.stream).records(entries).build());
        }
        return requests;
    }
}
