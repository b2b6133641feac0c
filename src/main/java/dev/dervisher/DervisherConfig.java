package dev.dervisher;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Every command-line option is also the property {@code dervisher.<option>} and the environment variable
 * {@code DERVISHER_<OPTION>}. Values stay strings here so that a bad value from the environment is reported by the
 * same validation, with the same exit code, as a bad argument.
 */
@ConfigMapping(prefix = "dervisher")
public interface DervisherConfig {

    Optional<String> name();

    Optional<String> rpm();

    Optional<String> shards();

    @WithDefault("dervish")
    String stream();

    @WithDefault("dev")
    String env();

    Optional<String> whirls();

    Optional<String> duration();

    Optional<String> seed();

    @WithDefault("uow")
    String partitionKey();

    @WithDefault("false")
    String pretty();

    @WithDefault("false")
    String quiet();

    Optional<String> region();

    Optional<String> endpointUrl();

    @WithDefault("5m")
    String waitTimeout();

    @WithDefault("30s")
    String flushTimeout();

    @WithDefault("false")
    String check();

    @WithDefault("text")
    String logFormat();

    Optional<String> httpPort();

    /** Tuning of the delivery engine; properties only. */
    Delivery delivery();

    interface Delivery {
        /** Records buffered before the whirl pacer has to wait. */
        @WithDefault("10000")
        int buffer();

        /** PutRecords calls in flight at once. */
        @WithDefault("4")
        int senders();

        /** How long a lone record may wait for company before its batch leaves. */
        @WithDefault("50ms")
        Duration linger();

        /**
         * Time limit of one PutRecords call, retries by the SDK included. A call given up is still carried out by a
         * slow endpoint and then sent again, so this is generous; a hung connection is cut by the socket timeout.
         */
        @WithDefault("30s")
        Duration putTimeout();
    }

    /** The configured value of an option, by its long name without dashes ({@code "wait-timeout"}). */
    default Optional<String> option(String name) {
        return switch (name) {
            case "name" -> name();
            case "rpm" -> rpm();
            case "shards" -> shards();
            case "stream" -> Optional.of(stream());
            case "env" -> Optional.of(env());
            case "whirls" -> whirls();
            case "duration" -> duration();
            case "seed" -> seed();
            case "partition-key" -> Optional.of(partitionKey());
            case "pretty" -> Optional.of(pretty());
            case "quiet" -> Optional.of(quiet());
            case "region" -> region();
            case "endpoint-url" -> endpointUrl();
            case "wait-timeout" -> Optional.of(waitTimeout());
            case "flush-timeout" -> Optional.of(flushTimeout());
            case "check" -> Optional.of(check());
            case "log-format" -> Optional.of(logFormat());
            case "http-port" -> httpPort();
            default -> Optional.empty();
        };
    }
}
