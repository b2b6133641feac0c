package dev.dervisher.aws;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import dev.dervisher.DervisherException;
import dev.dervisher.ExitCodes;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The AWS SDK clients, built on the SDK's own chains (credentials, region, {@code AWS_PROFILE},
 * {@code AWS_ENDPOINT_URL[_KINESIS|_STS]}) plus the command line's region and endpoint.
 */
@ApplicationScoped
public class AwsClients {

    /** Region and credential lookups may ask the instance metadata service; an unreachable one must not hang us. */
    private static final Duration LOOKUP_LIMIT = Duration.ofSeconds(10);

    private final AwsSettings settings;
    private final AwsCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
    private Region region;

    public AwsClients(AwsSettings settings) {
        this.settings = settings;
    }

    @Produces
    @ApplicationScoped
    KinesisClient kinesis() {
        KinesisClientBuilder builder = KinesisClient.builder()
                .httpClient(httpClient())
                .region(region())
                .credentialsProvider(credentials);
        settings.kinesisEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    void close(@Disposes KinesisClient kinesis) {
        kinesis.close();
    }

    @Produces
    @ApplicationScoped
    StsClient sts() {
        return StsClient.builder()
                .httpClient(httpClient())
                .region(region())
                .credentialsProvider(credentials)
                .build();
    }

    void close(@Disposes StsClient sts) {
        sts.close();
    }

    /** The region: --region, else the SDK's chain (AWS_REGION, profile, instance metadata). */
    public synchronized Region region() {
        if (region == null) {
            region = settings.region().map(Region::of).orElseGet(() -> bounded("region",
                    () -> new DefaultAwsRegionProviderChain().getRegion(),
                    "no AWS region: pass --region, set AWS_REGION or give profile '" + profile()
                            + "' a region (looked in aws.region, AWS_REGION, the profile and instance metadata)"));
        }
        return region;
    }

    /** Resolves credentials through the SDK's default chain, so that their absence is reported up front. */
    public AwsCredentials credentials() {
        return bounded("credentials", credentials::resolveCredentials,
                "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or AWS_PROFILE, or run where a"
                        + " role provides them (looked in system properties, the environment, a web identity token,"
                        + " profile '" + profile() + "', the container and instance metadata)");
    }

    private static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(30))
                .build();
    }

    private static <T> T bounded(String what, Supplier<T> lookup, String advice) {
        CompletableFuture<T> future = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                future.complete(lookup.get());
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        }, "dervisher-aws-" + what);
        thread.setDaemon(true);
        thread.start();
        try {
            return future.get(LOOKUP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new DervisherException(ExitCodes.ACCOUNT,
                    advice + " (the lookup of " + what + " gave no answer in " + LOOKUP_LIMIT.toSeconds() + " s)");
        } catch (ExecutionException e) {
            throw new DervisherException(ExitCodes.ACCOUNT, advice, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DervisherException(ExitCodes.ACCOUNT, "interrupted while looking up " + what);
        }
    }

    private static String profile() {
        String profile = System.getenv("AWS_PROFILE");
        return profile == null || profile.isBlank() ? "default" : profile;
    }
}
