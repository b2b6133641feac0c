package dev.dervisher.post;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;

/**
 * A fault-injecting HTTP proxy in front of a real Kinesis API (kinesis-local), for tests only, bound to the loopback
 * address on a free port.
 *
 * <p>Every request is forwarded as it came. Control-plane calls (DescribeLimits, DescribeStreamSummary, CreateStream,
 * ListShards…, told apart by their {@code X-Amz-Target}) always pass untouched; each PutRecords call takes the next
 * step of the script the test gave ({@link #script}), and passes untouched once the script is used up. The SDK talks
 * CBOR ({@code application/x-amz-cbor-1.1}) by default, JSON when CBOR is disabled: both are understood.
 *
 * <p>Everything seen is recorded ({@link #putCalls}, {@link #calls}), and so is every breach of the engine's promise
 * of at most one record per partition key in flight ({@link #keyClashes}).
 */
public final class FaultProxy implements AutoCloseable {

    /** What happens to one PutRecords call. */
    public enum Kind {
        /** Forwarded and answered untouched. */
        PASS,
        /** The chosen entries are cut out of the forwarded request and reported failed, at their positions. */
        PARTIAL,
        /** The whole call is answered 400 ProvisionedThroughputExceededException, nothing forwarded. */
        THROTTLE,
        /** Answered 200 with every entry failed (FailedRecordCount = all), nothing forwarded. */
        ALL_ENTRIES_FAILED,
        /** Answered 500 InternalFailure, nothing forwarded. */
        INTERNAL_ERROR,
        /** The connection is reset without an answer, nothing forwarded. */
        DROP,
        /** Forwarded (so the records land), then the connection is reset: a lost response. */
        DROP_AFTER_FORWARD,
        /** The request is read and never answered; the connection stays open until the proxy closes. */
        STALL,
        /** The endpoint goes down: this call and every connection after it are refused or reset, for a while. */
        DOWN,
        /** Answered 400 AccessDeniedException, nothing forwarded. */
        ACCESS_DENIED
    }

    /** Chooses, for one PutRecords call, which entries fail and with which error code: index → code. */
    @FunctionalInterface
    public interface Selector {
        Map<Integer, String> choose(List<Entry> entries);
    }

    /** One step of a script: a kind of fault for the next {@code times} PutRecords calls. */
    public static final class Fault {
        public static final int FOREVER = Integer.MAX_VALUE;

        final Kind kind;
        final int times;
        final Selector selector;
        final String errorCode;
        final Duration downFor;
        final boolean refuse;

        private Fault(Kind kind, int times, Selector selector, String errorCode, Duration downFor, boolean refuse) {
            if (times < 1) {
                throw new IllegalArgumentException("times must be positive");
            }
            this.kind = kind;
            this.times = times;
            this.selector = selector;
            this.errorCode = errorCode;
            this.downFor = downFor;
            this.refuse = refuse;
        }

        public static Fault pass(int times) {
            return new Fault(Kind.PASS, times, null, null, null, false);
        }

        public static Fault partial(int times, Selector selector) {
            return new Fault(Kind.PARTIAL, times, selector, null, null, false);
        }

        /** Every {@code nth} entry (index 0, n, 2n…) fails with the code. */
        public static Fault partialEvery(int times, int nth, String errorCode) {
            return partial(times, entries -> {
                Map<Integer, String> failed = new TreeMap<>();
                for (int i = 0; i < entries.size(); i += nth) {
                    failed.put(i, errorCode);
                }
                return failed;
            });
        }

        public static Fault throttle(int times) {
            return new Fault(Kind.THROTTLE, times, null, "ProvisionedThroughputExceededException", null, false);
        }

        public static Fault allEntriesFailed(int times, String errorCode) {
            return new Fault(Kind.ALL_ENTRIES_FAILED, times, null, errorCode, null, false);
        }

        public static Fault internalError(int times) {
            return new Fault(Kind.INTERNAL_ERROR, times, null, "InternalFailure", null, false);
        }

