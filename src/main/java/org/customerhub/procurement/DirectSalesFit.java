package org.customerhub.procurement;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether an order fits the direct-sales ContractOrder format (6-digit SKUs, the currencies the CRM bills in, whole
 * positive quantities, prices of at most 4 decimals, a PO number of at most 100 characters), and the contract lines
 * when it does. Every line that does not fit gets its reasons; the order desk settles them.
 */
public final class DirectSalesFit {
    private static final int PRICE_SCALE = 4;
    private static final int MAX_PO_NUMBER = 100;

    /** Why (part of) an order cannot be placed as it is; line is null for the order as a whole. */
    public record Reason(Integer line, String code, String detail) {
    }

    /** A line as the ContractOrder carries it. */
    public record ContractLine(int lineNumber, String sku, BigInteger quantity, BigDecimal price, String currency,
                               boolean converted) {
    }

    public record Outcome(List<ContractLine> lines, List<Reason> reasons) {
        public boolean fits() {
            return reasons.isEmpty();
        }
    }

    private final Set<String> currencies;

    /** currencies: what direct sales bills in. */
    public DirectSalesFit(Set<String> currencies) {
        this.currencies = Set.copyOf(currencies);
    }

    public Set<String> currencies() {
        return currencies;
    }

    /** convertTo, when set, is the currency an admin chose to convert the order's prices to at the configured rate. */
    public Outcome fit(PurchaseOrder order, String partner, PartNumbers parts, CurrencyRates rates, String convertTo) {
        List<Reason> reasons = new ArrayList<>();
        List<ContractLine> lines = new ArrayList<>();
        if (order.orderId().isEmpty() || order.orderId().length() > MAX_PO_NUMBER) {
            reasons.add(new Reason(null, "PO_NUMBER_OUT_OF_FORMAT", "the orderID must have 1 to " + MAX_PO_NUMBER + " characters"));
        }
        if (order.lines().isEmpty()) {
            reasons.add(new Reason(null, "NO_LINES", "the order has no ItemOut"));
        }
        for (PurchaseOrder.Line line : order.lines()) {
            int before = reasons.size();
            Optional<String> sku = parts.sku(partner, line);
            if (sku.isEmpty()) {
                reasons.add(new Reason(line.lineNumber(), "UNMAPPED_PART", "part " + partId(line)
                        + " has no retailer SKU in the part number cross-reference"));
            }
            BigInteger quantity = quantity(line.quantity());
            if (quantity == null) {
                reasons.add(new Reason(line.lineNumber(), "QUANTITY_OUT_OF_FORMAT", "quantity " + line.quantity()
                        + " is not a whole number above zero"));
            }
            BigDecimal price = decimal(line.unitPrice());
            String currency = line.currency();
            boolean converted = false;
            if (convertTo != null && !convertTo.equals(currency) && price != null) {
                Optional<BigDecimal> rate = rates.rate(currency, convertTo);
                if (rate.isEmpty()) {
                    reasons.add(new Reason(line.lineNumber(), "NO_RATE", "no rate " + currency + "." + convertTo
                            + " in the currency rates"));
                } else {
                    price = price.multiply(rate.get()).setScale(PRICE_SCALE, RoundingMode.HALF_UP);
                    currency = convertTo;
                    converted = true;
                }
            }
            if (!currencies.contains(currency)) {
                reasons.add(new Reason(line.lineNumber(), "CURRENCY_NOT_TAKEN", "currency " + (currency.isEmpty() ? "(none)" : currency)
                        + " is not one direct sales bills in (" + String.join(", ", currencies.stream().sorted().toList()) + ")"));
            }
            if (price == null || price.signum() < 0 || price.stripTrailingZeros().scale() > PRICE_SCALE) {
                reasons.add(new Reason(line.lineNumber(), "PRICE_OUT_OF_FORMAT", "unit price " + line.unitPrice()
                        + " is not an amount of at least 0 with at most " + PRICE_SCALE + " decimals"));
            }
            if (reasons.size() == before) {
                lines.add(new ContractLine(line.lineNumber(), sku.orElseThrow(), quantity, price, currency, converted));
            }
        }
        return new Outcome(reasons.isEmpty() ? List.copyOf(lines) : List.of(), List.copyOf(reasons));
    }

    /** The id a person would look the part up by: the SupplierPartID, with its auxiliary id when there is one. */
    static String partId(PurchaseOrder.Line line) {
        String id = line.supplierPartId().isEmpty() ? line.manufacturerPartId() : line.supplierPartId();
        return line.auxiliaryPartId().isEmpty() || line.auxiliaryPartId().equals(id) ? id : id + " (" + line.auxiliaryPartId() + ")";
    }

    private static BigInteger quantity(String text) {
        BigDecimal value = decimal(text);
        if (value == null || value.signum() <= 0) {
            return null;
        }
        try {
            return value.stripTrailingZeros().toBigIntegerExact();
        } catch (ArithmeticException notWhole) {
            return null;
        }
    }

    private static BigDecimal decimal(String text) {
        if (text == null || text.isBlank() || text.length() > 30) {
            return null;
        }
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
