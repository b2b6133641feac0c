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
        return local.dervisherProperties();
    }

    @Override
    public void stop() {
        if (local != null) {
            local.close();
        }
    }
}
