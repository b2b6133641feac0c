package dev.dervisher.post;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import dev.dervisher.ExitCodes;
import dev.dervisher.Histogram;
import dev.dervisher.Output;
import dev.dervisher.aws.AwsErrors;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * The delivery engine: a bounded buffer drained by a few sender threads into PutRecords batches.
 *
 * <p>Order per partition key: at most one record of a key is in flight at any time. A record that fails is retried
 * (after capped exponential backoff with full jitter) before any later record of its key is sent, so a consumer of a
 * shard sees the records of a key in the order they were submitted, whatever the partial failures. Throughput comes
 * from many keys per batch and several batches in flight.
 *
 * <p>Calls in flight: at most one per sender while calls succeed. A call that fails as a whole (a timeout, a 5xx, a
 * broken connection) halves how many may be in flight, down to one, and each call that comes back answered lets one
 * more go again, up to the sender count. An endpoint that answers slower than the put timeout still works on the
 * calls given up on; sending their records again at full concurrency would only queue more such work.
 *
 * <p>Accounting: {@code generated = delivered + refused + pending}; what is pending when {@link #close} gives up is
 * reported as undelivered.
 */
public final class Delivery {

    public static final int MAX_BATCH_RECORDS = 500;
    public static final long MAX_BATCH_BYTES = 5L * 1024 * 1024;
    public static final int MAX_RECORD_BYTES = 1024 * 1024;

    private static final long BACKOFF_BASE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long BACKOFF_CAP_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** A record waiting for, or on its way to, the stream. */
    private static final class Pending {
        final PutRecordsRequestEntry entry;
        final int size;
        int attempts;

        Pending(PutRecordsRequestEntry entry, int size) {
            this.entry = entry;
            this.size = size;
        }
    }

    private record Backoff(String key, long notBefore) {
    }

    private final KinesisClient kinesis;
    private final String stream;
    private final Settings settings;
    private final Output output;
    private final LongSupplier nanoTime;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition spaceAvailable = lock.newCondition();
    private final Condition workAvailable = lock.newCondition();
    private final Condition settled = lock.newCondition();

    /** The records of each key not yet delivered, oldest first; the head of a key is ready, in flight or backing off. */
    private final Map<String, ArrayDeque<Pending>> byKey = new HashMap<>();
    private final ArrayDeque<String> readyKeys = new ArrayDeque<>();
    private final PriorityQueue<Backoff> backingOff = new PriorityQueue<>(
            (a, b) -> Long.compare(a.notBefore, b.notBefore));
    private long readySince;
    private int inFlight;
    private int allowedInFlight;

    private int pending;
    private long generated;
    private long delivered;
    private long refused;
    private long retried;
    private long putCalls;
    private long failedPutCalls;
    private long consecutiveFailedPutCalls;
    private long failingSince;
    private final Histogram putLatency = new Histogram();

    private boolean flushing;
    private boolean overflowAllowed;
    private boolean closed;
    private boolean flushAborted;
    private volatile DeliveryFailure failure;

    private final Map<String, Integer> retriesSinceWarning = new TreeMap<>();
    private long lastWarning;

    private final List<Thread> senders = new ArrayList<>();

    public record Settings(int buffer, int senders, Duration linger, Duration putTimeout) {
    }

    public Delivery(KinesisClient kinesis, String stream, Settings settings, Output output, LongSupplier nanoTime) {
        this.kinesis = kinesis;
        this.stream = stream;
        this.settings = settings;
        this.output = output;
        this.nanoTime = nanoTime;
        this.lastWarning = nanoTime.getAsLong();
        this.allowedInFlight = settings.senders();
    }

    public void start() {
        for (int i = 0; i < settings.senders(); i++) {
            Thread sender = new Thread(this::sendLoop, "dervisher-sender-" + i);
            sender.setDaemon(true);
            senders.add(sender);
            sender.start();
        }
    }

    /**
     * Buffers one record, waiting while the buffer is full (backpressure). A record over 1 MiB with its partition key
     * is refused and counted, never sent.
     *
     * @return false when the record was refused
     * @throws DeliveryFailure once a failure that retrying cannot mend has stopped the delivery
     */
    public boolean submit(byte[] data, String partitionKey) throws InterruptedException {
        int size = data.length + partitionKey.getBytes(StandardCharsets.UTF_8).length;
        lock.lockInterruptibly();
        try {
            while (pending >= settings.buffer() && !overflowAllowed && failure == null && !closed) {
                spaceAvailable.await();
            }
            if (failure != null) {
                throw failure;
            }
            if (closed) {
                throw new IllegalStateException("delivery is closed");
            }
            generated++;
            if (size > MAX_RECORD_BYTES) {
                refused++;
                output.warn("refused an event of " + size + " bytes: Kinesis takes at most " + MAX_RECORD_BYTES
                        + " bytes per record, partition key included");
                return false;
            }
            PutRecordsRequestEntry entry = PutRecordsRequestEntry.builder()
                    .data(SdkBytes.fromByteArrayUnsafe(data))
                    .partitionKey(partitionKey)
                    .build();
            pending++;
            ArrayDeque<Pending> queue = byKey.get(partitionKey);
            if (queue == null) {
                queue = new ArrayDeque<>(4);
                byKey.put(partitionKey, queue);
                markReady(partitionKey);
            }
            queue.addLast(new Pending(entry, size));
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Lets the records of the whirl in flight and the stop event in, even if the buffer is full. */
    public void allowOverflow() {
        lock.lock();
        try {
            overflowAllowed = true;
            spaceAvailable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Gives up an ongoing {@link #close} at once (a second signal): what is pending is undelivered. */
    public void abortFlush() {
        lock.lock();
        try {
            flushAborted = true;
            settled.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@link #abortFlush} cut the flush short. */
    public boolean flushAborted() {
        lock.lock();
        try {
            return flushAborted;
        } finally {
            lock.unlock();
        }
    }

    public DeliveryFailure failure() {
        return failure;
    }

    /** Sends what is buffered without lingering and waits for it, at most {@code timeout}; then stops the senders. */
    public DeliveryStats close(Duration timeout) throws InterruptedException {
        long deadline = nanoTime.getAsLong() + timeout.toNanos();
        lock.lock();
        try {
            flushing = true;
            overflowAllowed = true;
            workAvailable.signalAll();
            spaceAvailable.signalAll();
            long left;
            while (pending > 0 && failure == null && !flushAborted
                    && (left = deadline - nanoTime.getAsLong()) > 0) {
                settled.awaitNanos(left);
            }
            closed = true;
            workAvailable.signalAll();
            spaceAvailable.signalAll();
            warnAboutRetries(true);
            return statsLocked();
        } finally {
            lock.unlock();
        }
    }

    public DeliveryStats stats() {
        lock.lock();
        try {
            return statsLocked();
        } finally {
            lock.unlock();
        }
    }

    private DeliveryStats statsLocked() {
        return new DeliveryStats(generated, delivered, refused, pending, retried, putCalls, failedPutCalls,
                consecutiveFailedPutCalls, putLatency.percentile(0.50), putLatency.percentile(0.99),
                consecutiveFailedPutCalls == 0 ? Duration.ZERO
                        : Duration.ofNanos(nanoTime.getAsLong() - failingSince));
    }

    private void sendLoop() {
        try {
            while (true) {
                List<Pending> batch = nextBatch();
                if (batch == null) {
                    return;
                }
                send(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits for a batch worth sending: 500 ready records, a record that lingered long enough, or a flush; and for
     * room among the calls allowed in flight.
     */
    private List<Pending> nextBatch() throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                if (closed || failure != null) {
                    return null;
                }
                long now = nanoTime.getAsLong();
                promoteDueRetries(now);
                long wait;
                if (inFlight >= allowedInFlight) {
                    wait = Long.MAX_VALUE; // a call that comes back signals
                } else if (!readyKeys.isEmpty()) {
                    long lingered = now - readySince;
                    if (flushing || readyKeys.size() >= MAX_BATCH_RECORDS || lingered >= settings.linger().toNanos()) {
                        return takeBatch(now);
                    }
                    wait = settings.linger().toNanos() - lingered;
                } else {
                    wait = Long.MAX_VALUE;
                }
                if (!backingOff.isEmpty()) {
                    wait = Math.min(wait, backingOff.peek().notBefore - now);
                }
                if (wait == Long.MAX_VALUE) {
                    workAvailable.await();
                } else if (wait > 0) {
                    workAvailable.awaitNanos(wait);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private List<Pending> takeBatch(long now) {
        List<Pending> batch = new ArrayList<>(Math.min(readyKeys.size(), MAX_BATCH_RECORDS));
        long bytes = 0;
        while (!readyKeys.isEmpty() && batch.size() < MAX_BATCH_RECORDS) {
            Pending head = byKey.get(readyKeys.peekFirst()).peekFirst();
            if (bytes + head.size > MAX_BATCH_BYTES) {
                break;
            }
            readyKeys.pollFirst();
            bytes += head.size;
            batch.add(head);
        }
        if (!readyKeys.isEmpty()) {
            readySince = now - settings.linger().toNanos(); // the leftovers have waited already
            workAvailable.signal();
        }
        inFlight++;
        return batch;
    }

    private void send(List<Pending> batch) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>(batch.size());
        for (Pending pending : batch) {
            entries.add(pending.entry);
        }
        PutRecordsRequest request = PutRecordsRequest.builder()
                .streamName(stream)
                .records(entries)
                .overrideConfiguration(o -> o.apiCallTimeout(settings.putTimeout()))
                .build();
        long started = nanoTime.getAsLong();
        PutRecordsResponse response;
        try {
            response = kinesis.putRecords(request);
        } catch (SdkException e) {
            callFailed(batch, e);
            return;
        } catch (RuntimeException e) {
            fail(new DeliveryFailure(ExitCodes.UNEXPECTED,
                    "PutRecords to stream " + stream + " failed unexpectedly: " + e));
            return;
        }
        settle(batch, response, nanoTime.getAsLong() - started);
    }

    private void settle(List<Pending> batch, PutRecordsResponse response, long latency) {
        lock.lock();
        try {
            inFlight--;
            if (closed) {
                return;
            }
            putCalls++;
            putLatency.record(latency);
            List<PutRecordsResultEntry> results = response.records();
            if (results.size() != batch.size()) {
                countFailedCall();
                allowedInFlight = Math.max(1, allowedInFlight / 2);
                for (Pending pending : batch) {
                    retryLater(pending, "MismatchedResponse");
                }
                signalProgress();
                return;
            }
            // A call whose every entry failed delivered nothing: for health it counts as a failed call.
            if (response.failedRecordCount() != null && response.failedRecordCount() >= batch.size()) {
                countFailedCall();
            } else {
                consecutiveFailedPutCalls = 0;
            }
            allowedInFlight = Math.min(settings.senders(), allowedInFlight + 1);
            DeliveryFailure fatal = null;
            for (int i = 0; i < batch.size(); i++) {
                Pending pending = batch.get(i);
                String errorCode = results.get(i).errorCode();
                if (errorCode == null) {
                    delivered(pending);
                } else if (Failures.retryableEntry(errorCode)) {
                    retryLater(pending, errorCode);
                } else if (fatal == null) {
                    // Settle the rest of the batch first: entries after this one may have landed, and count.
                    fatal = new DeliveryFailure(Failures.exitCodeFor(errorCode), "PutRecords to stream " + stream
                            + " failed: " + errorCode + " (" + results.get(i).errorMessage() + ")");
                }
            }
            if (fatal != null) {
                fail(fatal);
                return;
            }
            warnAboutRetries(false);
            signalProgress();
        } finally {
            lock.unlock();
        }
    }

    private void callFailed(List<Pending> batch, SdkException e) {
        String code = AwsErrors.code(e);
        if (!Failures.retryableCall(e)) {
            fail(new DeliveryFailure(Failures.exitCodeFor(code),
                    "PutRecords to stream " + stream + " failed: " + code + " (" + AwsErrors.message(e) + ")"));
            return;
        }
        lock.lock();
        try {
            inFlight--;
            if (closed) {
                return;
            }
            putCalls++;
            countFailedCall();
            allowedInFlight = Math.max(1, allowedInFlight / 2);
            for (Pending pending : batch) {
                retryLater(pending, code);
            }
            warnAboutRetries(false);
            signalProgress();
        } finally {
            lock.unlock();
        }
    }

    private void countFailedCall() {
        failedPutCalls++;
        if (consecutiveFailedPutCalls++ == 0) {
            failingSince = nanoTime.getAsLong();
        }
    }

    private void delivered(Pending record) {
        String key = record.entry.partitionKey();
        ArrayDeque<Pending> queue = byKey.get(key);
        queue.pollFirst();
        pending--;
        delivered++;
        if (queue.isEmpty()) {
            byKey.remove(key);
        } else {
            markReady(key);
        }
    }

    private void retryLater(Pending record, String reason) {
        record.attempts++;
        retried++;
        retriesSinceWarning.merge(reason, 1, Integer::sum);
        long ceiling = Math.min(BACKOFF_CAP_NANOS, BACKOFF_BASE_NANOS << Math.min(record.attempts - 1, 20));
        long delay = ThreadLocalRandom.current().nextLong(ceiling + 1);
        backingOff.add(new Backoff(record.entry.partitionKey(), nanoTime.getAsLong() + delay));
    }

    private void promoteDueRetries(long now) {
        while (!backingOff.isEmpty() && backingOff.peek().notBefore <= now) {
            markReady(backingOff.poll().key);
        }
    }

    private void markReady(String key) {
        if (readyKeys.isEmpty()) {
            readySince = nanoTime.getAsLong();
        }
        readyKeys.addLast(key);
        if (readyKeys.size() == 1 || readyKeys.size() >= MAX_BATCH_RECORDS || flushing) {
            workAvailable.signal();
        }
    }

    private void signalProgress() {
        spaceAvailable.signalAll();
        settled.signalAll();
        workAvailable.signal();
    }

    private void fail(DeliveryFailure failed) {
        lock.lock();
        try {
            if (failure == null && !closed) {
                failure = failed;
            }
            workAvailable.signalAll();
            spaceAvailable.signalAll();
            settled.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** At most one line every few seconds about retried entries, so that a throttled run says so without flooding. */
    private void warnAboutRetries(boolean now) {
        if (retriesSinceWarning.isEmpty()) {
            return;
        }
        long time = nanoTime.getAsLong();
        if (!now && time - lastWarning < WARN_INTERVAL_NANOS) {
            return;
        }
        StringBuilder line = new StringBuilder("retrying PutRecords entries to stream ").append(stream).append(':');
        retriesSinceWarning.forEach((code, count) -> line.append(' ').append(code).append(" x").append(count));
        retriesSinceWarning.clear();
        lastWarning = time;
        output.warn(line.toString());
    }
}
