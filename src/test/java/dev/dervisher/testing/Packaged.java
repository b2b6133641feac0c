package dev.dervisher.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The packaged dervisher (the native executable when the build made one, else the runnable jar) as a separate
 * process, with an environment of the test's choosing, its output captured line by line, and real signals.
 */
public final class Packaged implements AutoCloseable {

    private final Process process;
    private final List<String> out = Collections.synchronizedList(new ArrayList<>());
    private final List<String> err = Collections.synchronizedList(new ArrayList<>());
    private final Thread outReader;
    private final Thread errReader;

    private Packaged(Process process) {
        this.process = process;
        this.outReader = pump(process.getInputStream(), out);
        this.errReader = pump(process.getErrorStream(), err);
    }

    /** The command that runs the packaged artifact. */
    public static List<String> command() {
        Path root = Projects.root();
        String nativePath = System.getProperty("native.image.path");
        if (nativePath != null && Files.isExecutable(Path.of(nativePath))) {
            return List.of(nativePath);
        }
        Path jar = root.resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("no packaged dervisher at " + jar + ": run ./mvnw package first");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-jar", jar.toString());
    }

    /**
     * Starts dervisher with exactly this environment (plus PATH and a HOME of its own), nothing inherited, so that
     * no AWS setting of the machine leaks in.
     */
    public static Packaged start(Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(command());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        try {
            builder.environment().put("HOME", Files.createTempDirectory("dervisher-home").toString());
            builder.environment().putAll(environment);
            return new Packaged(builder.start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command + ": " + e.getMessage(), e);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** Sends a real signal ("INT", "TERM", "STOP", "CONT") with kill(1). */
    public void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(process.pid())).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -s " + name + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until a stdout line matches; fails with what was printed when it does not come in time. */
    public String awaitLine(Predicate<String> wanted, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (out) {
                for (String line : out) {
                    if (wanted.test(line)) {
                        return line;
                    }
                }
            }
            if (!process.isAlive()) {
                break;
            }
            sleep(20);
        }
        throw new AssertionError("no such line within " + limit + "; stdout:\n" + String.join("\n", out())
                + "\nstderr:\n" + String.join("\n", err()));
    }

    /** Waits for the exit; returns the exit code, or -1 if it did not end in time (then the process is killed). */
    public int awaitExit(Duration limit) {
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            outReader.join(5_000);
            errReader.join(5_000);
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public List<String> out() {
        synchronized (out) {
            return List.copyOf(out);
        }
    }

    public List<String> err() {
        synchronized (err) {
            return List.copyOf(err);
        }
    }

    public String describe() {
        return "stdout:\n" + String.join("\n", out()) + "\nstderr:\n" + String.join("\n", err());
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private static Thread pump(InputStream stream, List<String> lines) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
