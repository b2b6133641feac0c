package dev.dervisher.post;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.dervisher.post.FaultProxy.Fault;
import dev.dervisher.post.FaultProxy.Kind;
import dev.dervisher.testing.KinesisLocal;
import dev.dervisher.testing.Runs;
import dev.dervisher.testing.StreamReader;
import dev.dervisher.testing.StreamReader.Read;
import dev.dervisher.testing.Streams;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/** The fault proxy does to the SDK what each fault says, against the real kinesis-local behind it. */
class FaultProxyTest {

    private FaultProxy proxy;
    private KinesisClient client;
    private String stream;

    @BeforeEach
    void start() {
        proxy = FaultProxy.start(KinesisLocal.shared().endpoint());
        client = Streams.client(proxy.endpoint(), false, Duration.ofSeconds(10));
        stream = Runs.uniqueStream("proxy");
        Streams.create(client, stream, 1);
    }

    @AfterEach
    void stop() {
        client.close();
        proxy.close();
        Streams.delete(KinesisLocal.shared().client(), stream);
    }

    @Test
    void controlPlaneCallsPassUntouchedAndAreRecorded() {
        proxy.script(Fault.accessDenied(Fault.FOREVER));
        client.listShards(b -> b.streamName(stream));
        client.describeLimits();
        assertEquals(1, proxy.count("CreateStream"));
        assertTrue(proxy.count("DescribeStreamSummary") >= 1);
        assertEquals(1, proxy.count("ListShards"));
        assertEquals(1, proxy.count("DescribeLimits"));
        assertTrue(proxy.putCalls().isEmpty());
        assertTrue(proxy.scriptLeft(), "a control-plane call takes no step of the script");
    }

    @Test
    void aPartialFailureForwardsOnlyTheEntriesThatSucceedAndReportsTheOthersAtTheirPositions() {
        proxy.script(Fault.partial(1, entries -> Map.of(1, "ProvisionedThroughputExceededException",
                4, "InternalFailure")));
        PutRecordsResponse response = put(8, "k");

        assertEquals(2, response.failedRecordCount());
        List<PutRecordsResultEntry> results = response.records();
        assertEquals(8, results.size());
        for (int i = 0; i < 8; i++) {
            String expected = i == 1 ? "ProvisionedThroughputExceededException" : i == 4 ? "InternalFailure" : null;
            assertEquals(expected, results.get(i).errorCode(), "entry " + i);
            if (expected == null) {
                assertNotNull(results.get(i).sequenceNumber(), "entry " + i);
                assertNotNull(results.get(i).shardId());
            } else {
                assertNull(results.get(i).sequenceNumber());
                assertNotNull(results.get(i).errorMessage());
            }
        }
        List<String> onStream = StreamReader.readAll(KinesisLocal.shared().client(), stream).stream()
                .map(Read::data).toList();
        assertEquals(List.of("r0", "r2", "r3", "r5", "r6", "r7"), onStream,
                "the failed entries never reached the stream, the others did in order");

        FaultProxy.Call call = proxy.putCalls().get(0);
        assertEquals(Kind.PARTIAL, call.fault());
        assertEquals(8, call.entries().size());
        assertEquals(6, call.forwardedEntries().size());
        assertEquals("r1", call.entries().get(1).text());
    }

    @Test
    void allEntriesFailedIsA200WithEveryEntryFailedAndNothingWritten() {
        proxy.script(Fault.allEntriesFailed(1, "ProvisionedThroughputExceededException"));
        PutRecordsResponse response = put(3, "k");
        assertEquals(3, response.failedRecordCount());
        assertTrue(response.records().stream()
                .allMatch(r -> "ProvisionedThroughputExceededException".equals(r.errorCode())));
        assertTrue(StreamReader.readAll(KinesisLocal.shared().client(), stream).isEmpty());
    }

