package dev.dervisher.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.dervisher.packaging.Containerfile.Instruction;
import dev.dervisher.packaging.Containerfile.Stage;
import dev.dervisher.testing.Projects;

/**
 * Static checks of the Containerfile and its build context: what Kubernetes and the native build rely on. Each rule
 * returns its findings; the real files must have none, and a broken example shows that the rule finds what it is
 * for.
 */
class ContainerfileTest {

    private static final Path ROOT = Projects.root();
    private static final Set<String> SHELLS = Set.of("sh", "bash", "ash", "dash", "/bin/sh", "/bin/bash",
            "/usr/bin/sh", "/usr/bin/bash", "/usr/bin/env");
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b");
    private static final Pattern AWS_CREDENTIAL_VARIABLE = Pattern.compile(
            "\\b(AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN)\\b");

    private final Containerfile file = Containerfile.read(ROOT.resolve("Containerfile"));

    // ---- the real files ----

    @Test
    void finalStageStartsDervisherAsPid1WithAnExecFormEntrypoint() {
        assertEquals(List.of(), execEntrypoint(file.finalStage()));
    }

    @Test
    void runtimeImagesRunAsANumericNonRootUser() {
        assertEquals(List.of(), numericNonRootUser(file.finalStage()));
        assertEquals(List.of(), numericNonRootUser(file.stage("jvm").orElseThrow(() -> new AssertionError("no jvm stage"))));
    }

    @Test
    void finalImageIsTheNativeExecutableBuiltByMandrel() {
        assertEquals(List.of(), nativeBuild(file));
    }

    @Test
    void jvmTargetRunsQuarkusRunJarOnAJava17Runtime() {
        assertEquals(List.of(), jvmTarget(file));
    }

    @Test
    void noCredentialsAreBakedIn() {
        assertEquals(List.of(), noSecrets(file));
    }

    @Test
    void baseImagesArePinned() {
        assertEquals(List.of(), pinnedImages(file));
    }

    @Test
    void buildContextSendsTheSourcesAndNothingBuiltOrPrivate() throws IOException {
        assertEquals(List.of(), buildContext(file, ROOT));
    }

    // ---- the rules find what they are for ----

    @Test
    void shellFormOrShellWrappedEntrypointsAreFound() {
        assertFalse(execEntrypoint(stage("FROM x AS run\nENTRYPOINT /work/dervisher\n")).isEmpty());
        assertFalse(execEntrypoint(stage("FROM x AS run\nENTRYPOINT [\"/bin/sh\", \"-c\", \"/work/dervisher\"]\n"))
                .isEmpty());
        assertFalse(execEntrypoint(stage("FROM x AS run\nCMD [\"/work/dervisher\"]\n")).isEmpty());
        assertFalse(execEntrypoint(stage("FROM x AS run\nENTRYPOINT [\"/work/dervisher\"\n")).isEmpty(),
                "a malformed array is run by a shell");
        assertEquals(List.of(), execEntrypoint(stage("FROM x\nENTRYPOINT [\"/work/dervisher\"]\n")));
    }

    @Test
    void rootMissingOrNamedUsersAreFound() {
        assertFalse(numericNonRootUser(stage("FROM x\nENTRYPOINT [\"a\"]\n")).isEmpty(), "no USER: root");
        assertFalse(numericNonRootUser(stage("FROM x\nUSER 0\n")).isEmpty());
        assertFalse(numericNonRootUser(stage("FROM x\nUSER root\n")).isEmpty());
        assertFalse(numericNonRootUser(stage("FROM x\nUSER 1001\nUSER 0:0\n")).isEmpty(), "the last USER counts");
        assertFalse(numericNonRootUser(stage("FROM x\nUSER quarkus\n")).isEmpty(), "runAsNonRoot needs a number");
        assertEquals(List.of(), numericNonRootUser(stage("FROM x\nUSER 1001:0\n")));
    }

