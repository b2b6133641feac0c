package dev.dervisher.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * A TEST DOUBLE of AWS STS (GetCallerIdentity only), on loopback: no local STS server exists to test against, and
 * kinesis-local serves Kinesis alone. It answers as STS's query protocol does, either with an identity or with a
 * 403 InvalidClientTokenId.
 */
public final class FakeSts implements AutoCloseable {

    public static final String ACCOUNT = "123456789012";

    private final HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();

    private FakeSts(boolean deny) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/", exchange -> {
            calls.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            String body = deny
                    ? "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code>"
                            + "<Message>The security token included in the request is invalid.</Message></Error>"
                            + "<RequestId>fake-1</RequestId></ErrorResponse>"
                    : "<GetCallerIdentityResponse><GetCallerIdentityResult>"
                            + "<Arn>arn:aws:iam::" + ACCOUNT + ":user/dervisher</Arn><UserId>AIDAFAKE</UserId>"
                            + "<Account>" + ACCOUNT + "</Account></GetCallerIdentityResult>"
                            + "<ResponseMetadata><RequestId>fake-1</RequestId></ResponseMetadata>"
                            + "</GetCallerIdentityResponse>";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            exchange.sendResponseHeaders(deny ? 403 : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    public static FakeSts answering() throws IOException {
        return new FakeSts(false);
    }

    public static FakeSts denying() throws IOException {
        return new FakeSts(true);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public int calls() {
        return calls.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
