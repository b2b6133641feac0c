package dev.dervisher.command;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dervisher.DervisherConfig;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Feeds picocli the configured value of each option and positional parameter ({@code dervisher.*} properties,
 * {@code DERVISHER_*} variables), so that configuration goes through the same conversion and checks as arguments.
 */
@ApplicationScoped
public class ConfigDefaults implements IDefaultValueProvider {

    private final DervisherConfig config;

    public ConfigDefaults(DervisherConfig config) {
        this.config = config;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        String name;
        if (arg instanceof OptionSpec option) {
            if (option.arity().max == 0) {
                return null; // flags: picocli would toggle a configured true; WhirlCommand reads them itself
            }
            name = option.longestName().replaceFirst("^-+", "");
        } else if (arg instanceof PositionalParamSpec positional) {
            name = positional.paramLabel().toLowerCase();
        } else {
            return null;
        }
        return config.option(name).orElse(null);
    }
}