    @Test
    void aFinalImageThatIsNotNativeIsFound() {
        assertFalse(nativeBuild(Containerfile.parse("""
                FROM quay.io/quarkus/ubi9-quarkus-mandrel-builder-image:jdk-25 AS build
                RUN ./mvnw -B package -DskipTests
                FROM quay.io/quarkus/ubi9-quarkus-micro-image:2.0
                COPY --from=build /code/target/*-runner /work/dervisher
                """)).isEmpty(), "a JVM build");
        assertFalse(nativeBuild(Containerfile.parse("""
                FROM registry.access.redhat.com/ubi9/openjdk-17:1.24 AS build
                RUN ./mvnw -B package -Dnative
                FROM quay.io/quarkus/ubi9-quarkus-micro-image:2.0
                COPY --from=build /code/target/*-runner /work/dervisher
                """)).isEmpty(), "no native-image in a JDK image");
        assertFalse(nativeBuild(Containerfile.parse("""
                FROM quay.io/quarkus/ubi9-quarkus-micro-image:2.0
                COPY target/dervisher-runner /work/dervisher
                """)).isEmpty(), "a binary from the host");
    }

    @Test
    void aMissingOrWrongJvmTargetIsFound() {
        assertFalse(jvmTarget(Containerfile.parse("FROM a AS native\nENTRYPOINT [\"x\"]\n")).isEmpty());
        assertFalse(jvmTarget(Containerfile.parse("""
                FROM registry.access.redhat.com/ubi9/openjdk-17:1.24 AS jvm-build
                RUN ./mvnw -B package -DskipTests
                FROM registry.access.redhat.com/ubi9/openjdk-21-runtime:1.24 AS jvm
                COPY --from=jvm-build /code/target/quarkus-app/ /deployments/
                USER 185
                ENTRYPOINT ["java", "-jar", "/deployments/quarkus-run.jar"]
                """)).isEmpty(), "not Java 17");
        assertFalse(jvmTarget(Containerfile.parse("""
                FROM registry.access.redhat.com/ubi9/openjdk-17:1.24 AS jvm-build
                RUN ./mvnw -B package -DskipTests
                FROM registry.access.redhat.com/ubi9/openjdk-17-runtime:1.24 AS jvm
                COPY --from=jvm-build /code/target/quarkus-app/ /deployments/
                USER 185
                ENTRYPOINT java -jar /deployments/quarkus-run.jar
                """)).isEmpty(), "shell form");
    }

    @Test
    void bakedCredentialsAreFound() {
        assertFalse(noSecrets(Containerfile.parse("FROM x\nENV AWS_SECRET_ACCESS_KEY=abc\n")).isEmpty());
        assertFalse(noSecrets(Containerfile.parse("FROM x\nARG AWS_ACCESS_KEY_ID\n")).isEmpty());
        assertFalse(noSecrets(Containerfile.parse("FROM x\nRUN echo AKIAABCDEFGHIJKLMNOP\n")).isEmpty());
        assertFalse(noSecrets(Containerfile.parse("FROM x\nCOPY .aws/credentials /root/.aws/\n")).isEmpty());
    }

    @Test
    void floatingBaseImagesAreFound() {
        assertFalse(pinnedImages(Containerfile.parse("FROM quay.io/quarkus/ubi9-quarkus-micro-image\n")).isEmpty());
        assertFalse(pinnedImages(Containerfile.parse("FROM quay.io/quarkus/ubi9-quarkus-micro-image:latest\n"))
                .isEmpty());
        assertFalse(pinnedImages(Containerfile.parse("ARG IMAGE\nFROM ${IMAGE}\n")).isEmpty());
        assertEquals(List.of(), pinnedImages(Containerfile.parse("ARG I=a/b:1.2\nFROM ${I} AS x\nFROM x\n")));
    }

    @Test
    void aContextThatLeavesOutSourcesOrSendsTargetIsFound() {
        List<String> problems = ignoreProblems(List.of("src/", "target/"), List.of("src/main/", "mvnw"));
        assertTrue(problems.stream().anyMatch(p -> p.contains("src/main/")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("node_modules")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains(".git")), problems::toString);
    }

    // ---- rules ----

