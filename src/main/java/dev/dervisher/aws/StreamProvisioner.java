package dev.dervisher.aws;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dervisher.DervisherException;
import dev.dervisher.ExitCodes;
import dev.dervisher.Output;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** Finds the stream, or creates it, and waits until it is ACTIVE. */
@ApplicationScoped
public class StreamProvisioner {

    private static final Duration POLL = Duration.ofMillis(500);

    private final KinesisClient kinesis;

    public StreamProvisioner(KinesisClient kinesis) {
        this.kinesis = kinesis;
    }

    /**
     * @param shards the shard count to create the stream with; null to only look (then a missing stream is reported)
     * @param create false to only check: report what a run would do, create nothing
     */
    public StreamReport provision(String stream, Integer shards, Duration waitTimeout, AccountReport account,
            boolean create, Output out) {
        out.info("finding stream " + stream);
        Optional<StreamDescriptionSummary> found = describe(stream);
        if (found.isEmpty()) {
            if (shards != null && shards > account.freeShards()) {
                throw new DervisherException(ExitCodes.STREAM, "cannot create stream " + stream + " with " + shards
                        + " shards: the account has " + account.freeShards() + " of its " + account.shardLimit()
                        + " shards free");
            }
            if (!create) {
                out.info("stream " + stream + " does not exist"
                        + (shards == null ? "" : "; a run would create it with " + shards + " shards"));
                return new StreamReport(stream, null, 0);
            }
            if (shards == null) {
                throw new DervisherException(ExitCodes.USAGE, "stream " + stream + " does not exist: give SHARDS");
            }
            out.info("creating stream " + stream + " with " + shards + " shards");
            create(stream, shards, out);
        } else {
            StreamDescriptionSummary summary = found.get();
            if (summary.streamStatus() == StreamStatus.DELETING) {
                throw new DervisherException(ExitCodes.STREAM,
                        "stream " + stream + " is being deleted: wait until it is gone, or choose another --stream");
            }
            int open = summary.openShardCount() == null ? 0 : summary.openShardCount();
            if (shards != null && open != shards) {
                out.info("stream " + stream + " exists with " + open + " shards, not " + shards
                        + ": carrying on with " + open);
            }
        }
        StreamDescriptionSummary active = create ? awaitActive(stream, waitTimeout) : found.get();
        int openShards = active.openShardCount() == null ? 0 : active.openShardCount();
        out.info("stream " + stream + " is " + active.streamStatusAsString().toLowerCase() + " (" + openShards
                + " shards)");
        return new StreamReport(stream, active.streamStatus(), openShards);
    }

    private void create(String stream, int shards, Output out) {
        try {
            kinesis.createStream(b -> b.streamName(stream).shardCount(shards));
        } catch (ResourceInUseException e) {
            out.info("stream " + stream + " was created meanwhile by someone else: using it");
        } catch (LimitExceededException e) {
            throw new DervisherException(ExitCodes.STREAM,
                    "cannot create stream " + stream + " with " + shards + " shards: " + AwsErrors.describe(e), e);
        } catch (SdkException e) {
            throw new DervisherException(ExitCodes.STREAM,
                    "CreateStream " + stream + " failed: " + AwsErrors.describe(e), e);
        }
    }

    private StreamDescriptionSummary awaitActive(String stream, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            StreamDescriptionSummary summary = describe(stream).orElseThrow(() -> new DervisherException(
                    ExitCodes.STREAM, "stream " + stream + " disappeared while waiting for it to become active"));
            switch (summary.streamStatus()) {
                case ACTIVE:
                    return summary;
                case DELETING:
                    throw new DervisherException(ExitCodes.STREAM, "stream " + stream + " is being deleted");
                default:
                    break;
            }
            if (System.nanoTime() >= deadline) {
                throw new DervisherException(ExitCodes.STREAM, "stream " + stream + " is still "
                        + summary.streamStatusAsString() + " after " + timeout.toString().substring(2).toLowerCase()
                        + " (--wait-timeout)");
            }
            try {
                Thread.sleep(Math.min(POLL.toMillis(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DervisherException(ExitCodes.STREAM, "interrupted while waiting for stream " + stream);
            }
        }
    }

    private Optional<StreamDescriptionSummary> describe(String stream) {
        try {
            return Optional.of(kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new DervisherException(ExitCodes.STREAM,
                    "DescribeStreamSummary " + stream + " failed: " + AwsErrors.describe(e), e);
        }
    }
}
