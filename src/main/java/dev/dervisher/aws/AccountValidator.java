package dev.dervisher.aws;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dervisher.DervisherException;
import dev.dervisher.ExitCodes;
import dev.dervisher.Output;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.DescribeLimitsResponse;
import software.amazon.awssdk.services.sts.StsClient;

/** Checks, before anything is created or posted, that the credentials, region, account and Kinesis access work. */
@ApplicationScoped
public class AccountValidator {

    private final AwsClients clients;
    private final AwsSettings settings;
    private final KinesisClient kinesis;
    private final StsClient sts;

    public AccountValidator(AwsClients clients, AwsSettings settings, KinesisClient kinesis, StsClient sts) {
        this.clients = clients;
        this.settings = settings;
        this.kinesis = kinesis;
        this.sts = sts;
    }

    public AccountReport validate(Output out) {
        Map<String, String> environment = System.getenv();
        Region region = clients.region();
        clients.credentials();
        out.info("credentials found");

        Optional<String> kinesisOverride = Endpoints.kinesisOverride(settings.kinesisEndpoint(), environment);
        String account = null;
        if (kinesisOverride.isPresent() && !Endpoints.stsConfigured(environment)) {
            out.info("account not checked in " + region.id() + ": the Kinesis endpoint is " + kinesisOverride.get()
                    + " and no STS endpoint is configured (" + Endpoints.STS + ")");
        } else {
            try {
                account = sts.getCallerIdentity().account();
            } catch (SdkException e) {
                throw new DervisherException(ExitCodes.ACCOUNT,
                        "STS GetCallerIdentity failed in " + region.id() + ": " + AwsErrors.describe(e), e);
            }
            out.info("account " + account + " in " + region.id());
        }

        String where = kinesisOverride.orElse("Kinesis in " + region.id());
        DescribeLimitsResponse limits;
        try {
            limits = kinesis.describeLimits();
        } catch (SdkClientException e) {
            throw new DervisherException(ExitCodes.ACCOUNT, "cannot reach " + where + ": " + AwsErrors.message(e), e);
        } catch (SdkException e) {
            throw new DervisherException(ExitCodes.ACCOUNT,
                    "Kinesis DescribeLimits failed at " + where + ": " + AwsErrors.describe(e), e);
        }
        AccountReport report = new AccountReport(account, region.id(), limits.shardLimit(), limits.openShardCount());
        out.info("kinesis at " + where + ": " + report.openShards() + " of " + report.shardLimit()
                + " shards open, " + report.freeShards() + " free");
        return report;
    }
}