    static List<String> execEntrypoint(Stage stage) {
        List<String> problems = new ArrayList<>();
        Optional<Instruction> entrypoint = stage.last("ENTRYPOINT");
        if (entrypoint.isEmpty()) {
            problems.add(stage.label() + ": no ENTRYPOINT");
            return problems;
        }
        Optional<List<String>> exec = entrypoint.get().execForm();
        if (exec.isEmpty() || exec.get().isEmpty()) {
            problems.add(stage.label() + " line " + entrypoint.get().line() + ": ENTRYPOINT is not a JSON array, so a"
                    + " shell is PID 1 and SIGTERM does not reach dervisher: " + entrypoint.get().arguments());
        } else if (SHELLS.contains(exec.get().get(0))) {
            problems.add(stage.label() + ": ENTRYPOINT starts a shell (" + exec.get().get(0) + "), not dervisher");
        }
        return problems;
    }

    static List<String> numericNonRootUser(Stage stage) {
        Optional<Instruction> user = stage.last("USER");
        if (user.isEmpty()) {
            return List.of(stage.label() + ": no USER, the image runs as root");
        }
        String uid = user.get().arguments().strip().split(":")[0];
        if (!uid.matches("\\d+")) {
            return List.of(stage.label() + ": USER " + uid + " is not numeric; runAsNonRoot cannot verify a name");
        }
        if (Long.parseLong(uid) == 0) {
            return List.of(stage.label() + ": USER is root (0)");
        }
        return List.of();
    }

    static List<String> nativeBuild(Containerfile file) {
        List<String> problems = new ArrayList<>();
        Stage last = file.finalStage();
        List<String> sources = last.copiesFrom();
        if (sources.isEmpty()) {
            return List.of(last.label() + " copies nothing from a build stage: the executable is not built here");
        }
        boolean built = false;
        for (String source : sources) {
            Optional<Stage> builder = file.stage(source);
            if (builder.isEmpty()) {
                problems.add(last.label() + " copies from " + source + ", which is no stage of this file");
                continue;
            }
            boolean nativeImage = builder.get().image().contains("mandrel") || builder.get().image().contains("graalvm");
            boolean nativeRun = builder.get().all("RUN").stream().map(Instruction::arguments)
                    .anyMatch(run -> run.contains("mvnw") && (run.matches("(?s).*-Dnative(\\s.*|$)")
                            || run.contains("-Dquarkus.native.enabled=true"))
                            && !run.contains("container-build=true"));
            if (nativeImage && nativeRun) {
                built = true;
            } else {
                problems.add(source + " (" + builder.get().image() + ") does not run the native build with a"
                        + " Mandrel/GraalVM native-image (./mvnw … -Dnative)");
            }
        }
        return built ? List.of() : problems;
    }

    static List<String> jvmTarget(Containerfile file) {
        Optional<Stage> jvm = file.stage("jvm");
        if (jvm.isEmpty()) {
            return List.of("no stage named jvm: `--target jvm` builds nothing");
        }
        List<String> problems = new ArrayList<>(execEntrypoint(jvm.get()));
        problems.addAll(numericNonRootUser(jvm.get()));
        if (!jvm.get().image().matches(".*(jre|jdk|openjdk)[-_]?17.*|.*:17[-.].*|.*:17")) {
            problems.add("the jvm stage is not based on a Java 17 runtime: " + jvm.get().image());
        }
        jvm.get().last("ENTRYPOINT").flatMap(Instruction::execForm).ifPresent(command -> {
            if (command.isEmpty() || !command.get(0).endsWith("java")
                    || command.stream().noneMatch(arg -> arg.endsWith("quarkus-run.jar"))) {
                problems.add("the jvm stage does not run java -jar …/quarkus-run.jar: " + command);
            }
        });
        boolean packaged = jvm.get().copiesFrom().stream().map(file::stage).flatMap(Optional::stream)
                .flatMap(stage -> stage.all("RUN").stream()).map(Instruction::arguments)
                .anyMatch(run -> run.contains("mvnw") && run.contains("package") && !run.contains("-Dnative"));
        if (!packaged) {
            problems.add("the jvm stage copies from no stage that runs ./mvnw package (JVM mode)");
        }
        return problems;
    }

