package dev.dervisher.whirl;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import dev.dervisher.Histogram;

/**
 * Fixed-rate pacing without drift: whirl k is due at t0 + k·60/RPM, whatever happened to the whirls before it.
 *
 * <p>After a stall (GC pause, SIGSTOP, backpressure) the whirls due within the catch-up allowance run at once and
 * older missed ones are skipped and counted: a burst is never more than {@code allowance / period + 1} whirls. The
 * allowance is one second of schedule, or one period when the period is longer.
 */
public final class Pacer {

    private static final long ONE_SECOND = TimeUnit.SECONDS.toNanos(1);
    /** Waits are cut into slices this long, so that a stop condition is seen promptly even at 0.5 rpm. */
    private static final long LONGEST_PARK = TimeUnit.MILLISECONDS.toNanos(100);

    private final double periodNanos;
    private final long allowanceNanos;
    private final LongSupplier nanoTime;
    private final Histogram lateness = new Histogram();
    private long t0;
    private long next;
    private volatile long skipped;
    private volatile long maxLagNanos;

    public Pacer(double rpm, LongSupplier nanoTime) {
        this.periodNanos = 60e9 / rpm;
        this.allowanceNanos = Math.max(ONE_SECOND, (long) periodNanos);
        this.nanoTime = nanoTime;
    }

    public void start() {
        t0 = nanoTime.getAsLong();
        next = 0;
    }

    public long startNanos() {
        return t0;
    }

    /**
     * Waits until the next whirl is due.
     *
     * @param stop checked while waiting, at least every 100 ms (unparking the waiting thread makes it sooner)
     * @param deadline no whirl due at or after this instant (nanoTime) is run; {@code Long.MAX_VALUE} for none
     * @return true when it is time to whirl, false when stopped or when the deadline came first
     */
    public boolean awaitNext(BooleanSupplier stop, long deadline) {
        while (!stop.getAsBoolean()) {
            long due = dueNanos(next);
            long now = nanoTime.getAsLong();
            if (due >= deadline) {
                if (now >= deadline) {
                    return false;
                }
                LockSupport.parkNanos(this, Math.min(deadline - now, LONGEST_PARK));
                continue;
            }
            if (now < due) {
                LockSupport.parkNanos(this, Math.min(due - now, LONGEST_PARK));
                continue;
            }
            long lag = now - due;
            maxLagNanos = Math.max(maxLagNanos, lag);
            if (lag > allowanceNanos) {
                long firstKept = (long) Math.ceil((now - allowanceNanos - t0) / periodNanos);
                skipped += firstKept - next;
                next = firstKept;
                continue;
            }
            lateness.record(lag);
            next++;
            return true;
        }
        return false;
    }

    public long dueNanos(long whirl) {
        return t0 + Math.round(whirl * periodNanos);
    }

    public long skipped() {
        return skipped;
    }

    public Duration maxLag() {
        return Duration.ofNanos(maxLagNanos);
    }

    /** How late whirls started, relative to their due time. */
    public Histogram lateness() {
        return lateness;
    }
}