    @Test
    void wholeCallErrorsCarryTheirCodeAndStatus() {
        proxy.script(Fault.throttle(1), Fault.internalError(1), Fault.accessDenied(1));

        KinesisException throttled = assertThrows(KinesisException.class, () -> put(2, "k"));
        assertEquals(400, throttled.statusCode());
        assertEquals("ProvisionedThroughputExceededException", throttled.awsErrorDetails().errorCode());
        assertTrue(throttled.isThrottlingException());

        KinesisException internal = assertThrows(KinesisException.class, () -> put(2, "k"));
        assertEquals(500, internal.statusCode());
        assertEquals("InternalFailure", internal.awsErrorDetails().errorCode());

        KinesisException denied = assertThrows(KinesisException.class, () -> put(2, "k"));
        assertEquals(400, denied.statusCode());
        assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode());
        assertTrue(denied.awsErrorDetails().errorMessage().contains("kinesis:PutRecords"));

        assertTrue(StreamReader.readAll(KinesisLocal.shared().client(), stream).isEmpty());
        put(2, "k");
        assertEquals(2, StreamReader.readAll(KinesisLocal.shared().client(), stream).size(),
                "the script is used up: calls pass again");
    }

    @Test
    void aDropLosesTheCallAndADropAfterForwardLosesOnlyTheAnswer() {
        proxy.script(Fault.drop(2));
        assertInstanceOf(SdkClientException.class, assertThrows(Exception.class, () -> put(2, "a")));
        assertTrue(StreamReader.readAll(KinesisLocal.shared().client(), stream).isEmpty());

        proxy.heal().script(Fault.dropAfterForward(2));
        assertInstanceOf(SdkClientException.class, assertThrows(Exception.class, () -> put(2, "b")));
        List<Read> landed = StreamReader.readAll(KinesisLocal.shared().client(), stream);
        assertTrue(landed.size() >= 2, "the records landed although the caller saw a failure: " + landed.size());
        assertTrue(proxy.resets() >= 2);
    }

    @Test
    void aStalledCallTimesOutOnTheClientAndReachesNothing() {
        proxy.script(Fault.stall(1));
        long started = System.nanoTime();
        assertThrows(ApiCallTimeoutException.class, () -> client.putRecords(b -> b.streamName(stream)
                .records(entries(2, "s")).overrideConfiguration(o -> o.apiCallTimeout(Duration.ofMillis(700)))));
        assertTrue(System.nanoTime() - started >= Duration.ofMillis(600).toNanos());
        assertEquals(Kind.STALL, proxy.putCalls().get(0).fault());
        put(1, "s");
        assertEquals(1, StreamReader.readAll(KinesisLocal.shared().client(), stream).size());
    }

    @Test
    void aDownEndpointRefusesEverythingForItsPeriodThenComesBack() {
        proxy.script(Fault.down(Duration.ofMillis(800), true));
        assertInstanceOf(SdkClientException.class, assertThrows(Exception.class, () -> put(1, "d")));
        assertTrue(proxy.isDown());
        assertInstanceOf(SdkClientException.class,
                assertThrows(Exception.class, () -> client.listShards(b -> b.streamName(stream))),
                "control-plane calls cannot get through either");
        assertTrue(FaultProxy.await(() -> !proxy.isDown(), Duration.ofSeconds(5)));
        // The listener is bound again on the same port.
        assertTrue(FaultProxy.await(() -> {
            try {
                put(1, "d");
                return true;
            } catch (SdkClientException notYet) {
                return false;
            }
        }, Duration.ofSeconds(5)));
        assertEquals(1, StreamReader.readAll(KinesisLocal.shared().client(), stream).size());
    }

    private PutRecordsResponse put(int count, String key) {
        return client.putRecords(b -> b.streamName(stream).records(entries(count, key)));
    }

    private static List<PutRecordsRequestEntry> entries(int count, String key) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(PutRecordsRequestEntry.builder().partitionKey(key + i)
                    .data(SdkBytes.fromString("r" + i, StandardCharsets.UTF_8)).build());
        }
        return entries;
    }
}