    static List<String> noSecrets(Containerfile file) {
        List<String> problems = new ArrayList<>();
        if (ACCESS_KEY_ID.matcher(file.text).find()) {
            problems.add("an AWS access key id is written in the Containerfile");
        }
        file.globalArgs.keySet().stream().filter(arg -> AWS_CREDENTIAL_VARIABLE.matcher(arg).find())
                .forEach(arg -> problems.add("global ARG " + arg + " would put a credential into the build"));
        for (Stage stage : file.stages) {
            for (Instruction instruction : stage.instructions()) {
                boolean setsVariable = instruction.keyword().equals("ENV") || instruction.keyword().equals("ARG");
                if (setsVariable && AWS_CREDENTIAL_VARIABLE.matcher(instruction.arguments()).find()) {
                    problems.add(stage.label() + " line " + instruction.line() + ": " + instruction.keyword() + " "
                            + instruction.arguments() + " bakes a credential into the image or its history");
                }
                boolean copies = instruction.keyword().equals("COPY") || instruction.keyword().equals("ADD");
                if (copies && instruction.arguments().matches("(?s).*(\\.aws|credentials|\\.env)\\b.*")) {
                    problems.add(stage.label() + " line " + instruction.line() + ": copies credentials: "
                            + instruction.arguments());
                }
            }
        }
        return problems;
    }

    static List<String> pinnedImages(Containerfile file) {
        List<String> problems = new ArrayList<>();
        List<String> stageNames = new ArrayList<>();
        for (Stage stage : file.stages) {
            String image = stage.image();
            if (!stageNames.contains(image)) {
                String lastPart = image.substring(image.lastIndexOf('/') + 1);
                if (image.isBlank() || image.contains("$")) {
                    problems.add(stage.label() + ": base image has no default: '" + image + "'");
                } else if (!image.contains("@sha256:") && (!lastPart.contains(":") || lastPart.endsWith(":latest"))) {
                    problems.add(stage.label() + ": base image " + image + " is not pinned to a tag or digest");
                }
            }
            if (stage.name() != null) {
                stageNames.add(stage.name());
            }
        }
        return problems;
    }

    static List<String> buildContext(Containerfile file, Path root) throws IOException {
        Path ignore = root.resolve(".dockerignore");
        if (!Files.exists(ignore)) {
            return List.of("no .dockerignore: target/, node_modules and .git would be sent to the builder");
        }
        List<String> patterns = Files.readAllLines(ignore).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        List<String> sources = new ArrayList<>();
        for (Stage stage : file.stages) {
            for (Instruction copy : stage.all("COPY")) {
                if (copy.arguments().contains("--from=")) {
                    continue;
                }
                List<String> words = new ArrayList<>(List.of(copy.arguments().split("\\s+")));
                words.removeIf(word -> word.startsWith("--"));
                sources.addAll(words.subList(0, words.size() - 1)); // the last word is the destination
            }
        }
        sources = sources.stream().distinct().toList();
        List<String> problems = new ArrayList<>(ignoreProblems(patterns, sources));
        for (String source : sources) {
            if (!Files.exists(root.resolve(source))) {
                problems.add("the Containerfile copies " + source + ", which does not exist");
            }
        }
        return problems;
    }

    /** What a .dockerignore with these patterns gets wrong for a build that copies these sources. */
    static List<String> ignoreProblems(List<String> patterns, List<String> sources) {
        List<String> problems = new ArrayList<>();
        for (String wanted : List.of("target", "node_modules", ".git")) {
            if (patterns.stream().map(ContainerfileTest::bare).noneMatch(wanted::equals)) {
                problems.add(".dockerignore does not exclude " + wanted);
            }
        }
        for (String source : sources) {
            String path = bare(source);
            for (String pattern : patterns) {
                String excluded = bare(pattern);
                boolean anyDepth = pattern.startsWith("**/");
                boolean hit = path.equals(excluded) || path.startsWith(excluded + "/")
                        || anyDepth && ("/" + path + "/").contains("/" + excluded + "/");
                if (hit && !pattern.startsWith("!")) {
                    problems.add(".dockerignore pattern " + pattern + " leaves " + source + " out of the build");
                }
            }
        }
        return problems;
    }

    private static String bare(String pattern) {
        String path = pattern.startsWith("**/") ? pattern.substring(3) : pattern;
        path = path.startsWith("/") ? path.substring(1) : path;
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static Stage stage(String text) {
        return Containerfile.parse(text).finalStage();
    }
}
