package dev.dervisher.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.dervisher.command.WhirlCommand;
import dev.dervisher.testing.Projects;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Static checks of the Kubernetes example deploy/pod.yaml: the dervisher sidecar is configured by environment only,
 * with values dervisher accepts, probed on its health endpoints, given time to flush on SIGTERM, and gets its AWS
 * credentials from IRSA, not from the file. Each rule returns its findings; the real manifest must have none, and
 * broken variants show that each rule finds what it is for.
 */
class PodManifestTest {

    static final String SIDECAR = "dervisher";
    /** Time beyond the flush timeout for the whirl in flight, the stop event, the summary and the exit. */
    static final Duration MARGIN = Duration.ofSeconds(10);

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path MANIFEST = Projects.root().resolve("deploy/pod.yaml");
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b");
    private static final Pattern SECRET_KEY_LIKE = Pattern.compile("(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])");
    private static final List<String> CREDENTIAL_VARIABLES = List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_SHARED_CREDENTIALS_FILE");
    /** Set by EKS for a service account with a role; a manifest that sets them itself bypasses IRSA. */
    private static final List<String> IRSA_VARIABLES = List.of("AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE");

    // ---- the real manifest ----

    @Test
    void parsesAsAPodWithTheDervisherSidecar() throws IOException {
        List<JsonNode> documents = documents(Files.readString(MANIFEST));
        assertEquals(1, documents.stream().filter(d -> "Pod".equals(d.path("kind").asText())).count(),
                "one Pod in " + MANIFEST);
        JsonNode sidecar = sidecar(pod(documents));
        assertTrue(sidecar.path("image").asText().contains("dervisher"), sidecar::toString);
        assertTrue(pod(documents).path("spec").path("containers").size() >= 2, "an application container beside it");
    }

    @Test
    void sidecarIsConfiguredOnlyByEnvironmentWithValuesDervisherAccepts() throws IOException {
        assertEquals(List.of(), environmentOnly(sidecar(pod(documents(Files.readString(MANIFEST))))));
    }

    @Test
    void sidecarIsProbedOnItsHealthEndpoints() throws IOException {
        assertEquals(List.of(), probes(sidecar(pod(documents(Files.readString(MANIFEST))))));
    }

    @Test
    void gracePeriodCoversTheFlushTimeout() throws IOException {
        assertEquals(List.of(), gracePeriod(pod(documents(Files.readString(MANIFEST)))));
    }

    @Test
    void credentialsComeFromIrsaNotFromTheFile() throws IOException {
        String text = Files.readString(MANIFEST);
        assertEquals(List.of(), credentials(text, documents(text)));
    }

    @Test
    void sidecarHasResourceRequestsAndLimits() throws IOException {
        assertEquals(List.of(), resources(sidecar(pod(documents(Files.readString(MANIFEST))))));
    }

    // ---- the rules find what they are for ----

    @Test
    void argumentsMissingVariablesAndRejectedValuesAreFound() throws IOException {
        JsonNode good = sidecar(pod(documents(Files.readString(MANIFEST))));
        ObjectNode withArgs = good.deepCopy();
        withArgs.putArray("args").add("mimi");
        assertFalse(environmentOnly(withArgs).isEmpty(), "arguments");
        assertFalse(environmentOnly(withEnv(good, "DERVISHER_RPM", null)).isEmpty(), "no RPM");
        assertFalse(environmentOnly(withEnv(good, "DERVISHER_RPM", "fast")).isEmpty(), "a rate dervisher refuses");
        assertFalse(environmentOnly(withEnv(good, "DERVISHER_HTTP_PORT", "80808")).isEmpty(), "no such port");
        assertFalse(environmentOnly(withEnv(good, "DERVISHER_LOG_FORMAT", "xml")).isEmpty(), "no such format");
        assertFalse(environmentOnly(withEnv(good, "DERVISHER_QUIET", "false")).isEmpty(), "a line per event");
        assertFalse(environmentOnly(withEnv(good, "DERVISHER_FLUSHTIMEOUT", "30s")).isEmpty(), "no such option");
        assertFalse(environmentOnly(withEnv(good, "AWS_REGION", null)).isEmpty(), "no region");
    }

