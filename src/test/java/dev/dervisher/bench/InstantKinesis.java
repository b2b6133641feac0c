package dev.dervisher.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Kinesis endpoint that acknowledges everything at once, for the producer-only ceiling of bench/run.sh: PutRecords
 * (one success entry per request entry), PutRecord, and the control-plane calls dervisher makes at start
 * (DescribeLimits, DescribeStreamSummary answering ACTIVE, CreateStream). It answers in CBOR, the SDK's default for
 * Kinesis, or in JSON when asked in JSON ({@code AWS_CBOR_DISABLE}). Nothing is stored. Loopback only.
 *
 * <pre>java -cp TEST_CLASSPATH dev.dervisher.bench.InstantKinesis [--port 0] [--latency-ms 0] [--serial-us-per-record 0]</pre>
 *
 * {@code --latency-ms} delays each PutRecords and PutRecord answer, to stand for the round trip to a real region:
 * then what bounds a producer is what it keeps in flight, not its CPU. {@code --serial-us-per-record} serves puts one
 * at a time at that cost per record, as kinesis-local does, to see how a producer behaves when its puts queue up.
 *
 * Prints {@code listening PORT} once it accepts connections, and its request and record counts when stopped;
 * {@code GET /stats} tells them at any time.
 */
public final class InstantKinesis {

    private static final String TARGET_PREFIX = "Kinesis_20131202.";
    private static final String CBOR = "application/x-amz-cbor-1.1";
    private static final String JSON = "application/x-amz-json-1.1";
    private static final int SHARDS = 4;

    private final JsonFactory cbor = new CBORFactory().disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
    private final JsonFactory json = new JsonFactory().disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
    /** PutRecords answers by record count and format: the same bytes every time, nothing to build per request. */
    private final ConcurrentHashMap<Integer, byte[]> putRecordsAnswers = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong putRecordsCalls = new AtomicLong();
    private final AtomicLong records = new AtomicLong();

    /** Added to every PutRecords and PutRecord answer, to stand for a network round trip; zero by default. */
    private final long latencyMillis;
    /**
     * Per record, puts served one at a time, like kinesis-local's single thread: a put waits for those before it,
     * and one whose client gave up is still served. Zero (the default): no such cost.
     */
    private final long serialMicrosPerRecord;
    private final Object serial = new Object();

    private InstantKinesis(long latencyMillis, long serialMicrosPerRecord) {
        this.latencyMillis = latencyMillis;
        this.serialMicrosPerRecord = serialMicrosPerRecord;
    }

