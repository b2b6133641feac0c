package dev.dervisher.testing;

import java.net.URI;
import java.time.Duration;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** Streams and clients for tests that drive the SDK themselves. */
public final class Streams {

    private Streams() {
    }

    /** Creates a stream on kinesis-local and waits until it is ACTIVE (polling briskly, unlike the SDK's waiter). */
    public static void create(KinesisClient kinesis, String stream, int shards) {
        kinesis.createStream(b -> b.streamName(stream).shardCount(shards));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary()
                    .streamStatus() == StreamStatus.ACTIVE) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("stream " + stream + " did not become ACTIVE in 30 s");
    }

    /**
     * Deletes a stream a test is done with, so that the shared kinesis-local (50 shards at most) has room for the
     * next; a stream that is already gone, or a failure to delete, is no concern of the test.
     */
    public static void delete(KinesisClient kinesis, String stream) {
        try {
            kinesis.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true));
        } catch (RuntimeException ignored) {
            // gone already, or never made
        }
    }

    /**
     * A Kinesis client like dervisher's (url-connection HTTP client, CBOR) aimed at an endpoint, with the test
     * credentials; without the SDK's own retries when {@code sdkRetries} is false, so that every failure the endpoint
     * answers reaches the caller.
     */
    public static KinesisClient client(URI endpoint, boolean sdkRetries, Duration socketTimeout) {
        return KinesisClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(3))
                        .socketTimeout(socketTimeout)
                        .build())
                .endpointOverride(endpoint)
                .region(Region.of(KinesisLocal.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(KinesisLocal.ACCESS_KEY, KinesisLocal.SECRET_KEY)))
                .overrideConfiguration(o -> {
                    if (!sdkRetries) {
                        o.retryStrategy(AwsRetryStrategy.doNotRetry());
                    }
                })
                .build();
    }
}
