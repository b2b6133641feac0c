package dev.dervisher.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points dervisher, in-process ({@code @QuarkusMainTest}) or packaged ({@code @QuarkusMainIntegrationTest}), at the
 * shared kinesis-local: endpoint and region as dervisher properties, test credentials as the SDK's system properties.
 */
public class KinesisLocalResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        KinesisLocal local = KinesisLocal.shared();
        Map<String, String> properties = Map.of(
                "dervisher.endpoint-url", local.endpoint().toString(),
                "dervisher.region", KinesisLocal.REGION,
                "aws.accessKeyId", KinesisLocal.ACCESS_KEY,
                "aws.secretAccessKey", KinesisLocal.SECRET_KEY,
                "aws.disableEc2Metadata", "true");
        // In-process runs read the SDK's settings from system properties, not from Quarkus configuration.
        properties.forEach((key, value) -> {
            if (key.startsWith("aws.")) {
                System.setProperty(key, value);
            }
        });
        return properties;
    }

    @Override
    public void stop() {
        // The shared server lives as long as the test JVM.
    }
}
