package org.customerhub.procurement;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * An OrderRequest's order as the buyer typed it, every line with the partner's own part ids, quantity and price as
 * text: what the order desk needs to place it later, kept with a held order.
 */
public record PurchaseOrder(String orderId, String orderDate, String currency, String buyerDomain, String buyerIdentity,
                            List<Line> lines) {
    private static final Pattern DAY = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    /** One ItemOut; quantity and unit price exactly as sent, the currency the line's or else the order's. */
    public record Line(int lineNumber, String quantity, String supplierPartId, String auxiliaryPartId,
                       String manufacturerPartId, String unitPrice, String currency, String description,
                       String unitOfMeasure) {
    }

    /**
     * Reads the order of an OrderRequest element; the order date is the day (yyyy-mm-dd) of its orderDate as the buyer
     * wrote it, else of the document's timestamp; the buyer is the request's From credential (whom confirmations are
     * addressed to).
     */
    static PurchaseOrder read(Element orderRequest, CxmlRequest.Credential buyer) {
        Element header = CxmlReader.child(orderRequest, "OrderRequestHeader").orElseThrow();
        String orderCurrency = CxmlReader.child(header, "Total").flatMap(total -> CxmlReader.child(total, "Money"))
                .map(money -> money.getAttribute("currency").trim()).orElse("");
        String date = day(header.getAttribute("orderDate"))
                .orElse(day(orderRequest.getOwnerDocument().getDocumentElement().getAttribute("timestamp")).orElse(""));
        List<Line> lines = new ArrayList<>();
        int position = 0;
        for (Node node = orderRequest.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (!(node instanceof Element item) || !"ItemOut".equals(item.getLocalName())) {
                continue;
            }
            position++;
            Element id = CxmlReader.child(item, "ItemID").orElse(null);
            Element detail = CxmlReader.child(item, "ItemDetail").orElse(null);
            Element price = detail == null ? null : CxmlReader.child(detail, "UnitPrice")
                    .flatMap(unitPrice -> CxmlReader.child(unitPrice, "Money")).orElse(null);
            String currency = price == null || price.getAttribute("currency").isBlank() ? orderCurrency
                    : price.getAttribute("currency").trim();
            String lineNumber = item.getAttribute("lineNumber").trim();
            lines.add(new Line(lineNumber.matches("[0-9]{1,6}") ? Integer.parseInt(lineNumber) : position,
                    item.getAttribute("quantity").trim(), id == null ? "" : CxmlReader.text(id, "SupplierPartID"),
                    id == null ? "" : CxmlReader.text(id, "SupplierPartAuxiliaryID"),
                    detail == null ? "" : CxmlReader.text(detail, "ManufacturerPartID"),
                    price == null ? "" : price.getTextContent().trim(), currency,
                    detail == null ? "" : CxmlReader.text(detail, "Description"),
                    detail == null ? "" : CxmlReader.text(detail, "UnitOfMeasure")));
        }
        return new PurchaseOrder(header.getAttribute("orderID").trim(), date,
                orderCurrency, buyer == null ? "" : buyer.domain(), buyer == null ? "" : buyer.identity(), List.copyOf(lines));
    }

    private static Optional<String> day(String dateTime) {
        String text = dateTime.trim();
        return text.length() >= 10 && DAY.matcher(text.substring(0, 10)).matches() ? Optional.of(text.substring(0, 10))
                : Optional.empty();
    }
}