        public static Fault drop(int times) {
            return new Fault(Kind.DROP, times, null, null, null, false);
        }

        public static Fault dropAfterForward(int times) {
            return new Fault(Kind.DROP_AFTER_FORWARD, times, null, null, null, false);
        }

        public static Fault stall(int times) {
            return new Fault(Kind.STALL, times, null, null, null, false);
        }

        /**
         * The endpoint goes down at the next PutRecords call, for {@code period} (null: for good): new connections
         * are refused (the listening socket is closed) when {@code refuse}, else accepted and reset at once.
         */
        public static Fault down(Duration period, boolean refuse) {
            return new Fault(Kind.DOWN, 1, null, null, period, refuse);
        }

        public static Fault accessDenied(int times) {
            return new Fault(Kind.ACCESS_DENIED, times, null, "AccessDeniedException", null, false);
        }

        @Override
        public String toString() {
            return kind + (times == FOREVER ? " forever" : " x" + times);
        }
    }

    /** One PutRecords entry as the proxy saw it. */
    public record Entry(String partitionKey, byte[] data) {
        /** What Kinesis counts against its limits: data plus partition key. */
        public int size() {
            return data.length + partitionKey.getBytes(StandardCharsets.UTF_8).length;
        }

        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    /**
     * One call as the proxy saw it.
     *
     * @param number 1-based count among the calls of its target
     * @param failed for PutRecords: the indices of the entries the proxy reported failed, with their codes
     * @param forwarded for PutRecords: whether (some of) the request reached kinesis-local
     * @param nanoTime when the proxy decided what to do with it
     */
    public record Call(int number, String target, Kind fault, List<Entry> entries, Map<Integer, String> failed,
            boolean forwarded, long nanoTime) {

        Call(int number, String target, Kind fault, List<Entry> entries, Map<Integer, String> failed,
                boolean forwarded) {
            this(number, target, fault, entries, failed, forwarded, System.nanoTime());
        }

        public long bytes() {
            return entries.stream().mapToLong(Entry::size).sum();
        }

        /** The entries that reached kinesis-local (not necessarily acknowledged: see {@link Kind#DROP_AFTER_FORWARD}). */
        public List<Entry> forwardedEntries() {
            if (!forwarded) {
                return List.of();
            }
            List<Entry> sent = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                if (!failed.containsKey(i)) {
                    sent.add(entries.get(i));
                }
            }
            return sent;
        }
    }

