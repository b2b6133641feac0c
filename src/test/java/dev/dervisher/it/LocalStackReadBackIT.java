package dev.dervisher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

import dev.dervisher.testing.Packaged;
import dev.dervisher.testing.ReadBack;
import dev.dervisher.testing.Runs;
import dev.dervisher.testing.StreamReader;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The read-back scenario against LocalStack in a container. Needs Docker: where there is none (these development
 * machines and CI), JUnit reports it as skipped ("disabledWithoutDocker"); the same scenario runs against
 * kinesis-local in PackagedRunIT and WhirlRunTest.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackReadBackIT {

    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer(
            DockerImageName.parse("localstack/localstack:3.8.1")).withServices(Service.KINESIS);

    @Test
    void everyPostedEventIsOnTheLocalStackStream() {
        String stream = Runs.uniqueStream("localstack");
        Map<String, String> environment = new HashMap<>();
        environment.put("AWS_ACCESS_KEY_ID", LOCALSTACK.getAccessKey());
        environment.put("AWS_SECRET_ACCESS_KEY", LOCALSTACK.getSecretKey());
        environment.put("AWS_REGION", LOCALSTACK.getRegion());
        environment.put("AWS_ENDPOINT_URL_KINESIS", LOCALSTACK.getEndpoint().toString());
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        try (Packaged app = Packaged.start(environment, "lola", "3000", "2", "--stream", stream, "--whirls", "20");
                KinesisClient kinesis = KinesisClient.builder()
                        .httpClient(UrlConnectionHttpClient.create())
                        .endpointOverride(LOCALSTACK.getEndpoint())
                        .region(Region.of(LOCALSTACK.getRegion()))
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                                LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())))
                        .build()) {
            assertEquals(0, app.awaitExit(Duration.ofMinutes(3)), app.describe());
            ReadBack.assertRunIsOnTheStream(Runs.posted(app.out()), StreamReader.readAll(kinesis, stream), 20);
        }
    }
}
