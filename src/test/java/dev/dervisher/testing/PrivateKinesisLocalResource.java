package dev.dervisher.testing;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A kinesis-local of the test class's own, shaped by kinesis-mock variables given as resource arguments
 * ({@code SHARD_LIMIT}, {@code CREATE_STREAM_DURATION}…).
 */
public class PrivateKinesisLocalResource implements QuarkusTestResourceLifecycleManager {

    private final Map<String, String> settings = new HashMap<>();
    private KinesisLocal local;

    @Override
    public void init(Map<String, String> initArgs) {
        settings.putAll(initArgs);
    }

    @Override
    public Map<String, String> start() {
        local = KinesisLocal.start(settings);
        Map<String, String> properties = Map.of(
                "dervisher.endpoint-url", local.endpoint().toString(),
                "dervisher.region", KinesisLocal.REGION,
                "aws.accessKeyId", KinesisLocal.ACCESS_KEY,
                "aws.secretAccessKey", KinesisLocal.SECRET_KEY,
                "aws.disableEc2Metadata", "true");
        properties.forEach((key, value) -> {
            if (key.startsWith("aws.")) {
                System.setProperty(key, value);
            }
        });
        return properties;
    }

    @Override
    public void stop() {
        if (local != null) {
            local.close();
        }
    }
}
