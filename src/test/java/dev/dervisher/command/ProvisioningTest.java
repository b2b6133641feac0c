package dev.dervisher.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.dervisher.testing.KinesisLocal;
import dev.dervisher.testing.KinesisLocalResource;
import dev.dervisher.testing.Runs;
import dev.dervisher.testing.StreamReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** Account validation and stream provisioning against kinesis-local. */
@QuarkusMainTest
@WithTestResource(KinesisLocalResource.class)
class ProvisioningTest {

    private final KinesisClient kinesis = KinesisLocal.shared().client();

    @Test
    void createsAMissingStreamWithTheShardsAskedForAndWaitsUntilActive(QuarkusMainLauncher launcher) {
        String stream = Runs.uniqueStream("new");
        LaunchResult run = launcher.launch("nova", "600", "3", "--stream", stream, "--whirls", "1");
        assertEquals(0, run.exitCode(), run.getErrorOutput());
        List<String> lines = run.getOutputStream();
        assertEquals("a dervisher starts whirling at 600 rpm", lines.get(0));
        assertTrue(lines.contains("account not checked in us-east-1: the Kinesis endpoint is "
                + KinesisLocal.shared().endpoint() + " and no STS endpoint is configured (AWS_ENDPOINT_URL_STS)"),
                run.getOutput());
        assertTrue(lines.contains("finding stream " + stream));
        assertTrue(lines.contains("creating stream " + stream + " with 3 shards"));
        assertTrue(lines.contains("stream " + stream + " is active (3 shards)"), run.getOutput());
        StreamDescriptionSummary summary = describe(stream);
        assertEquals(StreamStatus.ACTIVE, summary.streamStatus());
        assertEquals(3, summary.openShardCount());
    }

    @Test
    void carriesOnWithAnExistingStreamOfAnotherShardCount(QuarkusMainLauncher launcher) {
        String stream = Runs.uniqueStream("existing");
        KinesisLocal.shared().createActiveStream(stream, 1);
        LaunchResult run = launcher.launch("exi", "600", "4", "--stream", stream, "--whirls", "2");
        assertEquals(0, run.exitCode(), run.getErrorOutput());
        assertFalse(run.getOutput().contains("creating stream"));
        assertTrue(run.getOutput().contains("stream " + stream + " exists with 1 shards, not 4: carrying on with 1"),
                run.getOutput());
        assertEquals(1, describe(stream).openShardCount());
        assertEquals(Runs.posted(run.getOutputStream()).size(), StreamReader.readAll(kinesis, stream).size());
    }

    @Test
    void checkReportsWithoutCreatingOrPosting(QuarkusMainLauncher launcher) {
        String missing = Runs.uniqueStream("check-missing");
        LaunchResult absent = launcher.launch("--check", "--stream", missing);
        assertEquals(0, absent.exitCode(), absent.getErrorOutput());
        assertTrue(absent.getOutput().contains("stream " + missing + " does not exist"), absent.getOutput());
        assertThrows(ResourceNotFoundException.class, () -> describe(missing));

        String present = Runs.uniqueStream("check-present");
        KinesisLocal.shared().createActiveStream(present, 1);
        LaunchResult found = launcher.launch("chk", "20", "1", "--check", "--stream", present);
        assertEquals(0, found.exitCode(), found.getErrorOutput());
        assertTrue(found.getOutput().contains("stream " + present + " is active (1 shards)"));
        assertTrue(found.getOutput().contains("check passed"));
        assertTrue(Runs.posted(found.getOutputStream()).isEmpty());
        assertTrue(StreamReader.readAll(kinesis, present).isEmpty(), "--check posts nothing");
    }

    @Test
    void anEndpointThatDoesNotAnswerIsAnAccountFailure(QuarkusMainLauncher launcher) {
        int closed = KinesisLocal.freePort();
        LaunchResult run = launcher.launch("nobody", "20", "1", "--endpoint-url", "http://127.0.0.1:" + closed);
        assertEquals(3, run.exitCode(), run.getOutput());
        assertTrue(run.getErrorOutput().contains("cannot reach http://127.0.0.1:" + closed), run.getErrorOutput());
        assertFalse(run.getErrorOutput().contains("\tat "), "no stack trace");
    }

    private StreamDescriptionSummary describe(String stream) {
        return kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary();
    }
}
