package dev.dervisher.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.dervisher.testing.PrivateKinesisLocalResource;
import dev.dervisher.testing.Runs;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/** A kinesis-local with a 3-shard account limit and streams that take 90 s to create. */
@QuarkusMainTest
@WithTestResource(value = PrivateKinesisLocalResource.class, initArgs = {
        @ResourceArg(name = "SHARD_LIMIT", value = "3"),
        @ResourceArg(name = "CREATE_STREAM_DURATION", value = "90s") })
class StreamLimitsTest {

    @Test
    void refusesUpFrontToCreateMoreShardsThanTheAccountHasFree(QuarkusMainLauncher launcher) {
        String stream = Runs.uniqueStream("too-wide");
        LaunchResult run = launcher.launch("wide", "20", "4", "--stream", stream);
        assertEquals(4, run.exitCode(), run.getOutput());
        assertTrue(run.getOutput().contains("0 of 3 shards open, 3 free"), run.getOutput());
        assertTrue(run.getErrorOutput().contains("cannot create stream " + stream
                + " with 4 shards: the account has 3 of its 3 shards free"), run.getErrorOutput());
        assertFalse(run.getOutput().contains("creating stream"), "refused before CreateStream");
    }

    @Test
    void givesUpOnAStreamThatStaysCreatingPastTheWaitTimeout(QuarkusMainLauncher launcher) {
        String stream = Runs.uniqueStream("slow");
        long started = System.nanoTime();
        LaunchResult run = launcher.launch("slow", "20", "1", "--stream", stream, "--wait-timeout", "2s");
        double seconds = (System.nanoTime() - started) / 1e9;
        assertEquals(4, run.exitCode(), run.getOutput());
        assertTrue(run.getErrorOutput().contains("stream " + stream + " is still CREATING after 2s (--wait-timeout)"),
                run.getErrorOutput());
        assertTrue(seconds < 45, "gave up long before the stream became active: " + seconds + " s");
        assertTrue(Runs.posted(run.getOutputStream()).isEmpty());
    }
}
