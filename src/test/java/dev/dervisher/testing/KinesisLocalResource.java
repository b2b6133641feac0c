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
        return KinesisLocal.shared().dervisherProperties();
    }

    @Override
    public void stop() {
        // The shared server lives as long as the test JVM.
    }
}
