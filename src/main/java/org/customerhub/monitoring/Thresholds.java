package org.customerhub.monitoring;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * What counts as a breach, per channel and procurement partner (config/monitoring.properties): a silence longer than
 * its threshold while its schedule is open, more than a share of failed messages over the last window, or more dead
 * letters than allowed. A source is written channel.&lt;name&gt; or partner.&lt;name&gt;.
 */
public final class Thresholds {
    private static final Set<String> SETTINGS = Set.of("silence", "schedule", "max-error-percent", "max-dead-letters");

    /** One source's limits; an empty one is not watched. */
    public record Limits(Optional<Duration> silence, Schedule schedule, Optional<Double> maxErrorPercent,
                         Optional<Long> maxDeadLetters) {
        static final Limits NONE = new Limits(Optional.empty(), Schedule.ALWAYS, Optional.empty(), Optional.empty());
    }

    private final Map<String, Limits> limits;

    private Thresholds(Map<String, Limits> limits) {
        this.limits = Map.copyOf(limits);
    }

    public static Thresholds parse(Properties properties) {
        Map<String, Limits> limits = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            int cut = key.lastIndexOf('.');
            String setting = cut < 0 ? "" : key.substring(cut + 1);
            String source = cut < 0 ? "" : key.substring(0, cut);
            if (!SETTINGS.contains(setting) || !(source.startsWith("channel.") || source.startsWith("partner."))) {
                throw new IllegalArgumentException("unknown monitoring setting " + key
                        + ": expected channel.<name>.<setting> or partner.<name>.<setting>, setting one of " + SETTINGS);
            }
            String value = properties.getProperty(key).trim();
            Limits old = limits.getOrDefault(source, Limits.NONE);
            limits.put(source, switch (setting) {
                case "silence" -> new Limits(Optional.of(duration(key, value)), old.schedule(), old.maxErrorPercent(), old.maxDeadLetters());
                case "schedule" -> new Limits(old.silence(), Schedule.parse(value), old.maxErrorPercent(), old.maxDeadLetters());
                case "max-error-percent" -> new Limits(old.silence(), old.schedule(), Optional.of(Double.parseDouble(value)), old.maxDeadLetters());
                default -> new Limits(old.silence(), old.schedule(), old.maxErrorPercent(), Optional.of(Long.parseLong(value)));
            });
        }
        return new Thresholds(limits);
    }

    /** 30s, 10m, 2h. */
    static Duration duration(String key, String value) {
        if (value.length() < 2) {
            throw new IllegalArgumentException(key + " = " + value + ": write a duration such as 30s, 10m or 2h");
        }
        long amount = Long.parseLong(value.substring(0, value.length() - 1).trim());
        return switch (value.charAt(value.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> throw new IllegalArgumentException(key + " = " + value + ": write a duration such as 30s, 10m or 2h");
        };
    }

    public Limits of(String source) {
        return limits.getOrDefault(source, Limits.NONE);
    }

    public Set<String> sources() {
        return limits.keySet();
    }
}
