package dev.dervisher.post;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dervisher.Output;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** Opens deliveries to a stream. */
@ApplicationScoped
public class Poster {

    private final KinesisClient kinesis;

    public Poster(KinesisClient kinesis) {
        this.kinesis = kinesis;
    }

    public Delivery open(String stream, Delivery.Settings settings, Output output) {
        Delivery delivery = new Delivery(kinesis, stream, settings, output, System::nanoTime);
        delivery.start();
        return delivery;
    }
}
