package dev.dervisher;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * Every command-line option is also the property {@code dervisher.<option>} and the environment variable
 * {@code DERVISHER_<OPTION>}. Values stay strings here so that a bad value from the environment is reported by the
 * same validation, with the same exit code, as a bad argument; the defaults are the options' own (an empty
 * variable means the default).
 */
@ConfigMapping(prefix = "dervisher")
public interface DervisherConfig {

    Optional<String> name();

    Optional<String> rpm();

    Optional<String> shards();

    Optional<String> stream();

    Optional<String> env();

    Optional<String> whirls();

    Optional<String> duration();

    Optional<String> seed();

    Optional<String> partitionKey();

    Optional<String> pretty();

    Optional<String> quiet();

    Optional<String> region();

    Optional<String> endpointUrl();

    Optional<String> waitTimeout();

    Optional<String> flushTimeout();

    Optional<String> check();

    Optional<String> logFormat();

    Optional<String> httpPort();

    /** Tuning of the delivery engine; properties and variables only, checked like options (defaults: Tuning). */
    Delivery delivery();

    interface Delivery {
        /** Records buffered before the whirl pacer has to wait. */
        Optional<String> buffer();

        /** PutRecords calls in flight at once. */
        Optional<String> senders();

        /** How long a lone record may wait for company before its batch leaves. */
        Optional<String> linger();

        /**
         * Time limit of one PutRecords call, retries by the SDK included. A call given up is still carried out by a
         * slow endpoint and then sent again, so this is generous; a hung connection is cut by the socket timeout.
         */
        Optional<String> putTimeout();
    }

    /** The configured value of an option, by its long name without dashes ({@code "wait-timeout"}). */
    default Optional<String> option(String name) {
        return switch (name) {
            case "name" -> name();
            case "rpm" -> rpm();
            case "shards" -> shards();
            case "stream" -> stream();
            case "env" -> env();
            case "whirls" -> whirls();
            case "duration" -> duration();
            case "seed" -> seed();
            case "partition-key" -> partitionKey();
            case "pretty" -> pretty();
            case "quiet" -> quiet();
            case "region" -> region();
            case "endpoint-url" -> endpointUrl();
            case "wait-timeout" -> waitTimeout();
            case "flush-timeout" -> flushTimeout();
            case "check" -> check();
            case "log-format" -> logFormat();
            case "http-port" -> httpPort();
            default -> Optional.empty();
        };
    }
}
