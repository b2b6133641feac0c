package dev.dervisher.aws;

import java.net.URI;
import java.util.Optional;

import jakarta.inject.Singleton;

/**
 * What the command line adds to the AWS SDK's own configuration chains: an explicit region and Kinesis endpoint.
 * Set once by the command before the first AWS call.
 */
@Singleton
public class AwsSettings {

    private volatile Optional<String> region = Optional.empty();
    private volatile Optional<URI> kinesisEndpoint = Optional.empty();

    public void configure(Optional<String> region, Optional<URI> kinesisEndpoint) {
        this.region = region;
        this.kinesisEndpoint = kinesisEndpoint;
    }

    public Optional<String> region() {
        return region;
    }

    public Optional<URI> kinesisEndpoint() {
        return kinesisEndpoint;
    }
}
