package dev.dervisher.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * A real Kinesis API server for tests: the npm package kinesis-local (kinesis-mock), installed on first use into
 * tools/kinesis-local and started on a free port, reached through the loopback address only.
 */
public final class KinesisLocal implements AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "dervisher-test";
    public static final String SECRET_KEY = "dervisher-test-secret";

    private static final String SHARED_PORT = "kinesis-local.shared.port";
    private static KinesisLocal shared;

    private final Process process;
    private final int port;
    private final Path log;
    private KinesisClient client;

    private KinesisLocal(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * One instance for the whole test JVM, stopped when the JVM exits; tests keep apart by stream name. Quarkus
     * loads test classes in class loaders of its own, so the instance is found through a system property, not a
     * static field alone.
     */
    public static KinesisLocal shared() {
        synchronized (System.class) {
            String port = System.getProperty(SHARED_PORT);
            if (shared == null && port != null) {
                shared = new KinesisLocal(null, Integer.parseInt(port), null);
            }
            if (shared == null) {
                KinesisLocal started = start(Map.of());
                Runtime.getRuntime().addShutdownHook(new Thread(started::close));
                System.setProperty(SHARED_PORT, Integer.toString(started.port));
                shared = started;
            }
            return shared;
        }
    }

    /** A private instance, for behaviour shaped by kinesis-mock's variables (SHARD_LIMIT, CREATE_STREAM_DURATION…). */
    public static KinesisLocal start(Map<String, String> settings) {
        Path home = installed();
        try {
            int port = freePort();
            int tlsPort = freePort();
            Path log = Files.createTempFile("kinesis-local-", ".log");
            ProcessBuilder builder = new ProcessBuilder("node", "main.js")
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> environment = builder.environment();
            environment.put("KINESIS_MOCK_PLAIN_PORT", Integer.toString(port));
            environment.put("KINESIS_MOCK_TLS_PORT", Integer.toString(tlsPort));
            environment.put("LOG_LEVEL", "WARN");
            environment.put("AWS_REGION", REGION);
            environment.putAll(settings);
            KinesisLocal local = new KinesisLocal(builder.start(), port, log);
            local.awaitUp(Duration.ofSeconds(60));
            return local;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start kinesis-local: " + e.getMessage(), e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** A client for setting up and reading back streams in tests. */
    public synchronized KinesisClient client() {
        if (client == null) {
            client = Streams.client(endpoint(), true, Duration.ofSeconds(30));
        }
        return client;
    }

    /** Creates a stream and waits until it is ACTIVE. */
    public void createActiveStream(String stream, int shards) {
        Streams.create(client(), stream, shards);
    }

    /**
     * Quarkus configuration that points dervisher, in-process or packaged, at this server: endpoint and region as
     * dervisher properties, test credentials as the SDK's system properties. In-process runs read the SDK's
     * settings from system properties, not from Quarkus configuration, so those are set in this JVM too.
     */
    public Map<String, String> dervisherProperties() {
        Map<String, String> properties = Map.of(
                "dervisher.endpoint-url", endpoint().toString(),
                "dervisher.region", REGION,
                "aws.accessKeyId", ACCESS_KEY,
                "aws.secretAccessKey", SECRET_KEY,
                "aws.disableEc2Metadata", "true");
        properties.forEach((key, value) -> {
            if (key.startsWith("aws.")) {
                System.setProperty(key, value);
            }
        });
        return properties;
    }

    /** Environment variables that point the AWS SDK (and so dervisher) at this server. */
    public Map<String, String> awsEnvironment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        environment.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        environment.put("AWS_REGION", REGION);
        environment.put("AWS_ENDPOINT_URL_KINESIS", endpoint().toString());
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        return environment;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (process == null) {
            return; // attached to the shared instance, owned elsewhere
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void awaitUp(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("kinesis-local exited at start: " + logText());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        close();
        throw new IllegalStateException("kinesis-local did not open port " + port + " in " + limit + ": " + logText());
    }

    private String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** tools/kinesis-local with its npm package installed (runs npm install once). */
    public static synchronized Path installed() {
        Path home = Projects.root().resolve("tools/kinesis-local");
        Path main = home.resolve("node_modules/kinesis-local/main.js");
        if (!Files.exists(main)) {
            try {
                Process npm = new ProcessBuilder("npm", "install", "--no-package-lock", "--no-audit", "--no-fund")
                        .directory(home.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(new File(home.toFile(), "npm-install.log"))
                        .start();
                if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0 || !Files.exists(main)) {
                    throw new IllegalStateException("npm install of kinesis-local failed; see " + home
                            + "/npm-install.log");
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot run npm to install kinesis-local: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return main.getParent();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