    private static final ObjectMapper CBOR = new CBORMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "transfer-encoding",
            "expect", "keep-alive", "upgrade", "te", "trailer", "proxy-connection", "proxy-authorization", "date",
            "via", "from", "warning");

    private final URI upstream;
    private final int port;
    private final HttpClient forwarder;
    private final ExecutorService workers;
    private final Thread acceptor;
    private final Set<Socket> connections = Collections.synchronizedSet(new HashSet<>());
    /** Connections with a call being handled: an endpoint going down lets those finish, and cuts them after. */
    private final Set<Socket> busy = Collections.synchronizedSet(new HashSet<>());
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile boolean closed;

    private final Deque<Step> script = new ArrayDeque<>();
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicInteger> callCounts = Collections.synchronizedMap(new TreeMap<>());
    private final Map<String, Holder> inFlight = new HashMap<>();
    private final List<String> keyClashes = Collections.synchronizedList(new ArrayList<>());
    private final List<String> abandonedOverlaps = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger resets = new AtomicInteger();

    /** nanoTime until which the endpoint is down; Long.MIN_VALUE when up. */
    private volatile long downUntil = Long.MIN_VALUE;
    private volatile boolean refusing;
    private ServerSocket listener;

    /** A PutRecords call holding its partition keys while the proxy works on it. */
    private static final class Holder {
        final int call;
        final Socket socket;
        final InputStream in;
        final List<String> keys = new ArrayList<>();
        final List<String> suspects = new ArrayList<>();
        boolean released;

        Holder(int call, Socket socket, InputStream in) {
            this.call = call;
            this.socket = socket;
            this.in = in;
        }
    }

    private static final class Step {
        final Fault fault;
        int left;

        Step(Fault fault) {
            this.fault = fault;
            this.left = fault.times;
        }
    }

    private FaultProxy(URI upstream) throws IOException {
        this.upstream = upstream;
        this.listener = bind(0);
        this.port = listener.getLocalPort();
        this.forwarder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        this.workers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "fault-proxy-" + port);
            thread.setDaemon(true);
            return thread;
        });
        this.acceptor = new Thread(this::acceptLoop, "fault-proxy-accept-" + port);
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /** A proxy to this upstream (an http URL on the loopback address), listening on 127.0.0.1 on a free port. */
    public static FaultProxy start(URI upstream) {
        if (!"127.0.0.1".equals(upstream.getHost()) && !"localhost".equals(upstream.getHost())) {
            throw new IllegalArgumentException("the fault proxy only forwards to the loopback address: " + upstream);
        }
        try {
            return new FaultProxy(upstream);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fault proxy: " + e.getMessage(), e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    // ---- scripting ----

    /** Appends steps to the script: each PutRecords call takes the next step; once it is used up, calls pass. */
    public FaultProxy script(Fault... steps) {
        synchronized (script) {
            for (Fault fault : steps) {
                script.addLast(new Step(fault));
            }
        }
        return this;
    }

    /** Forgets the rest of the script and brings the endpoint up: from now on everything passes. */
    public FaultProxy heal() {
        synchronized (script) {
            script.clear();
        }
        up();
        return this;
    }

    /** Whether the script still has steps to play. */
    public boolean scriptLeft() {
        synchronized (script) {
            return !script.isEmpty();
        }
    }

    /** Takes the endpoint down now, for the period (null: until {@link #up}). */
    public void down(Duration period, boolean refuse) {
        long until = period == null ? Long.MAX_VALUE : System.nanoTime() + period.toNanos();
        refusing = refuse;
        downUntil = until;
        // Idle connections kept alive by clients are cut too: nothing more gets through a down endpoint. Calls
        // being handled are answered first (their connection is cut before its next call): losing answers is the
        // job of DROP_AFTER_FORWARD, so that a test knows exactly which records may have landed unacknowledged.
        List<Socket> idle;
        synchronized (connections) {
            idle = new ArrayList<>(connections);
        }
        idle.removeAll(busy);
        idle.forEach(this::reset);
    }

    public void up() {
        downUntil = Long.MIN_VALUE;
    }

    public boolean isDown() {
        return System.nanoTime() < downUntil;
    }

    // ---- what was seen ----

    /** Every call so far, in the order decided. */
    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    public List<Call> putCalls() {
        return calls().stream().filter(c -> c.target().equals("PutRecords")).toList();
    }

    public List<Call> putCalls(Kind fault) {
        return putCalls().stream().filter(c -> c.fault() == fault).toList();
    }

    public int count(String target) {
        AtomicInteger count = callCounts.get(target);
        return count == null ? 0 : count.get();
    }

    /**
     * Breaches of "at most one record per partition key in flight", as seen on the wire: a call carrying a key twice,
     * or a key arriving while an earlier call with it is still being answered to a client that waits for it.
     */
    public List<String> keyClashes() {
        synchronized (keyClashes) {
            return List.copyOf(keyClashes);
        }
    }

    /**
     * Keys that arrived again while an earlier call with them was still being forwarded, but whose client had given
     * up on it (its put timeout): the engine rightly retried, and the abandoned call may still land.
     */
    public List<String> abandonedOverlaps() {
        synchronized (abandonedOverlaps) {
            return List.copyOf(abandonedOverlaps);
        }
    }

    /** Connections reset (dropped, or met a down endpoint). */
    public int resets() {
        return resets.get();
    }

    /** Waits until the condition holds; false when it did not within the limit. */
    public static boolean await(BooleanSupplier condition, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closing.countDown();
        synchronized (this) {
            closeQuietly(listener);
            listener = null;
        }
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Socket> open;
        synchronized (connections) {
            open = new ArrayList<>(connections);
        }
        open.forEach(FaultProxy::closeQuietly);
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the server ----

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 64);
        socket.setSoTimeout(20);
        return socket;
    }

    /** The one thread that owns the listening socket: closes it while refusing, binds it again when up. */
    private void acceptLoop() {
        while (!closed) {
            ServerSocket current;
            synchronized (this) {
                if (closed) {
                    return;
                }
                if (isDown() && refusing) {
                    closeQuietly(listener);
                    listener = null;
                } else if (listener == null) {
                    try {
                        listener = bind(port);
                    } catch (IOException e) {
                        // the port is briefly not free again: try on the next round
                    }
                }
                current = listener;
            }
            if (current == null) {
                sleep(5);
                continue;
            }
            Socket socket;
            try {
                socket = current.accept();
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                continue; // closed under us: the loop decides what next
            }
            if (isDown()) {
                reset(socket);
                continue;
            }
            connections.add(socket);
            try {
                workers.execute(() -> serve(socket));
            } catch (RuntimeException rejected) {
                closeQuietly(socket);
            }
        }
    }

    private void serve(Socket socket) {
        try {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            while (!closed) {
                Request request = Request.read(in, out);
                if (request == null) {
                    return;
                }
                busy.add(socket);
                try {
                    if (isDown()) {
                        reset(socket);
                        return;
                    }
                    if (!handle(request, socket, in, out)) {
                        return;
                    }
                } finally {
                    busy.remove(socket);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client went away, or the proxy closes
        } finally {
            connections.remove(socket);
            closeQuietly(socket);
        }
    }

    /** @return whether the connection may carry another request */
    private boolean handle(Request request, Socket socket, InputStream in, OutputStream out) throws IOException {
        String target = request.target();
        int number = callCounts.computeIfAbsent(target, t -> new AtomicInteger()).incrementAndGet();
        if (!target.equals("PutRecords")) {
            calls.add(new Call(number, target, Kind.PASS, List.of(), Map.of(), true));
            return respond(out, forward(request, request.body), request);
        }

        ObjectMapper codec = request.isCbor() ? CBOR : JSON;
        ObjectNode body = (ObjectNode) codec.readTree(request.body);
        ArrayNode records = (ArrayNode) body.get("Records");
        List<Entry> entries = new ArrayList<>(records.size());
        for (JsonNode record : records) {
            entries.add(new Entry(record.get("PartitionKey").asText(), record.get("Data").binaryValue()));
        }
        Fault fault = nextFault();
        Holder keys = claimKeys(number, entries, socket, in);
        try {
            switch (fault.kind) {
                case PASS -> {
                    calls.add(new Call(number, target, Kind.PASS, entries, Map.of(), true));
                    Upstream answer = forward(request, request.body);
                    releaseKeys(keys);
                    return respond(out, answer, request);
                }
                case PARTIAL -> {
                    Map<Integer, String> failed = new TreeMap<>(fault.selector.choose(entries));
                    failed.keySet().removeIf(i -> i < 0 || i >= entries.size());
                    boolean anyForwarded = failed.size() < entries.size();
                    calls.add(new Call(number, target, Kind.PARTIAL, entries, failed, anyForwarded));
                    Upstream answer = partial(request, codec, body, records, failed);
                    releaseKeys(keys);
                    return respond(out, answer, request);
                }
                case ALL_ENTRIES_FAILED -> {
                    Map<Integer, String> failed = new TreeMap<>();
                    for (int i = 0; i < entries.size(); i++) {
                        failed.put(i, fault.errorCode);
                    }
                    calls.add(new Call(number, target, fault.kind, entries, failed, false));
                    Upstream answer = partial(request, codec, body, records, failed);
                    releaseKeys(keys);
                    return respond(out, answer, request);
                }
                case THROTTLE -> {
                    calls.add(new Call(number, target, fault.kind, entries, Map.of(), false));
                    releaseKeys(keys);
                    return respond(out, error(request, 400, fault.errorCode,
                            "Rate exceeded for shard shardId-000000000000 in stream " + stream(body)
                                    + " under account 000000000000."), request);
                }
                case INTERNAL_ERROR -> {
                    calls.add(new Call(number, target, fault.kind, entries, Map.of(), false));
                    releaseKeys(keys);
                    return respond(out, error(request, 500, fault.errorCode, "Internal service failure."),
                            request);
                }
                case ACCESS_DENIED -> {
                    calls.add(new Call(number, target, fault.kind, entries, Map.of(), false));
                    releaseKeys(keys);
                    return respond(out, error(request, 400, fault.errorCode, "User: arn:aws:iam::000000000000:user/"
                            + "dervisher-test is not authorized to perform: kinesis:PutRecords on resource: "
                            + "arn:aws:kinesis:us-east-1:000000000000:stream/" + stream(body)
                            + " because no identity-based policy allows the kinesis:PutRecords action"), request);
                }
                case DROP -> {
                    calls.add(new Call(number, target, fault.kind, entries, Map.of(), false));
                    releaseKeys(keys);
                    reset(socket);
                    return false;
                }
                case DROP_AFTER_FORWARD -> {
                    calls.add(new Call(number, target, fault.kind, entries, Map.of(), true));
                    forward(request, request.body);
                    releaseKeys(keys);
                    reset(socket);
                    return false;
                }
                case STALL -> {
                    calls.add(new Call(number, target, fault.kind, entries, Map.of(), false));
                    releaseKeys(keys);
                    awaitClosing();
                    return false;
                }
                case DOWN -> {
                    calls.add(new Call(number, target, fault.kind, entries, Map.of(), false));
                    releaseKeys(keys);
                    down(fault.downFor, fault.refuse);
                    reset(socket);
                    return false;
                }
                default -> throw new IllegalStateException(fault.kind.toString());
            }
        } finally {
            releaseKeys(keys);
        }
    }

    private Fault nextFault() {
        synchronized (script) {
            Step step = script.peekFirst();
            if (step == null) {
                return Fault.pass(1);
            }
            if (step.left != Fault.FOREVER && --step.left == 0) {
                script.pollFirst();
            }
            return step.fault;
        }
    }

    private Holder claimKeys(int number, List<Entry> entries, Socket socket, InputStream in) {
        Holder holder = new Holder(number, socket, in);
        Set<String> seen = new HashSet<>();
        synchronized (inFlight) {
            for (Entry entry : entries) {
                String key = entry.partitionKey();
                if (!seen.add(key)) {
                    keyClashes.add("PutRecords #" + number + " carries key " + key + " twice");
                    continue;
                }
                Holder earlier = inFlight.get(key);
                if (earlier != null) {
                    earlier.suspects.add("PutRecords #" + number + " carries key " + key + " while #" + earlier.call
                            + " with that key is in flight");
                } else {
                    inFlight.put(key, holder);
                    holder.keys.add(key);
                }
            }
        }
        return holder;
    }

    /**
     * Lets go of a call's keys, before its answer is written (the client cannot send the next record of a key before
     * it has the answer). Overlaps found meanwhile are breaches if the client still waits, else abandoned calls.
     */
    private void releaseKeys(Holder holder) {
        List<String> suspects;
        synchronized (inFlight) {
            if (holder.released) {
                return;
            }
            holder.released = true;
            holder.keys.forEach(key -> inFlight.remove(key, holder));
            suspects = List.copyOf(holder.suspects);
        }
        if (!suspects.isEmpty()) {
            (clientGone(holder) ? abandonedOverlaps : keyClashes).addAll(suspects);
        }
    }

    /** Whether the client closed its end of the connection (it gave up on the call); waits 1 ms at most. */
    private static boolean clientGone(Holder holder) {
        try {
            int timeout = holder.socket.getSoTimeout();
            holder.socket.setSoTimeout(1);
            try {
                holder.in.mark(1);
                int next = holder.in.read();
                if (next == -1) {
                    return true;
                }
                holder.in.reset();
                return false;
            } finally {
                holder.socket.setSoTimeout(timeout);
            }
        } catch (SocketTimeoutException stillWaiting) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** A true partial failure: the failed entries never reach kinesis-local; its answer is merged with theirs. */
    private Upstream partial(Request request, ObjectMapper codec, ObjectNode body, ArrayNode records,
            Map<Integer, String> failed) throws IOException {
        ArrayNode kept = codec.createArrayNode();
        for (int i = 0; i < records.size(); i++) {
            if (!failed.containsKey(i)) {
                kept.add(records.get(i));
            }
        }
        ArrayNode upstreamResults = codec.createArrayNode();
        int upstreamFailed = 0;
        Upstream answer = null;
        if (!kept.isEmpty()) {
            ObjectNode forwarded = body.deepCopy();
            forwarded.set("Records", kept);
            answer = forward(request, codec.writeValueAsBytes(forwarded));
            if (answer.status != 200) {
                return answer; // kinesis-local refused the rest: pass its answer on as it is
            }
            ObjectNode result = (ObjectNode) codec.readTree(answer.body);
            upstreamResults = (ArrayNode) result.get("Records");
            upstreamFailed = result.path("FailedRecordCount").asInt(0);
        }
        ObjectNode merged = codec.createObjectNode();
        ArrayNode results = merged.putArray("Records");
        int next = 0;
        for (int i = 0; i < records.size(); i++) {
            String code = failed.get(i);
            if (code == null) {
                results.add(upstreamResults.get(next++));
            } else {
                ObjectNode entry = results.addObject();
                entry.put("ErrorCode", code);
                entry.put("ErrorMessage", code.equals("ProvisionedThroughputExceededException")
                        ? "Rate exceeded for shard shardId-000000000000 in stream " + stream(body)
                                + " under account 000000000000."
                        : "Internal service failure.");
            }
        }
        merged.put("FailedRecordCount", upstreamFailed + failed.size());
        if (answer != null) {
            JsonNode encryption = codec.readTree(answer.body).get("EncryptionType");
            if (encryption != null) {
                merged.set("EncryptionType", encryption);
            }
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of(request.contentType()));
        headers.put("x-amzn-RequestId", List.of(java.util.UUID.randomUUID().toString()));
        return new Upstream(200, headers, codec.writeValueAsBytes(merged));
    }

    private static String stream(ObjectNode body) {
        JsonNode name = body.get("StreamName");
        if (name != null) {
            return name.asText();
        }
        JsonNode arn = body.get("StreamARN");
        return arn == null ? "?" : arn.asText().replaceFirst(".*/", "");
    }

    /** An AWS error answer the SDK understands: the type in the header and in the body, as AWS sends it. */
    private static Upstream error(Request request, int status, String code, String message) throws IOException {
        ObjectMapper codec = request.isCbor() ? CBOR : JSON;
        ObjectNode body = codec.createObjectNode();
        body.put("__type", code);
        body.put("message", message);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of(request.contentType()));
        headers.put("x-amzn-ErrorType", List.of(code));
        headers.put("x-amzn-RequestId", List.of(java.util.UUID.randomUUID().toString()));
        return new Upstream(status, headers, codec.writeValueAsBytes(body));
    }

    private record Upstream(int status, Map<String, List<String>> headers, byte[] body) {
    }

    private Upstream forward(Request request, byte[] body) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(upstream.resolve(request.path))
                .timeout(Duration.ofSeconds(60))
                .method(request.method, HttpRequest.BodyPublishers.ofByteArray(body));
        request.headers.forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name)) {
                for (String value : values) {
                    try {
                        builder.header(name, value);
                    } catch (IllegalArgumentException restricted) {
                        // a header the JDK client sets itself
                    }
                }
            }
        });
        try {
            HttpResponse<byte[]> response = forwarder.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, List<String>> headers = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) -> {
                if (!name.startsWith(":") && !HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    headers.put(name, values);
                }
            });
            return new Upstream(response.statusCode(), headers, response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding", e);
        }
    }

    private static boolean respond(OutputStream out, Upstream answer, Request request) throws IOException {
        StringBuilder head = new StringBuilder(256);
        head.append("HTTP/1.1 ").append(answer.status).append(' ').append(reason(answer.status)).append("\r\n");
        answer.headers.forEach((name, values) -> values.forEach(value ->
                head.append(name).append(": ").append(value).append("\r\n")));
        head.append("Content-Length: ").append(answer.body.length).append("\r\n");
        boolean keepAlive = !request.wantsClose();
        head.append("Connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(answer.body);
        out.flush();
        return keepAlive;
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    private void awaitClosing() {
        try {
            closing.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes with a TCP reset: the peer sees the connection torn down, not an orderly end. */
    private void reset(Socket socket) {
        resets.incrementAndGet();
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closing anyway
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // nothing to do
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One HTTP/1.1 request: line, headers (names lower-cased) and body (fixed length or chunked). */
    private static final class Request {
        final String method;
        final String path;
        final Map<String, List<String>> headers;
        final byte[] body;

        private Request(String method, String path, Map<String, List<String>> headers, byte[] body) {
            this.method = method;
            this.path = path;
            this.headers = headers;
            this.body = body;
        }

        /** @return null at the end of the connection */
        static Request read(InputStream in, OutputStream out) throws IOException {
            String line = readLine(in);
            while (line != null && line.isEmpty()) {
                line = readLine(in);
            }
            if (line == null) {
                return null;
            }
            String[] parts = line.split(" ");
            if (parts.length < 3) {
                throw new IOException("bad request line: " + line);
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            String header;
            while ((header = readLine(in)) != null && !header.isEmpty()) {
                int colon = header.indexOf(':');
                if (colon > 0) {
                    headers.computeIfAbsent(header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            k -> new ArrayList<>()).add(header.substring(colon + 1).trim());
                }
            }
            if (header == null) {
                return null;
            }
            if ("100-continue".equalsIgnoreCase(first(headers, "expect"))) {
                out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
            byte[] body;
            if ("chunked".equalsIgnoreCase(first(headers, "transfer-encoding"))) {
                body = readChunked(in);
            } else {
                String length = first(headers, "content-length");
                body = in.readNBytes(length == null ? 0 : Integer.parseInt(length));
                if (length != null && body.length < Integer.parseInt(length)) {
                    return null;
                }
            }
            return new Request(parts[0], parts[1], headers, body);
        }

        String target() {
            String target = first(headers, "x-amz-target");
            return target == null ? method + " " + path : target.substring(target.indexOf('.') + 1);
        }

        String contentType() {
            String type = first(headers, "content-type");
            return type == null ? "application/x-amz-json-1.1" : type;
        }

        boolean isCbor() {
            return contentType().contains("cbor");
        }

        boolean wantsClose() {
            return "close".equalsIgnoreCase(first(headers, "connection"));
        }

        private static String first(Map<String, List<String>> headers, String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        private static byte[] readChunked(InputStream in) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = readLine(in);
                if (sizeLine == null) {
                    throw new IOException("chunked body cut short");
                }
                int semicolon = sizeLine.indexOf(';');
                int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                if (size == 0) {
                    String trailer;
                    while ((trailer = readLine(in)) != null && !trailer.isEmpty()) {
                        // trailers are dropped
                    }
                    return body.toByteArray();
                }
                body.write(in.readNBytes(size));
                readLine(in);
            }
        }

        private static String readLine(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\n') {
                    int end = line.length();
                    if (end > 0 && line.charAt(end - 1) == '\r') {
                        line.setLength(end - 1);
                    }
                    return line.toString();
                }
                line.append((char) c);
            }
            return line.length() == 0 ? null : line.toString();
        }
    }
}
