package dev.dervisher.post;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dervisher.DervisherConfig;
import dev.dervisher.Output;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** Opens deliveries to a stream with the configured buffer, senders, linger and put timeout. */
@ApplicationScoped
public class Poster {

    private final KinesisClient kinesis;
    private final DervisherConfig config;

    public Poster(KinesisClient kinesis, DervisherConfig config) {
        this.kinesis = kinesis;
        this.config = config;
    }

    public Delivery open(String stream, Output output) {
        DervisherConfig.Delivery tuning = config.delivery();
        Delivery delivery = new Delivery(kinesis, stream,
                new Delivery.Settings(tuning.buffer(), tuning.senders(), tuning.linger(), tuning.putTimeout()),
                output, System::nanoTime);
        delivery.start();
        return delivery;
    }
}
