package dev.dervisher.whirl;

import dev.dervisher.Output;
import dev.dervisher.post.Delivery;
import dev.dervisher.post.DeliveryStats;

/** A run in progress, as the progress line, health and metrics see it. */
public final class RunState {

    private final WhirlPlan plan;
    private final Delivery delivery;
    private final Pacer pacer;
    private final long startedNanos;
    private final Output output;
    private volatile long whirls;

    RunState(WhirlPlan plan, Delivery delivery, Pacer pacer, long startedNanos, Output output) {
        this.output = output;
        this.plan = plan;
        this.delivery = delivery;
        this.pacer = pacer;
        this.startedNanos = startedNanos;
    }

    void whirled() {
        whirls++;
    }

    public WhirlPlan plan() {
        return plan;
    }

    public long whirls() {
        return whirls;
    }

    public DeliveryStats delivery() {
        return delivery.stats();
    }

    public boolean deliveryFailed() {
        return delivery.failure() != null;
    }

    public Pacer pacer() {
        return pacer;
    }

    public Output output() {
        return output;
    }

    public long startedNanos() {
        return startedNanos;
    }
}