    @Test
    void missingOrMisdirectedProbesAreFound() throws IOException {
        JsonNode good = sidecar(pod(documents(Files.readString(MANIFEST))));
        ObjectNode noLiveness = good.deepCopy();
        noLiveness.remove("livenessProbe");
        assertFalse(probes(noLiveness).isEmpty());
        ObjectNode wrongPath = good.deepCopy();
        ((ObjectNode) wrongPath.path("readinessProbe").path("httpGet")).put("path", "/health/live");
        assertFalse(probes(wrongPath).isEmpty());
        ObjectNode wrongPort = good.deepCopy();
        ((ObjectNode) wrongPort.path("livenessProbe").path("httpGet")).put("port", 9090);
        assertFalse(probes(wrongPort).isEmpty());
    }

    @Test
    void shortGracePeriodsAreFound() throws IOException {
        JsonNode good = pod(documents(Files.readString(MANIFEST)));
        ObjectNode defaultGrace = good.deepCopy();
        ((ObjectNode) defaultGrace.path("spec")).remove("terminationGracePeriodSeconds");
        assertFalse(gracePeriod(defaultGrace).isEmpty(), "Kubernetes' default 30 s is the flush timeout itself");
        ObjectNode longerFlush = good.deepCopy();
        JsonNode sidecar = sidecar(longerFlush);
        ((ObjectNode) longerFlush.path("spec")).withArray("containers").removeAll();
        ((ObjectNode) longerFlush.path("spec")).withArray("containers").add(withEnv(sidecar, "DERVISHER_FLUSH_TIMEOUT", "2m"));
        assertFalse(gracePeriod(longerFlush).isEmpty(), "a 2 minute flush in 45 s");
    }

    @Test
    void writtenCredentialsAreFound() throws IOException {
        String text = Files.readString(MANIFEST);
        assertFalse(credentials(text + "\n# AKIAIOSFODNN7EXAMPLE\n", documents(text)).isEmpty(), "a key id");
        assertFalse(credentials(text + "\n# wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n", documents(text)).isEmpty(),
                "a secret key");
        String keys = text.replace("        - name: AWS_REGION\n", """
                        - name: AWS_SECRET_ACCESS_KEY
                          valueFrom:
                            secretKeyRef: {name: aws, key: secret}
                        - name: AWS_REGION
                """);
        assertFalse(credentials(keys, documents(keys)).isEmpty(), "keys instead of IRSA, even from a Secret");
        String noRole = text.replace("eks.amazonaws.com/role-arn", "example.com/role");
        assertFalse(credentials(noRole, documents(noRole)).isEmpty(), "a service account without a role");
    }

    @Test
    void missingLimitsAreFound() throws IOException {
        ObjectNode sidecar = sidecar(pod(documents(Files.readString(MANIFEST)))).deepCopy();
        ((ObjectNode) sidecar.path("resources")).remove("limits");
        assertFalse(resources(sidecar).isEmpty());
    }

    // ---- rules ----

    /** dervisher's options, by environment variable: DERVISHER_FLUSH_TIMEOUT → the --flush-timeout field. */
    static Map<String, Field> options() {
        Map<String, Field> options = new LinkedHashMap<>();
        for (Field field : WhirlCommand.class.getDeclaredFields()) {
            Option option = field.getAnnotation(Option.class);
            Parameters parameters = field.getAnnotation(Parameters.class);
            String name = null;
            if (option != null) {
                String longest = "";
                for (String candidate : option.names()) {
                    longest = candidate.length() > longest.length() ? candidate : longest;
                }
                name = longest.replaceFirst("^-+", "");
            } else if (parameters != null) {
                name = parameters.paramLabel();
            }
            if (name != null) {
                options.put("DERVISHER_" + name.toUpperCase(Locale.ROOT).replace('-', '_'), field);
            }
        }
        return options;
    }

