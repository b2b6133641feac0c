package dev.dervisher.aws;

import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** @param status null when the stream does not exist (only in --check) */
public record StreamReport(String stream, StreamStatus status, int openShards) {
}