    public static void main(String[] args) throws IOException {
        int port = 0;
        long latencyMillis = 0;
        long serialMicrosPerRecord = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--port")) {
                port = Integer.parseInt(args[i + 1]);
            } else if (args[i].equals("--latency-ms")) {
                latencyMillis = Long.parseLong(args[i + 1]);
            } else if (args[i].equals("--serial-us-per-record")) {
                serialMicrosPerRecord = Long.parseLong(args[i + 1]);
            } else {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        // The JDK server writes headers and body apart: without TCP_NODELAY every answer waits for a delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        InstantKinesis endpoint = new InstantKinesis(latencyMillis, serialMicrosPerRecord);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        ExecutorService workers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "instant-kinesis");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(workers);
        server.createContext("/", endpoint::handle);
        server.createContext("/stats", endpoint::stats);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            System.out.println("instant-kinesis stopped: " + endpoint.requests.get() + " requests, "
                    + endpoint.records.get() + " records acknowledged");
            System.out.flush();
        }));
        System.out.println("listening " + server.getAddress().getPort());
        System.out.flush();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            boolean inCbor = contentType == null || !contentType.contains("json");
            JsonFactory format = inCbor ? cbor : json;
            String operation = target != null && target.startsWith(TARGET_PREFIX)
                    ? target.substring(TARGET_PREFIX.length()) : String.valueOf(target);

            byte[] answer;
            int status = 200;
            int served = 0;
            try (InputStream body = exchange.getRequestBody()) {
                switch (operation) {
                    case "PutRecords" -> {
                        int count = countRecords(format, body);
                        putRecordsCalls.incrementAndGet();
                        records.addAndGet(count);
                        served = count;
                        answer = putRecordsAnswers.computeIfAbsent(inCbor ? count : -1 - count,
                                key -> putRecordsAnswer(format, count));
                    }
                    case "PutRecord" -> {
                        body.transferTo(OutputStream.nullOutputStream());
                        records.incrementAndGet();
                        served = 1;
                        answer = write(format, g -> {
                            g.writeStringField("SequenceNumber", sequenceNumber(0));
                            g.writeStringField("ShardId", "shardId-000000000000");
                        });
                    }
                    case "DescribeLimits" -> {
                        body.transferTo(OutputStream.nullOutputStream());
                        answer = write(format, g -> {
                            g.writeNumberField("ShardLimit", 500);
                            g.writeNumberField("OpenShardCount", SHARDS);
                            g.writeNumberField("OnDemandStreamCount", 0);
                            g.writeNumberField("OnDemandStreamCountLimit", 50);
                        });
                    }
                    case "DescribeStreamSummary" -> {
                        String stream = streamName(format, body);
                        answer = write(format, g -> {
                            g.writeObjectFieldStart("StreamDescriptionSummary");
                            g.writeStringField("StreamName", stream);
                            g.writeStringField("StreamARN",
                                    "arn:aws:kinesis:us-east-1:000000000000:stream/" + stream);
                            g.writeStringField("StreamStatus", "ACTIVE");
                            g.writeObjectFieldStart("StreamModeDetails");
                            g.writeStringField("StreamMode", "PROVISIONED");
                            g.writeEndObject();
                            g.writeNumberField("RetentionPeriodHours", 24);
                            g.writeArrayFieldStart("EnhancedMonitoring");
                            g.writeEndArray();
                            g.writeStringField("EncryptionType", "NONE");
                            g.writeNumberField("OpenShardCount", SHARDS);
                            g.writeNumberField("ConsumerCount", 0);
                            g.writeEndObject();
                        });
                    }
                    case "CreateStream" -> {
                        body.transferTo(OutputStream.nullOutputStream());
                        answer = write(format, g -> {
                        });
                    }
                    default -> {
                        body.transferTo(OutputStream.nullOutputStream());
                        status = 400;
                        answer = write(format, g -> {
                            g.writeStringField("__type", "UnknownOperationException");
                            g.writeStringField("message", "the instant endpoint does not know " + operation);
                        });
                    }
                }
            }
            try {
                if (serialMicrosPerRecord > 0 && served > 0) {
                    long micros = serialMicrosPerRecord * served;
                    synchronized (serial) {
                        Thread.sleep(micros / 1000, (int) (micros % 1000) * 1000);
                    }
                }
                if (latencyMillis > 0 && served > 0) {
                    Thread.sleep(latencyMillis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.getResponseHeaders().set("Content-Type", inCbor ? CBOR : JSON);
            exchange.getResponseHeaders().set("x-amzn-RequestId", "instant");
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        } catch (RuntimeException | IOException e) {
            System.err.println("instant-kinesis: " + e);
            throw e;
        }
    }

    /** {@code GET /stats}: the counters so far, for bench/run.sh to tell the average PutRecords size. */
    private void stats(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] answer = ("requests=" + requests.get() + " putrecords=" + putRecordsCalls.get() + " records="
                    + records.get() + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    /** Counts the entries of the request's {@code Records} array, skipping their contents. */
    private static int countRecords(JsonFactory format, InputStream body) throws IOException {
        int count = 0;
        try (JsonParser parser = format.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("PutRecords body is not an object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("Records") && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        parser.skipChildren();
                        count++;
                    }
                } else {
                    parser.skipChildren();
                }
            }
        }
        body.transferTo(OutputStream.nullOutputStream());
        return count;
    }

    private static String streamName(JsonFactory format, InputStream body) throws IOException {
        String stream = "bench";
        try (JsonParser parser = format.createParser(body)) {
            if (parser.nextToken() == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    parser.nextToken();
                    if (field.equals("StreamName")) {
                        stream = parser.getText();
                    } else {
                        parser.skipChildren();
                    }
                }
            }
        }
        body.transferTo(OutputStream.nullOutputStream());
        return stream;
    }

    private byte[] putRecordsAnswer(JsonFactory format, int count) {
        return write(format, g -> {
            g.writeNumberField("FailedRecordCount", 0);
            g.writeArrayFieldStart("Records");
            for (int i = 0; i < count; i++) {
                g.writeStartObject();
                g.writeStringField("SequenceNumber", sequenceNumber(i));
                g.writeStringField("ShardId", String.format(Locale.ROOT, "shardId-%012d", i % SHARDS));
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    private static String sequenceNumber(int i) {
        return String.format(Locale.ROOT, "4963%052d", i);
    }

    private interface Fields {
        void write(JsonGenerator generator) throws IOException;
    }

    private static byte[] write(JsonFactory format, Fields fields) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = format.createGenerator(bytes)) {
            generator.writeStartObject();
            fields.write(generator);
            generator.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }
}
