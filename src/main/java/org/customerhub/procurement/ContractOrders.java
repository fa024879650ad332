package org.customerhub.procurement;

import java.io.StringWriter;
import java.math.RoundingMode;
import java.util.List;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;


/**
 * Writes a procurement order as the direct-sales CRM's ContractOrder, from lines {@link DirectSalesFit} found to fit
 * (a price has at most 4 decimals, written with exactly 4 as the CRM writes prices). The result is still validated
 * against the CRM's schema before it is sent.
 */
public final class ContractOrders {
    static final String NAMESPACE = "urn:example:directsales:v1";
    private static final int PRICE_SCALE = 4;

    private final XMLOutputFactory output = XMLOutputFactory.newDefaultFactory();

    /** No unit cost is known for a procurement order: the CRM gets the unit price as cost, i.e. no margin claimed. */
    public String write(String accountId, String contactId, String poNumber, String orderDate,
                        List<DirectSalesFit.ContractLine> lines) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter writer = output.createXMLStreamWriter(out);
            writer.writeStartDocument("UTF-8", "1.0");
            writer.writeStartElement("ContractOrder");
            writer.writeDefaultNamespace(NAMESPACE);
            CxmlWriting.element(writer, "accountId", accountId);
            CxmlWriting.element(writer, "contactId", contactId);
            CxmlWriting.element(writer, "poNumber", poNumber);
            CxmlWriting.element(writer, "orderDate", orderDate);
            writer.writeStartElement("lines");
            for (DirectSalesFit.ContractLine line : lines) {
                String price = line.price().setScale(PRICE_SCALE, RoundingMode.UNNECESSARY).toPlainString();
                writer.writeStartElement("line");
                CxmlWriting.element(writer, "sku", line.sku());
                CxmlWriting.element(writer, "quantity", line.quantity().toString());
                CxmlWriting.element(writer, "contractPrice", price);
                CxmlWriting.element(writer, "unitCost", price);
                CxmlWriting.element(writer, "currency", line.currency());
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
}
