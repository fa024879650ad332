package org.customerhub.procurement;

import java.io.StringWriter;
import java.util.Map;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.customerhub.broker.SubmittedOrders;
import org.customerhub.soap.directsales.ObjectFactory;
import org.customerhub.soap.orders.Accepted;
import org.customerhub.soap.orders.OrderFault;
import org.customerhub.soap.orders.OrderFault_Exception;
import org.customerhub.soap.orders.SubmitOrder;
import org.customerhub.soap.orders.UpsertAccount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations of the OrderService contract (xsd/wsdl/OrderService.wsdl). Their payloads are the direct-sales CRM's
 * own documents, so each is handed to hub.in.directsales and takes exactly the path a CRM message takes: the same
 * checks, mapping and identity resolution. A submitted order is marked to be forwarded to the CRM as well, which the
 * ingest route does in the transaction that stores it. The caller's answer is that the document was taken over.
 */
public final class OrderSoapService {
    /** Message property asking the direct-sales ingest route to forward the order to hub.out.directsales. */
    public static final String SUBMITTED_ORDER = SubmittedOrders.MARK;
    private static final String INBOUND = "jms:queue:hub.in.directsales?exchangePattern=InOnly&includeSentJMSMessageID=true";
    private static final Logger LOG = LoggerFactory.getLogger(OrderSoapService.class);

    private final JAXBContext directSales;
    private final ObjectFactory documents = new ObjectFactory();
    private final ProducerTemplate template;

    public OrderSoapService(ProducerTemplate template) throws JAXBException {
        this.template = template;
        this.directSales = JAXBContext.newInstance(ObjectFactory.class);
    }

    public Accepted submitOrder(SubmitOrder request) throws OrderFault_Exception {
        return handOver(documents.createContractOrder(request.getContractOrder()), Map.of(SUBMITTED_ORDER, "true"),
                "submitOrder");
    }

    public Accepted upsertAccount(UpsertAccount request) throws OrderFault_Exception {
        return handOver(documents.createAccountUpdate(request.getAccountUpdate()), Map.of(), "upsertAccount");
    }

    private Accepted handOver(JAXBElement<?> document, Map<String, Object> properties, String operation)
            throws OrderFault_Exception {
        try {
            StringWriter xml = new StringWriter();
            directSales.createMarshaller().marshal(document, xml);
            Exchange sent = template.send(INBOUND, e -> {
                e.getMessage().setBody(xml.toString());
                e.getMessage().setHeaders(Map.copyOf(properties));
            });
            if (sent.getException() != null) {
                throw sent.getException();
            }
            String messageId = sent.getMessage().getHeader("JMSMessageID", String.class);
            LOG.info("SOAP {} handed to hub.in.directsales as JMS message {}", operation, messageId);
            Accepted accepted = new Accepted();
            accepted.setMessageId(messageId == null ? sent.getExchangeId() : messageId);
            return accepted;
        } catch (Exception e) {
            OrderFault fault = new OrderFault();
            fault.setCode("PROCESSING_FAILED");
            fault.setDetail("the document could not be handed over; send it again");
            throw new OrderFault_Exception(fault.getCode() + ": " + fault.getDetail(), fault, e);
        }
    }

}
