package dev.dervisher.aws;

/**
 * What account validation found.
 *
 * @param account the account id, or null when it could not be checked (Kinesis endpoint overridden, no STS endpoint)
 */
public record AccountReport(String account, String region, int shardLimit, int openShards) {

    public int freeShards() {
        return Math.max(0, shardLimit - openShards);
    }
}
