package dev.dervisher.command;

import java.time.Duration;
import java.util.Optional;

import dev.dervisher.DervisherConfig;
import dev.dervisher.DervisherException;
import dev.dervisher.ExitCodes;
import dev.dervisher.post.Delivery;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The delivery engine's tuning properties ({@code dervisher.delivery.*}), checked like options: bad is exit 2. */
final class Tuning {

    private static final int MAX_SENDERS = 64;

    private Tuning() {
    }

    static Delivery.Settings delivery(DervisherConfig.Delivery tuning) {
        int buffer = value("buffer", tuning.buffer(), "10000", new Converters.PositiveInt());
        int senders = value("senders", tuning.senders(), "4", new Converters.PositiveInt());
        if (senders > MAX_SENDERS) {
            throw invalid("senders", "at most " + MAX_SENDERS + ", not " + senders);
        }
        Duration linger = value("linger", tuning.linger(), "50ms", new Converters.PositiveDuration());
        Duration putTimeout = value("put-timeout", tuning.putTimeout(), "30s", new Converters.PositiveDuration());
        return new Delivery.Settings(buffer, senders, linger, putTimeout);
    }

    private static <T> T value(String name, Optional<String> configured, String fallback, ITypeConverter<T> converter) {
        String text = configured.filter(v -> !v.isBlank()).orElse(fallback);
        try {
            return converter.convert(text);
        } catch (TypeConversionException e) {
            throw invalid(name, e.getMessage());
        } catch (Exception e) {
            throw invalid(name, String.valueOf(e.getMessage()));
        }
    }

    private static DervisherException invalid(String name, String problem) {
        return new DervisherException(ExitCodes.USAGE, "dervisher.delivery." + name + " (DERVISHER_DELIVERY_"
                + name.toUpperCase().replace('-', '_') + "): " + problem);
    }
}
