package dev.dervisher.aws;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;

import dev.dervisher.DervisherException;
import dev.dervisher.ExitCodes;

/** The endpoint overrides that the AWS SDK reads from the environment, checked before any call is made. */
public final class Endpoints {

    public static final String GLOBAL = "AWS_ENDPOINT_URL";
    public static final String KINESIS = "AWS_ENDPOINT_URL_KINESIS";
    public static final String STS = "AWS_ENDPOINT_URL_STS";

    private Endpoints() {
    }

    /** Parses an endpoint URL: an absolute http or https URL with a host. */
    public static URI parse(String value, String source) {
        try {
            URI uri = new URI(value.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
            boolean web = scheme.equals("http") || scheme.equals("https");
            if (!web || uri.getHost() == null || uri.getPort() > 65535) {
                throw new URISyntaxException(value, "not an http(s) URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new DervisherException(ExitCodes.USAGE,
                    source + " is not a valid endpoint URL: '" + value + "' (expected e.g. http://127.0.0.1:4568)");
        }
    }

    /** Fails with exit code 2 when an endpoint variable that the SDK would use does not parse. */
    public static void checkEnvironment(Map<String, String> environment) {
        for (String variable : new String[] { GLOBAL, KINESIS, STS }) {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                parse(value, variable);
            }
        }
    }

    /** The Kinesis endpoint in use when it is not AWS's own: the option, then the SDK's variables. */
    public static Optional<String> kinesisOverride(Optional<URI> option, Map<String, String> environment) {
        if (option.isPresent()) {
            return Optional.of(option.get().toString());
        }
        return firstSet(environment, KINESIS, GLOBAL)
                .or(() -> Optional.ofNullable(System.getProperty("aws.endpointUrlKinesis")))
                .or(() -> Optional.ofNullable(System.getProperty("aws.endpointUrl")));
    }

    public static boolean stsConfigured(Map<String, String> environment) {
        return firstSet(environment, STS).isPresent() || System.getProperty("aws.endpointUrlSts") != null;
    }

    private static Optional<String> firstSet(Map<String, String> environment, String... variables) {
        for (String variable : variables) {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                return Optional.of(value.strip());
            }
        }
        return Optional.empty();
    }
}
