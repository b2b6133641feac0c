package dev.dervisher.whirl;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dervisher.DervisherException;
import dev.dervisher.ExitCodes;
import dev.dervisher.Output;
import dev.dervisher.post.Delivery;
import dev.dervisher.post.DeliveryFailure;
import dev.dervisher.post.DeliveryStats;
import dev.dervisher.post.Poster;

/**
 * Runs a dervisher: one start/service event, whirls at a fixed rate until a signal, the whirl count or the duration
 * ends the run, one stop/service event, then a flush of everything still buffered.
 */
@ApplicationScoped
public class Whirler {

    private final Words words;
    private final Poster poster;
    private volatile RunState current;

    public Whirler(Words words, Poster poster) {
        this.words = words;
        this.poster = poster;
    }

    /** The run in progress, if any. */
    public RunState current() {
        return current;
    }

    public RunSummary run(WhirlPlan plan, Output out) throws InterruptedException {
        long started = System.nanoTime();
        Delivery delivery = poster.open(plan.stream(), plan.delivery(), out);
        WhirlSource source = new WhirlSource(words, plan.name(), plan.env(), plan.pretty(), plan.partitionKeys(),
                plan.seed(), System::currentTimeMillis);
        Pacer pacer = new Pacer(plan.rpm(), System::nanoTime);
        RunState state = new RunState(plan, delivery, pacer, started, out);
        Thread whirling = Thread.currentThread();
        AtomicReference<String> stopSignal = new AtomicReference<>();
        AtomicBoolean inWhirl = new AtomicBoolean();
        AtomicBoolean whirlInFlightAtSignal = new AtomicBoolean();

        DeliveryFailure failure = null;
        String stopReason;
        current = state;
        try (Progress progress = plan.quiet() ? Progress.start(state) : null;
                StopSignals signals = StopSignals.install(signal -> {
            if (stopSignal.compareAndSet(null, signal)) {
                whirlInFlightAtSignal.set(inWhirl.get());
                delivery.allowOverflow();
                LockSupport.unpark(whirling);
            } else {
                delivery.abortFlush();
            }
        })) {
            try {
                post(source.serviceStart(), delivery, plan, out);
                pacer.start();
                long deadline = plan.duration() == null ? Long.MAX_VALUE
                        : pacer.startNanos() + plan.duration().toNanos();
                if (plan.duration() != null) {
                    // When the time is up, a whirl waiting for buffer space must not hold the run past it.
                    CompletableFuture.runAsync(delivery::allowOverflow,
                            CompletableFuture.delayedExecutor(plan.duration().toNanos(), TimeUnit.NANOSECONDS));
                }
                while ((plan.maxWhirls() == 0 || state.whirls() < plan.maxWhirls())
                        && pacer.awaitNext(() -> stopSignal.get() != null || delivery.failure() != null,
                                deadline)) {
                    inWhirl.set(true);
                    for (Outgoing event : source.nextWhirl()) {
                        post(event, delivery, plan, out);
                    }
                    inWhirl.set(false);
                    state.whirled();
                }
                if (delivery.failure() != null) {
                    throw delivery.failure();
                }
                stopReason = stopReason(plan, state, stopSignal.get(), whirlInFlightAtSignal.get());
                out.info(stopReason);
                post(source.serviceStop(), delivery, plan, out);
            } catch (DeliveryFailure failed) {
                failure = failed;
            }

            DeliveryStats before = delivery.stats();
            if (failure == null && before.pending() > 0) {
                out.info("flushing " + before.pending() + " events (at most " + human(plan.flushTimeout()) + ")");
            }
            DeliveryStats stats = delivery.close(plan.flushTimeout());
            if (failure == null) {
                failure = delivery.failure();
            }
            return new RunSummary(plan.name(), state.whirls(), stats, Duration.ofNanos(System.nanoTime() - started),
                    pacer.maxLag(), pacer.skipped(),
                    failure != null ? failure : undelivered(stats, plan, delivery.flushAborted()));
        } finally {
            current = null;
        }
    }

    private static void post(Outgoing event, Delivery delivery, WhirlPlan plan, Output out)
            throws InterruptedException {
        if (!plan.quiet()) {
            out.posting(new String(event.data(), StandardCharsets.UTF_8));
        }
        delivery.submit(event.data(), event.partitionKey());
    }

    private static String stopReason(WhirlPlan plan, RunState state, String signal, boolean whirlInFlight) {
        if (signal != null) {
            return signal + ": " + (whirlInFlight ? "finished the whirl in flight, stopping" : "stopping");
        }
        if (plan.maxWhirls() > 0 && state.whirls() >= plan.maxWhirls()) {
            return "whirled " + state.whirls() + " times, stopping";
        }
        return "whirled for " + human(plan.duration()) + ", stopping";
    }

    private static DervisherException undelivered(DeliveryStats stats, WhirlPlan plan,
            boolean flushAborted) {
        if (stats.pending() > 0) {
            String why = flushAborted ? ": the flush was given up on a second signal"
                    : " within the flush timeout (" + human(plan.flushTimeout()) + ")";
            return new DervisherException(ExitCodes.DELIVERY, stats.pending() + " events were not delivered to stream "
                    + plan.stream() + why + "; the last ones sent may still have landed");
        }
        if (stats.refused() > 0) {
            return new DervisherException(ExitCodes.DELIVERY,
                    stats.refused() + " events were refused as larger than a Kinesis record can be");
        }
        return null;
    }

    static String human(Duration duration) {
        return duration.toString().substring(2).toLowerCase();
    }
}