    /** Converts a value the way dervisher does for that option; returns why it is refused, or empty. */
    static Optional<String> refusal(Field field, String value) {
        try {
            Class<? extends ITypeConverter<?>>[] converters = field.isAnnotationPresent(Option.class)
                    ? field.getAnnotation(Option.class).converter()
                    : field.getAnnotation(Parameters.class).converter();
            if (converters.length > 0) {
                Constructor<? extends ITypeConverter<?>> constructor = converters[0].getDeclaredConstructor();
                constructor.setAccessible(true);
                constructor.newInstance().convert(value);
            } else if (field.getType() == boolean.class) {
                if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                    return Optional.of("not true or false");
                }
            } else if (field.getType().isEnum()) {
                boolean known = false;
                for (Object constant : field.getType().getEnumConstants()) {
                    known |= ((Enum<?>) constant).name().equalsIgnoreCase(value);
                }
                if (!known) {
                    return Optional.of("not one of " + List.of(field.getType().getEnumConstants()));
                }
            }
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }

    static List<String> environmentOnly(JsonNode sidecar) {
        List<String> problems = new ArrayList<>();
        if (sidecar.has("command") || sidecar.has("args")) {
            problems.add("the sidecar has command/args: it is to be configured by environment only, and run by the"
                    + " image's ENTRYPOINT");
        }
        Map<String, String> env = env(sidecar);
        Map<String, Field> options = options();
        for (String required : List.of("DERVISHER_NAME", "DERVISHER_RPM", "DERVISHER_SHARDS", "DERVISHER_STREAM",
                "DERVISHER_QUIET", "DERVISHER_LOG_FORMAT", "DERVISHER_HTTP_PORT", "AWS_REGION")) {
            if (env.get(required) == null || env.get(required).isBlank()) {
                problems.add(required + " is not set to a value");
            }
        }
        if (!"true".equals(env.get("DERVISHER_QUIET"))) {
            problems.add("DERVISHER_QUIET is not true: a log line per event");
        }
        if (!"json".equals(env.get("DERVISHER_LOG_FORMAT"))) {
            problems.add("DERVISHER_LOG_FORMAT is not json");
        }
        env.forEach((name, value) -> {
            if (!name.startsWith("DERVISHER_")) {
                return;
            }
            Field option = options.get(name);
            if (option == null) {
                problems.add(name + " is no option of dervisher (options: " + options.keySet() + ")");
            } else if (value == null) {
                problems.add(name + " has no literal value");
            } else {
                refusal(option, value).ifPresent(why -> problems.add(name + "=" + value + " is refused: " + why));
            }
        });
        return problems;
    }

    static List<String> probes(JsonNode sidecar) {
        List<String> problems = new ArrayList<>();
        String port = env(sidecar).get("DERVISHER_HTTP_PORT");
        for (Map.Entry<String, String> wanted : Map.of("livenessProbe", "/health/live", "readinessProbe",
                "/health/ready").entrySet()) {
            JsonNode get = sidecar.path(wanted.getKey()).path("httpGet");
            if (get.isMissingNode()) {
                problems.add("no " + wanted.getKey() + " with httpGet");
                continue;
            }
            if (!wanted.getValue().equals(get.path("path").asText())) {
                problems.add(wanted.getKey() + " asks " + get.path("path").asText() + ", not " + wanted.getValue());
            }
            String probed = containerPort(sidecar, get.path("port"));
            if (port == null || !port.equals(probed)) {
                problems.add(wanted.getKey() + " probes port " + probed + " but DERVISHER_HTTP_PORT is " + port);
            }
        }
        return problems;
    }

    static List<String> gracePeriod(JsonNode pod) {
        Duration flush = flushTimeout(sidecar(pod));
        // Kubernetes' default is 30 s.
        long grace = pod.path("spec").path("terminationGracePeriodSeconds").asLong(30);
        if (Duration.ofSeconds(grace).compareTo(flush.plus(MARGIN)) < 0) {
            return List.of("terminationGracePeriodSeconds " + grace + " < flush timeout " + flush.toSeconds()
                    + " s + " + MARGIN.toSeconds() + " s: SIGKILL would cut the flush short");
        }
        return List.of();
    }

    /** DERVISHER_FLUSH_TIMEOUT as dervisher reads it, else dervisher's default. */
    static Duration flushTimeout(JsonNode sidecar) {
        String value = env(sidecar).get("DERVISHER_FLUSH_TIMEOUT");
        try {
            Option option = WhirlCommand.class.getDeclaredField("flushTimeout").getAnnotation(Option.class);
            if (value == null) {
                value = option.defaultValue();
            }
            Constructor<? extends ITypeConverter<?>> converter = option.converter()[0].getDeclaredConstructor();
            converter.setAccessible(true);
            return (Duration) converter.newInstance().convert(value);
        } catch (Exception e) {
            throw new AssertionError("DERVISHER_FLUSH_TIMEOUT=" + value + " is refused", e);
        }
    }

