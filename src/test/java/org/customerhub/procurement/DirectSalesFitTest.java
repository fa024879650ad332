package org.customerhub.procurement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Whether an order fits the direct-sales format, line by line, with the cross-reference and the rates. */
class DirectSalesFitTest {
    private static final DirectSalesFit FIT = new DirectSalesFit(Set.of("USD", "CAD"));

    private static PartNumbers parts(String text) throws Exception {
        return PartNumbers.parse(new StringReader(text));
    }

    private static CurrencyRates rates(String text) throws Exception {
        return CurrencyRates.parse(new StringReader(text));
    }

    private static PurchaseOrder.Line line(int number, String quantity, String supplierPart, String manufacturerPart,
                                           String price, String currency) {
        return new PurchaseOrder.Line(number, quantity, supplierPart, "", manufacturerPart, price, currency, "", "EA");
    }

    private static PurchaseOrder order(PurchaseOrder.Line... lines) {
        return new PurchaseOrder("PO-1", "2026-03-02", "USD", "NetworkId", "buyer", List.of(lines));
    }

    private static List<String> codes(DirectSalesFit.Outcome outcome) {
        return outcome.reasons().stream().map(reason -> reason.line() + ":" + reason.code()).toList();
    }

    @Test
    void aPartnersEntryWinsOverTheDefaultAndASixDigitPartIsASku() throws Exception {
        PartNumbers parts = parts("""
                default.SupplierPartID.product\\:1861 = 111111
                coupa.SupplierPartID.product\\:1861 = 222222
                default.ManufacturerPartID.NAL-2089 = 333333
                """);
        assertThat(parts.sku("coupa", line(1, "1", "product:1861", "", "1", "USD"))).contains("222222");
        assertThat(parts.sku("ariba", line(1, "1", "product:1861", "", "1", "USD"))).contains("111111");
        assertThat(parts.sku("ariba", line(1, "1", "1233244", "NAL-2089", "1", "USD"))).contains("333333");
        assertThat(parts.sku("ariba", line(1, "1", "418220", "", "1", "USD"))).contains("418220");
        assertThat(parts.sku("ariba", line(1, "1", "1233244", "", "1", "USD"))).isEmpty();
    }

    @Test
    void eachLineGetsItsOwnReasons() throws Exception {
        DirectSalesFit.Outcome outcome = FIT.fit(order(line(1, "2.5", "418220", "", "3.00", "USD"),
                line(2, "1", "product:9", "", "3.00", "USD"), line(3, "1", "418220", "", "1.123456", "USD"),
                line(4, "1", "418220", "", "3", "EUR"), line(5, "0", "418220", "", "-1", "USD")),
                "coupa", parts(""), rates(""), null);
        assertThat(outcome.fits()).isFalse();
        assertThat(codes(outcome)).containsExactly("1:QUANTITY_OUT_OF_FORMAT", "2:UNMAPPED_PART", "3:PRICE_OUT_OF_FORMAT",
                "4:CURRENCY_NOT_TAKEN", "5:QUANTITY_OUT_OF_FORMAT", "5:PRICE_OUT_OF_FORMAT");
        assertThat(outcome.lines()).isEmpty();
    }

    @Test
    void aConvertedOrderIsPricedAtTheRateToFourDecimals() throws Exception {
        PurchaseOrder euros = order(line(10, "10", "418220", "", "7.945", "EUR"), line(20, "2.000", "530017", "", "12.5", "EUR"));
        assertThat(codes(FIT.fit(euros, "ariba", parts(""), rates(""), "USD"))).containsExactly("10:NO_RATE", "10:CURRENCY_NOT_TAKEN", "20:NO_RATE", "20:CURRENCY_NOT_TAKEN");
        DirectSalesFit.Outcome outcome = FIT.fit(euros, "ariba", parts(""), rates("EUR.USD = 1.0830"), "USD");
        assertThat(outcome.fits()).isTrue();
        assertThat(outcome.lines()).extracting(line -> line.price().toPlainString()).containsExactly("8.6044", "13.5375");
        assertThat(outcome.lines()).extracting(line -> line.quantity().intValue()).containsExactly(10, 2);
        assertThat(outcome.lines()).allMatch(line -> line.converted() && line.currency().equals("USD"));
    }

    @Test
    void aPoNumberLongerThanTheFormatHoldsTheOrder() throws Exception {
        PurchaseOrder order = new PurchaseOrder("P".repeat(101), "2026-03-02", "USD", "", "",
                List.of(line(1, "1", "418220", "", "1", "USD")));
        assertThat(codes(FIT.fit(order, "coupa", parts(""), rates(""), null))).containsExactly("null:PO_NUMBER_OUT_OF_FORMAT");
    }

    @Test
    void badEntriesAndRatesAreRefusedAndAnEntryIsWrittenEscaped() throws Exception {
        assertThatThrownBy(() -> parts("coupa.PartNumber.x = 123456")).hasMessageContaining("SupplierPartID");
        assertThatThrownBy(() -> parts("coupa.SupplierPartID.x = 12345")).hasMessageContaining("6 digits");
        assertThatThrownBy(() -> rates("EUR.USD = -1")).hasMessageContaining("above zero");
        assertThatThrownBy(() -> rates("EURO = 1")).hasMessageContaining("FROM.TO");
        String injected = PartNumbers.entry("coupa", "SupplierPartID", "x\ndefault.SupplierPartID.y = 999999\n#", "530017");
        assertThat(injected).doesNotContain("\n");
        assertThat(parts(injected).sku("coupa", line(1, "1", "y", "", "1", "USD"))).isEmpty();
        String entry = PartNumbers.entry("coupa", "SupplierPartID", "product:1861 = big", "530017");
        assertThat(parts(entry).sku("coupa", line(1, "1", "product:1861 = big", "", "1", "USD"))).contains("530017");
    }
}
