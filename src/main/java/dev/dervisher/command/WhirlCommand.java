package dev.dervisher.command;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.dervisher.DervisherConfig;
import dev.dervisher.DervisherException;
import dev.dervisher.ExitCodes;
import dev.dervisher.Output;
import dev.dervisher.aws.AccountReport;
import dev.dervisher.aws.AccountValidator;
import dev.dervisher.aws.AwsSettings;
import dev.dervisher.aws.Endpoints;
import dev.dervisher.aws.StreamProvisioner;
import dev.dervisher.ops.OpsServer;
import dev.dervisher.post.Delivery;
import dev.dervisher.whirl.PartitionKeyPolicy;
import dev.dervisher.whirl.RunSummary;
import dev.dervisher.whirl.WhirlPlan;
import dev.dervisher.whirl.Whirler;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@TopCommand
@Command(name = "dervisher", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
                "Whirls a steady stream of realistic application events into an AWS Kinesis Data Stream: validates "
                        + "the account, finds or creates the stream, then whirls RPM units of work a minute until "
                        + "a signal, --whirls or --duration stops it.",
                "Every argument and option is also the property dervisher.<name> (application.properties) and the "
                        + "environment variable DERVISHER_<NAME>, e.g. DERVISHER_RPM, DERVISHER_WAIT_TIMEOUT. "
                        + "AWS settings come from the SDK's own chains: AWS_PROFILE, AWS_REGION, "
                        + "AWS_ENDPOINT_URL_KINESIS, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL." },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:done",
                "1:anything unexpected",
                "2:bad usage or input (found before any AWS call)",
                "3:credentials, region, endpoint or account invalid or unreachable",
                "4:stream cannot be provisioned (limit, timeout, deleting, permission)",
                "5:events could not be delivered" })