    static List<String> credentials(String text, List<JsonNode> documents) {
        List<String> problems = new ArrayList<>();
        if (ACCESS_KEY_ID.matcher(text).find()) {
            problems.add("an AWS access key id is written in the manifest");
        }
        if (SECRET_KEY_LIKE.matcher(text).find()) {
            problems.add("a 40-character secret-key-like string is written in the manifest");
        }
        JsonNode pod = pod(documents);
        for (JsonNode container : pod.path("spec").path("containers")) {
            for (JsonNode variable : container.path("env")) {
                String name = variable.path("name").asText();
                if (CREDENTIAL_VARIABLES.contains(name) || IRSA_VARIABLES.contains(name)) {
                    problems.add(container.path("name").asText() + " sets " + name + ": credentials are to come from"
                            + " the IRSA service account");
                }
            }
            if (container.has("envFrom")) {
                problems.add(container.path("name").asText() + " takes variables from envFrom, unchecked here");
            }
        }
        String account = pod.path("spec").path("serviceAccountName").asText("");
        boolean roleAnnotated = documents.stream()
                .filter(d -> "ServiceAccount".equals(d.path("kind").asText()))
                .filter(d -> account.equals(d.path("metadata").path("name").asText()))
                .anyMatch(d -> d.path("metadata").path("annotations").path("eks.amazonaws.com/role-arn").asText()
                        .matches("arn:aws[a-z-]*:iam::\\d{12}:role/.+"));
        if (account.isEmpty() || !roleAnnotated) {
            problems.add("the Pod's service account '" + account + "' is not a ServiceAccount of this file annotated"
                    + " with eks.amazonaws.com/role-arn: no IRSA");
        }
        return problems;
    }

    static List<String> resources(JsonNode sidecar) {
        List<String> problems = new ArrayList<>();
        for (String kind : List.of("requests", "limits")) {
            if (!sidecar.path("resources").path(kind).has("memory")) {
                problems.add("no memory " + kind);
            }
        }
        if (!sidecar.path("resources").path("requests").has("cpu")) {
            problems.add("no cpu request");
        }
        return problems;
    }

    // ---- reading ----

    static List<JsonNode> documents(String text) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        YAML.readerFor(JsonNode.class).readValues(text).forEachRemaining(d -> {
            if (d != null && !((JsonNode) d).isNull()) {
                documents.add((JsonNode) d);
            }
        });
        return documents;
    }

    static JsonNode pod(List<JsonNode> documents) {
        return documents.stream().filter(d -> "Pod".equals(d.path("kind").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no Pod"));
    }

    static JsonNode sidecar(JsonNode pod) {
        for (JsonNode container : pod.path("spec").path("containers")) {
            if (SIDECAR.equals(container.path("name").asText())) {
                return container;
            }
        }
        throw new AssertionError("no container named " + SIDECAR);
    }

    /** Literal values by name; a variable set from elsewhere (valueFrom) maps to null. */
    static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode variable : container.path("env")) {
            env.put(variable.path("name").asText(), variable.has("value") ? variable.path("value").asText() : null);
        }
        return env;
    }

    private static String containerPort(JsonNode container, JsonNode port) {
        if (port.isNumber()) {
            return port.asText();
        }
        for (JsonNode declared : container.path("ports")) {
            if (port.asText().equals(declared.path("name").asText())) {
                return declared.path("containerPort").asText();
            }
        }
        return port.asText();
    }

    private static ObjectNode withEnv(JsonNode container, String name, String value) {
        ObjectNode copy = container.deepCopy();
        var env = copy.withArray("env");
        for (int i = env.size() - 1; i >= 0; i--) {
            if (name.equals(env.get(i).path("name").asText())) {
                env.remove(i);
            }
        }
        if (value != null) {
            env.addObject().put("name", name).put("value", value);
        }
        return copy;
    }
}
