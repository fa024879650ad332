package org.customerhub.value;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.customerhub.canonical.Incident;
import org.customerhub.canonical.Interaction;
import org.customerhub.canonical.InteractionLine;

/**
 * The voice of the customer per SKU: units sold, units returned and support cases over a window, each incident's
 * reason code counted. Fed one interaction at a time, so a window of any size streams through.
 */
public final class ProductIncidents {
    private static final Set<String> SALES = Set.of("CATALOGUE_ORDER", "STORE_SALE", "CONTRACT_ORDER", "WEB_ORDER",
            "PROCUREMENT_ORDER");

    private final Map<String, Sku> skus = new TreeMap<>();

    /** One SKU's figures; rates are per unit sold (0 when none was sold in the window). */
    public record Offender(String sku, long unitsSold, long unitsReturned, long supportCases, double returnRate,
                           double supportCaseRate, Map<String, Long> reasons) {
        public double incidentRate() {
            return returnRate + supportCaseRate;
        }
    }

    public void add(String type, Interaction interaction) {
        if ("CANCELLED".equals(interaction.getStatus())) {
            return;
        }
        if (SALES.contains(type)) {
            for (InteractionLine line : interaction.getLine()) {
                if (line.getQuantity() > 0) {
                    sku(line.getSku()).sold += line.getQuantity();
                }
            }
        } else if ("STORE_RETURN".equals(type)) {
            for (InteractionLine line : interaction.getLine()) {
                sku(line.getSku()).returned += Math.abs(line.getQuantity());
            }
        }
        for (Incident incident : interaction.getIncident()) {
            if (incident.getSku() == null) {
                continue;
            }
            Sku sku = sku(incident.getSku());
            if ("SUPPORT_CASE".equals(type)) {
                sku.supportCases++;
            }
            sku.reasons.merge(incident.getCode(), 1L, Long::sum);
        }
    }

    /** The SKUs with an incident, worst first: returns and support cases per unit sold, then by count. */
    public List<Offender> worst(int limit) {
        List<Offender> offenders = new ArrayList<>();
        skus.forEach((code, sku) -> {
            if (sku.returned + sku.supportCases > 0) {
                offenders.add(new Offender(code, sku.sold, sku.returned, sku.supportCases, rate(sku.returned, sku.sold),
                        rate(sku.supportCases, sku.sold), Map.copyOf(sku.reasons)));
            }
        });
        offenders.sort(Comparator.comparingDouble(Offender::incidentRate).reversed()
                .thenComparing(Comparator.comparingLong((Offender o) -> o.unitsReturned() + o.supportCases()).reversed())
                .thenComparing(Offender::sku));
        return offenders.subList(0, Math.min(limit, offenders.size()));
    }

    /** Units sold of a SKU in the window, incidents or not. */
    public long unitsSold(String sku) {
        Sku figures = skus.get(sku);
        return figures == null ? 0 : figures.sold;
    }

    private Sku sku(String code) {
        return skus.computeIfAbsent(code, c -> new Sku());
    }

    private static double rate(long count, long sold) {
        return sold == 0 ? 0 : Math.round(count * 10_000.0 / sold) / 10_000.0;
    }

    private static final class Sku {
        long sold;
        long returned;
        long supportCases;
        final Map<String, Long> reasons = new TreeMap<>();
    }
}
