package dev.dervisher.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** Reads a whole stream back with GetRecords, shard by shard, in the order each shard holds its records. */
public final class StreamReader {

    public record Read(String shardId, String partitionKey, String sequenceNumber, String data) {
    }

    private StreamReader() {
    }

    /** Every record of every shard; within a shard in stream order, shards one after the other. */
    public static List<Read> readAll(KinesisClient kinesis, String stream) {
        List<Read> all = new ArrayList<>();
        List<Shard> shards = new ArrayList<>(kinesis.listShards(b -> b.streamName(stream)).shards());
        shards.sort(Comparator.comparing(Shard::shardId));
        for (Shard shard : shards) {
            String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            while (iterator != null) {
                String current = iterator;
                GetRecordsResponse response = kinesis.getRecords(b -> b.shardIterator(current).limit(10_000));
                response.records().forEach(record -> all.add(new Read(shard.shardId(), record.partitionKey(),
                        record.sequenceNumber(), record.data().asString(StandardCharsets.UTF_8))));
                if (response.records().isEmpty() && (response.millisBehindLatest() == null
                        || response.millisBehindLatest() == 0)) {
                    break;
                }
                iterator = response.nextShardIterator();
            }
        }
        return all;
    }
}
