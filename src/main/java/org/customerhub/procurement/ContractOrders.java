package org.customerhub.procurement;

import java.io.StringWriter;
import java.math.BigDecimal;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.customerhub.canonical.Interaction;
import org.customerhub.canonical.InteractionLine;

/**
 * Writes a procurement order as the direct-sales CRM's ContractOrder. The route validates the result against the
 * CRM's schema, so a value the CRM cannot take (a SKU that is not 6 digits, a currency it does not bill in) refuses
 * the order instead of being bent into shape here.
 */
public final class ContractOrders {
    static final String NAMESPACE = "urn:example:directsales:v1";
    private static final int PRICE_SCALE = 4;

    private final XMLOutputFactory output = XMLOutputFactory.newDefaultFactory();

    /** No unit cost is known for a procurement order: the CRM gets the unit price as cost, i.e. no margin claimed. */
    public String write(String accountId, String contactId, Interaction order) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter writer = output.createXMLStreamWriter(out);
            writer.writeStartDocument("UTF-8", "1.0");
            writer.writeStartElement("ContractOrder");
            writer.writeDefaultNamespace(NAMESPACE);
            element(writer, "accountId", accountId);
            element(writer, "contactId", contactId);
            element(writer, "poNumber", order.getReference());
            element(writer, "orderDate", String.format("%04d-%02d-%02d", order.getAt().getYear(), order.getAt().getMonth(),
                    order.getAt().getDay()));
            writer.writeStartElement("lines");
            for (InteractionLine line : order.getLine()) {
                String price = price(line.getUnitPrice());
                writer.writeStartElement("line");
                element(writer, "sku", line.getSku());
                element(writer, "quantity", String.valueOf(line.getQuantity()));
                element(writer, "contractPrice", price);
                element(writer, "unitCost", price);
                element(writer, "currency", order.getCurrency() == null ? "" : order.getCurrency());
                writer.writeEndElement();
            }
            writer.writeEndElement();
            writer.writeEndElement();
            writer.writeEndDocument();
            writer.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write a ContractOrder", e);
        }
        return out.toString();
    }

    /** Four decimals as the CRM writes prices; a price with more is left as it is and fails validation. */
    private static String price(BigDecimal price) {
        if (price == null) {
            return "";
        }
        return price.scale() <= PRICE_SCALE ? price.setScale(PRICE_SCALE).toPlainString() : price.toPlainString();
    }

    private static void element(XMLStreamWriter writer, String name, String text) throws XMLStreamException {
        writer.writeStartElement(name);
        writer.writeCharacters(text);
        writer.writeEndElement();
    }
}
