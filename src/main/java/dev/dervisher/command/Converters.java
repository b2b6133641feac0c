package dev.dervisher.command;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.dervisher.DervisherException;
import dev.dervisher.aws.Endpoints;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converters that turn bad input, from arguments or configuration alike, into one clear line (exit code 2). */
final class Converters {

    /** The most whirls per minute one process is asked for: 100,000 whirls a second. */
    static final double MAX_RPM = 6_000_000;
    /** The fewest: one whirl every 100 minutes (slower schedules would not fit the pacer's nanosecond clock). */
    static final double MIN_RPM = 0.01;

    private Converters() {
    }

    static final class Rpm implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            BigDecimal rpm;
            try {
                rpm = new BigDecimal(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("RPM must be a positive number of whirls per minute, like 20 or"
                        + " 0.5, not '" + value + "'");
            }
            if (rpm.signum() <= 0 || rpm.doubleValue() < MIN_RPM || rpm.doubleValue() > MAX_RPM) {
                throw new TypeConversionException("RPM must be more than 0, from " + MIN_RPM + " to "
                        + String.format(Locale.ROOT, "%.0f", MAX_RPM) + ", not '" + value + "'");
            }
            return rpm.doubleValue();
        }
    }

    static final class PositiveInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            long number = positive(value);
            if (number > Integer.MAX_VALUE) {
                throw new TypeConversionException("'" + value + "' is too large");
            }
            return (int) number;
        }
    }

    static final class PositiveLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return positive(value);
        }
    }

    private static long positive(String value) {
        try {
            long number = Long.parseLong(value.strip());
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new TypeConversionException("expected a positive whole number, not '" + value + "'");
    }

    /** {@code 90s}, {@code 10m}, {@code 1h}, {@code 500ms}, {@code 2d} or ISO-8601 such as {@code PT1H}. */
    static final class PositiveDuration implements ITypeConverter<Duration> {
        private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");
        private static final Duration MAX_DURATION = Duration.ofDays(365);

        @Override
        public Duration convert(String value) {
            String text = value.strip();
            Duration duration = null;
            Matcher matcher = SHORT.matcher(text.toLowerCase(Locale.ROOT));
            try {
                if (matcher.matches()) {
                    long amount = Long.parseLong(matcher.group(1));
                    duration = switch (matcher.group(2)) {
                        case "ms" -> Duration.ofMillis(amount);
                        case "s" -> Duration.ofSeconds(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        case "h" -> Duration.ofHours(amount);
                        default -> Duration.ofDays(amount);
                    };
                } else if (text.toUpperCase(Locale.ROOT).startsWith("P")) {
                    duration = Duration.parse(text.toUpperCase(Locale.ROOT));
                }
            } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
                duration = null;
            }
            if (duration != null && duration.compareTo(MAX_DURATION) > 0) {
                throw new TypeConversionException("a duration of at most 365 days, not '" + value + "'");
            }
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new TypeConversionException(
                        "expected a positive duration such as 90s, 10m, 1h, 500ms or PT1H, not '" + value + "'");
            }
            return duration;
        }
    }

    static final class StreamName implements ITypeConverter<String> {
        private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9_.-]{1,128}");

        @Override
        public String convert(String value) {
            if (!VALID.matcher(value).matches()) {
                throw new TypeConversionException("a stream name is 1 to 128 of the characters a-z A-Z 0-9 _ . -,"
                        + " not '" + value + "'");
            }
            return value;
        }
    }

    static final class Name implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (value.isBlank() || value.length() > 256) {
                throw new TypeConversionException("NAME must be 1 to 256 characters and not blank, not '" + value
                        + "'");
            }
            return value;
        }
    }

    static final class EndpointUrl implements ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            try {
                return Endpoints.parse(value, "--endpoint-url");
            } catch (DervisherException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class RegionName implements ITypeConverter<String> {
        private static final Pattern VALID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

        @Override
        public String convert(String value) {
            if (!VALID.matcher(value.strip()).matches()) {
                throw new TypeConversionException("expected an AWS region such as us-east-1, not '" + value + "'");
            }
            return value.strip();
        }
    }

    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int port = Integer.parseInt(value.strip());
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException("expected a TCP port from 0 to 65535, not '" + value + "'");
        }
    }
}
