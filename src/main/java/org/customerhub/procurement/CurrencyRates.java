package org.customerhub.procurement;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The rates of config/currency-rates.properties the order desk converts a held order at: {@code EUR.USD = 1.0830}
 * means one euro is 1.0830 dollars. Only the direction written is known; nothing is inverted or chained.
 */
public final class CurrencyRates {
    private static final Pattern PAIR = Pattern.compile("[A-Z]{3}\\.[A-Z]{3}");

    private final Map<String, BigDecimal> rates;

    private CurrencyRates(Map<String, BigDecimal> rates) {
        this.rates = Map.copyOf(rates);
    }

    public static CurrencyRates load(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new CurrencyRates(Map.of());
        }
        try (Reader reader = Files.newBufferedReader(file)) {
            return parse(reader);
        }
    }

    public static CurrencyRates parse(Reader settings) throws IOException {
        Properties properties = new Properties();
        properties.load(settings);
        Map<String, BigDecimal> rates = new HashMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (!PAIR.matcher(key).matches()) {
                throw new IllegalArgumentException("currency rate " + key + ": write FROM.TO = rate, e.g. EUR.USD = 1.0830");
            }
            BigDecimal rate;
            try {
                rate = new BigDecimal(properties.getProperty(key).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("currency rate " + key + " is not a number");
            }
            if (rate.signum() <= 0) {
                throw new IllegalArgumentException("currency rate " + key + " must be above zero");
            }
            rates.put(key, rate);
        }
        return new CurrencyRates(rates);
    }

    public Optional<BigDecimal> rate(String from, String to) {
        return Optional.ofNullable(rates.get(from + "." + to));
    }
}
