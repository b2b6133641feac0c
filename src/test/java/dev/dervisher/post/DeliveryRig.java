package dev.dervisher.post;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.dervisher.Output;
import dev.dervisher.testing.KinesisLocal;
import dev.dervisher.testing.Runs;
import dev.dervisher.testing.StreamChecks;
import dev.dervisher.testing.StreamChecks.Landed;
import dev.dervisher.testing.StreamReader;
import dev.dervisher.testing.StreamReader.Read;
import dev.dervisher.testing.Streams;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * A delivery engine posting through a {@link FaultProxy} to a fresh stream on the shared kinesis-local, with a client
 * that does not retry on its own (so every fault reaches the engine), and a record of what was submitted per key.
 */
final class DeliveryRig implements AutoCloseable {

    final FaultProxy proxy;
    final KinesisClient client;
    final String stream;
    final Delivery delivery;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Map<String, List<String>> submitted = new LinkedHashMap<>();

    DeliveryRig(String prefix, int shards, Delivery.Settings settings) {
        proxy = FaultProxy.start(KinesisLocal.shared().endpoint());
        client = Streams.client(proxy.endpoint(), false, Duration.ofSeconds(20));
        stream = Runs.uniqueStream(prefix);
        Streams.create(KinesisLocal.shared().client(), stream, shards);
        delivery = new Delivery(client, stream, settings,
                new Output(new PrintWriter(out, true), new PrintWriter(err, true), Output.Format.TEXT),
                System::nanoTime);
        delivery.start();
    }

    static Delivery.Settings settings(int buffer, int senders, Duration linger, Duration putTimeout) {
        return new Delivery.Settings(buffer, senders, linger, putTimeout);
    }

    /** Submits the next record of a key: a small JSON document whose id is {@code key#n}, padded to size. */
    boolean submit(String key, int padding) throws InterruptedException {
        String id;
        synchronized (submitted) {
            id = key + "#" + submitted.getOrDefault(key, List.of()).size();
        }
        byte[] data = record(id, padding);
        boolean accepted = delivery.submit(data, key);
        if (accepted) {
            synchronized (submitted) {
                submitted.computeIfAbsent(key, k -> new ArrayList<>()).add(id);
            }
        }
        return accepted;
    }

    static byte[] record(String id, int padding) {
        return ("{\"id\":\"" + id + "\",\"pad\":\"" + "x".repeat(padding) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** {@code keys} keys, {@code perKey} records each, interleaved the way whirls of many units of work are. */
    void submitInterleaved(int keys, int perKey) throws InterruptedException {
        for (int n = 0; n < perKey; n++) {
            for (int k = 0; k < keys; k++) {
                assertTrue(submit("key-" + k, 20));
            }
        }
    }

    int submittedCount() {
        synchronized (submitted) {
            return submitted.values().stream().mapToInt(List::size).sum();
        }
    }

    List<Read> read() {
        return StreamReader.readAll(KinesisLocal.shared().client(), stream);
    }

    static String id(Read read) {
        return Runs.parse(read.data()).get("id").asText();
    }

    /** Checks the stream per key (see {@link StreamChecks}) and that the proxy never saw a key twice in flight. */
    Landed checkStream(boolean wholeKeys) {
        Map<String, List<String>> copy;
        synchronized (submitted) {
            copy = new LinkedHashMap<>(submitted);
        }
        Landed landed = StreamChecks.check(copy, read(), DeliveryRig::id, wholeKeys);
        assertEquals(List.of(), proxy.keyClashes(), "at most one record per partition key in flight");
        return landed;
    }

    /** The accounting identity, and that what the engine calls delivered is what is on the stream. */
    static void assertAccounting(DeliveryStats stats, Landed landed) {
        assertEquals(stats.generated(), stats.delivered() + stats.refused() + stats.pending(),
                "generated = delivered + refused + pending: " + stats);
        assertEquals(stats.delivered(), landed.distinct(), "delivered counts exactly the records on the stream");
    }

    String warnings() {
        return err.toString();
    }

    @Override
    public void close() throws InterruptedException {
        try {
            delivery.close(Duration.ZERO);
        } finally {
            client.close();
            proxy.close();
            Streams.delete(KinesisLocal.shared().client(), stream);
        }
    }
}