public class WhirlCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", converter = Converters.Name.class,
            description = "The dervisher's name, the events' 'name'.")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "RPM", converter = Converters.Rpm.class,
            description = "Whirls per minute, a positive decimal from 0.01 to 6000000 (0.5, 20, 60000).")
    Double rpm;

    @Parameters(index = "2", arity = "0..1", paramLabel = "SHARDS", converter = Converters.PositiveInt.class,
            description = "Shards of the stream if it has to be created.")
    Integer shards;

    @Option(names = "--stream", defaultValue = "dervish", paramLabel = "STREAM",
            converter = Converters.StreamName.class,
            description = "Kinesis stream name. Default: ${DEFAULT-VALUE}.")
    String stream;

    @Option(names = "--env", defaultValue = "dev", paramLabel = "ENV",
            description = "The events' 'env'. Default: ${DEFAULT-VALUE}.")
    String env;

    @Option(names = "--whirls", paramLabel = "N", converter = Converters.PositiveLong.class,
            description = "Stop after N whirls.")
    Long whirls;

    @Option(names = "--duration", paramLabel = "DURATION", converter = Converters.PositiveDuration.class,
            description = "Stop after this long: 90s, 10m, 1h, PT1H.")
    Duration duration;

    @Option(names = "--seed", paramLabel = "SEED",
            description = "Same seed, same sequence of words, counts, ids and keys. Default: random, printed.")
    Long seed;

    @Option(names = "--partition-key", defaultValue = "uow", paramLabel = "POLICY",
            description = "uow: all events of a unit of work on one shard, in order; random: a UUID per event."
                    + " Default: ${DEFAULT-VALUE}.")
    PartitionKeyPolicy partitionKey;

    @Option(names = "--pretty", description = "Indent the JSON of each event (posted and printed alike).")
    boolean pretty;

    @Option(names = "--quiet", description = "No per-event lines; a progress line every 10 s instead.")
    boolean quiet;

    @Option(names = "--region", paramLabel = "REGION", converter = Converters.RegionName.class,
            description = "AWS region. Default: the SDK's chain.")
    String region;

    @Option(names = "--endpoint-url", paramLabel = "URL", converter = Converters.EndpointUrl.class,
            description = "Kinesis endpoint. Default: AWS_ENDPOINT_URL_KINESIS, AWS_ENDPOINT_URL, or AWS's own.")
    URI endpointUrl;

    @Option(names = "--wait-timeout", defaultValue = "5m", paramLabel = "DURATION",
            converter = Converters.PositiveDuration.class,
            description = "How long to wait for the stream to become ACTIVE. Default: ${DEFAULT-VALUE}.")
    Duration waitTimeout;

    @Option(names = "--flush-timeout", defaultValue = "30s", paramLabel = "DURATION",
            converter = Converters.PositiveDuration.class,
            description = "How long to wait, on stop, for buffered events to be delivered. Default: ${DEFAULT-VALUE}.")
    Duration flushTimeout;

    @Option(names = "--check", description = "Validate account and stream, print the findings, post nothing.")
    boolean check;

    @Option(names = "--log-format", defaultValue = "text", paramLabel = "FORMAT",
            description = "text or json (one JSON object per line). Default: ${DEFAULT-VALUE}.")
    Output.Format logFormat;

    @Option(names = "--http-port", paramLabel = "PORT", converter = Converters.Port.class,
            description = "Serve /health/live, /health/ready and /metrics on this port (0: any free port).")
    Integer httpPort;

    private final AwsSettings awsSettings;
    private final AccountValidator accountValidator;
    private final StreamProvisioner streamProvisioner;
    private final Whirler whirler;
    private final OpsServer opsServer;
    private final DervisherConfig config;
    private Output output;

    public WhirlCommand(AwsSettings awsSettings, AccountValidator accountValidator,
            StreamProvisioner streamProvisioner, Whirler whirler, OpsServer opsServer, DervisherConfig config) {
        this.config = config;
        this.opsServer = opsServer;
        this.awsSettings = awsSettings;
        this.accountValidator = accountValidator;
        this.streamProvisioner = streamProvisioner;
        this.whirler = whirler;
    }

    @Override
    public Integer call() throws InterruptedException {
        pretty |= configuredFlag("pretty");
        quiet |= configuredFlag("quiet");
        check |= configuredFlag("check");
        if (!check && (name == null || rpm == null || shards == null)) {
            throw new ParameterException(spec.commandLine(), "Required: [name] [rpm] [shards]");
        }
        output = new Output(spec.commandLine().getOut(), spec.commandLine().getErr(), logFormat);
        Delivery.Settings deliveryTuning = Tuning.delivery(config.delivery());
        Endpoints.checkEnvironment(System.getenv());
        awsSettings.configure(Optional.ofNullable(region), Optional.ofNullable(endpointUrl));
        if (httpPort != null) {
            output.info("health and metrics on port " + opsServer.start(httpPort)
                    + ": /health/live, /health/ready, /metrics");
        }

        output.info(check ? "checking account and stream " + stream
                : "a dervisher starts whirling at " + number(rpm) + " rpm");
        AccountReport account = accountValidator.validate(output);
        streamProvisioner.provision(stream, shards, waitTimeout, account, !check, output);
        if (check) {
            output.info("check passed");
            return ExitCodes.DONE;
        }

        long runSeed = seed != null ? seed : new SecureRandom().nextLong();
        output.info("whirling " + name + " into stream " + stream + " (seed " + runSeed + ", partition key "
                + partitionKey.name().toLowerCase(Locale.ROOT) + ")");
        WhirlPlan plan = new WhirlPlan(name, env, rpm, stream, partitionKey, runSeed, pretty, quiet,
                whirls == null ? 0 : whirls, duration, flushTimeout, deliveryTuning);
        RunSummary summary = whirler.run(plan, output);
        output.info(summary.line());
        if (summary.failure() != null) {
            throw summary.failure();
        }
        return ExitCodes.DONE;
    }

    /** Where this command prints, once it has started; the failure handler prints there too. */
    Output output() {
        return output;
    }

    /** A flag set in the configuration (dervisher.quiet=true, DERVISHER_QUIET=true); the command line can only add. */
    private boolean configuredFlag(String flag) {
        String value = config.option(flag).map(String::strip).orElse("false");
        if (value.isEmpty() || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw new ParameterException(spec.commandLine(), "dervisher." + flag + " (DERVISHER_"
                + flag.toUpperCase(Locale.ROOT) + ") is true or false, not '" + value + "'");
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%s", value);
    }
}
