package org.customerhub.procurement;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The part number cross-reference of config/part-numbers.properties: a partner's part id to the retailer's 6-digit SKU,
 * {@code <partner>.<field>.<part id> = <sku>}, where field is the cXML element the id comes in and {@code default}
 * in place of a partner name applies to every partner. A partner's own entry wins over the default.
 */
public final class PartNumbers {
    /** The scope of entries that apply to every partner. */
    public static final String DEFAULT = "default";
    /** The cXML elements a part id is looked up by, in this order. */
    public static final List<String> FIELDS = List.of("SupplierPartID", "SupplierPartAuxiliaryID", "ManufacturerPartID");
    private static final Pattern SKU = Pattern.compile("[0-9]{6}");
    private static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9_-]{1,60}");

    private final Map<String, String> skus;

    private PartNumbers(Map<String, String> skus) {
        this.skus = Map.copyOf(skus);
    }

    public static PartNumbers load(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new PartNumbers(Map.of());
        }
        try (Reader reader = Files.newBufferedReader(file)) {
            return parse(reader);
        }
    }

    /** Refuses a file with an entry that names no known field or maps to something that is no 6-digit SKU. */
    public static PartNumbers parse(Reader settings) throws IOException {
        Properties properties = new Properties();
        properties.load(settings);
        Map<String, String> skus = new HashMap<>();
        for (String key : properties.stringPropertyNames()) {
            String[] parts = key.split("\\.", 3);
            if (parts.length != 3 || !SCOPE.matcher(parts[0]).matches() || !FIELDS.contains(parts[1]) || parts[2].isBlank()) {
                throw new IllegalArgumentException("part number entry " + key
                        + ": write <partner or default>.<SupplierPartID|SupplierPartAuxiliaryID|ManufacturerPartID>.<part id>");
            }
            String sku = properties.getProperty(key).trim();
            if (!SKU.matcher(sku).matches()) {
                throw new IllegalArgumentException("part number entry " + key + ": the SKU must be 6 digits");
            }
            skus.put(key, sku);
        }
        return new PartNumbers(skus);
    }

    /**
     * The retailer SKU of an order line: the partner's entry, then the default, for each of the line's ids in the
     * order of {@link #FIELDS}; else the SupplierPartID itself when it already is a SKU.
     */
    public Optional<String> sku(String partner, PurchaseOrder.Line line) {
        String[] ids = {line.supplierPartId(), line.auxiliaryPartId(), line.manufacturerPartId()};
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == null || ids[i].isBlank()) {
                continue;
            }
            for (String scope : new String[] {partner, DEFAULT}) {
                String sku = skus.get(scope + "." + FIELDS.get(i) + "." + ids[i].trim());
                if (sku != null) {
                    return Optional.of(sku);
                }
            }
        }
        return Optional.ofNullable(line.supplierPartId()).map(String::trim).filter(id -> SKU.matcher(id).matches());
    }

    /** Whether a value can be the SKU of an entry. */
    public static boolean isSku(String value) {
        return value != null && SKU.matcher(value).matches();
    }

    /** Whether a value can be the scope of an entry (a partner name or default). */
    public static boolean isScope(String value) {
        return value != null && SCOPE.matcher(value).matches();
    }

    /** One entry as a line of the file, its key escaped as properties files need (a part id may hold ':' or '='). */
    public static String entry(String scope, String field, String partId, String sku) {
        Properties one = new Properties();
        one.setProperty(scope + "." + field + "." + partId, sku);
        StringWriter out = new StringWriter();
        try {
            one.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> lines = out.toString().lines().filter(line -> !line.startsWith("#")).toList();
        String line = lines.get(0);
        // the value is the SKU: the separator is the '=' before it, an escaped one inside the key stays as it is
        return line.substring(0, line.length() - sku.length() - 1) + " = " + sku;
    }
}
