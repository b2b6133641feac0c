package dev.dervisher.whirl;

import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.dervisher.Output;
import dev.dervisher.post.DeliveryStats;

/** With --quiet: a progress line every 10 s, and on a terminal a live one rewritten every second. */
final class Progress implements AutoCloseable {

    private final RunState run;
    private final boolean terminal;
    private final ScheduledExecutorService timer;
    private long ticks;
    private long lastGenerated;
    private long lastNanos;

    private Progress(RunState run, boolean terminal) {
        this.run = run;
        this.terminal = terminal && run.output().format() == Output.Format.TEXT;
        this.lastNanos = run.startedNanos();
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "dervisher-progress");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    static Progress start(RunState run) {
        return new Progress(run, System.console() != null);
    }

    private void tick() {
        ticks++;
        boolean everyTen = ticks % 10 == 0;
        if (!everyTen && !terminal) {
            return;
        }
        DeliveryStats stats = run.delivery();
        long now = System.nanoTime();
        double seconds = Math.max(1e-9, (now - lastNanos) / 1e9);
        String line = line(run, stats, (stats.generated() - lastGenerated) / seconds);
        if (everyTen) {
            lastGenerated = stats.generated();
            lastNanos = now;
            run.output().info(line);
        } else {
            run.output().live(line);
        }
    }

    static String line(RunState run, DeliveryStats stats, double eventsPerSecond) {
        return String.format(Locale.ROOT,
                "progress: %d whirls, %d events (%.1f/s), %d delivered, %d refused, %d pending, %d retried,"
                        + " max schedule lag %d ms",
                run.whirls(), stats.generated(), eventsPerSecond, stats.delivered(), stats.refused(), stats.pending(),
                stats.retried(), run.pacer().maxLag().toMillis());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
