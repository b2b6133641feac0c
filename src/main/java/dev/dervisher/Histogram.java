package dev.dervisher;

import java.time.Duration;

/**
 * A fixed-size latency histogram (log-scaled buckets, about 4% precision, 1 µs to ~20 min) so that a run of any length
 * keeps constant memory. Thread-safe.
 */
public final class Histogram {

    private static final double GROWTH = 1.04;
    private static final int BUCKETS = 540;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long maxMicros;

    public synchronized void record(long nanos) {
        long micros = Math.max(0, nanos / 1_000);
        counts[bucketOf(micros)]++;
        total++;
        maxMicros = Math.max(maxMicros, micros);
    }

    public synchronized long count() {
        return total;
    }

    public synchronized Duration max() {
        return Duration.ofNanos(maxMicros * 1_000);
    }

    /** The value below which the given fraction (0..1) of the recorded values fall; zero when nothing was recorded. */
    public synchronized Duration percentile(double fraction) {
        if (total == 0) {
            return Duration.ZERO;
        }
        long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= Math.max(1, rank)) {
                long upper = Math.min(upperBoundMicros(i), maxMicros);
                return Duration.ofNanos(upper * 1_000);
            }
        }
        return max();
    }

    private static int bucketOf(long micros) {
        if (micros <= 1) {
            return 0;
        }
        int bucket = (int) Math.ceil(Math.log(micros) / Math.log(GROWTH));
        return Math.min(bucket, BUCKETS - 1);
    }

    private static long upperBoundMicros(int bucket) {
        return (long) Math.ceil(Math.pow(GROWTH, bucket));
    }
}
