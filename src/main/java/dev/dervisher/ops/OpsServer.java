package dev.dervisher.ops;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.dervisher.DervisherException;
import dev.dervisher.ExitCodes;
import dev.dervisher.whirl.Whirler;

/**
 * The sidecar's optional HTTP port (--http-port): {@code /health/live}, {@code /health/ready} and {@code /metrics}.
 * The JDK's own small HTTP server: nothing starts unless the option is given, so the CLI's start time pays nothing.
 */
@ApplicationScoped
public class OpsServer {

    private final Whirler whirler;
    private HttpServer server;

    public OpsServer(Whirler whirler) {
        this.whirler = whirler;
    }

    /** Starts serving on all interfaces (probes come from outside the pod); returns the port bound. */
    public synchronized int start(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress(port), 16);
        } catch (IOException e) {
            throw new DervisherException(ExitCodes.USAGE, "cannot serve health and metrics on port " + port + ": "
                    + e.getMessage());
        }
        server.setExecutor(Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "dervisher-http");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/health/live", exchange -> health(exchange, true));
        server.createContext("/health/ready", exchange -> health(exchange, false));
        server.createContext("/metrics", exchange -> respond(exchange, 200, "text/plain; version=0.0.4",
                Metrics.render(whirler.current())));
        server.start();
        return server.getAddress().getPort();
    }

    private void health(HttpExchange exchange, boolean liveness) {
        Health health = Health.of(whirler.current());
        boolean up = liveness ? health.live() : health.ready();
        String body = "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"reason\":\"" + health.reason() + "\"}";
        respond(exchange, up ? 200 : 503, "application/json", body);
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
