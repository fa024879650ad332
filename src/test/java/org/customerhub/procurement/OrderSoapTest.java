package org.customerhub.procurement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;

import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.ws.WebServiceException;

import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.customerhub.HubClient;
import org.customerhub.broker.SubmittedOrders;
import org.customerhub.TestHub;
import org.customerhub.soap.directsales.AccountUpdate;
import org.customerhub.soap.directsales.ContractOrder;
import org.customerhub.soap.directsales.ObjectFactory;
import org.customerhub.soap.orders.OrderService;
import org.customerhub.soap.orders.SubmitOrder;
import org.customerhub.soap.orders.UpsertAccount;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An ERP's SOAP client generated from OrderService.wsdl upserts a business account and submits an order: both take the
 * direct-sales path into the customer profile, and the order reaches direct sales.
 */
class OrderSoapTest {
    private static HubClient client;
    private static OrderService service;
    private static JAXBContext directSales;

    @BeforeAll
    static void start() throws Exception {
        TestHub hub = TestHub.shared();
        client = hub.client();
        JaxWsProxyFactoryBean factory = new JaxWsProxyFactoryBean();
        factory.setServiceClass(OrderService.class);
        factory.setAddress(hub.soapBase() + "/orders");
        // no demo user has the orders role an ERP would have; the admin may call every service
        factory.setUsername("admin");
        factory.setPassword("admin");
        service = (OrderService) factory.create();
        directSales = JAXBContext.newInstance(ObjectFactory.class);
    }

    @AfterAll
    static void close() throws Exception {
        client.close();
    }

    /** A CRM document of the project's test set, with its ids changed, as the ERP's object. */
    private static <T> T document(String resource, Class<T> type, String... replacements) throws Exception {
        String xml = HubClient.resource(resource);
        for (int i = 0; i < replacements.length; i += 2) {
            xml = xml.replace(replacements[i], replacements[i + 1]);
        }
        return directSales.createUnmarshaller().unmarshal(new StreamSource(new StringReader(xml)), type).getValue();
    }

    @Test
    void anUpsertedAccountAndASubmittedOrderTakeTheDirectSalesPath() throws Exception {
        UpsertAccount upsert = new UpsertAccount();
        upsert.setAccountUpdate(document("directsales/account-update-brennan-surveying.xml", AccountUpdate.class,
                "DS-311870", "DS-990001", "CT-219604", "CT-990001", "pat@brennansurveying", "ines@rothsurvey",
                "Patrick", "Ines", "Brennan", "Roth", "(603) 555-0191", "(603) 555-0177"));
        assertThat(service.upsertAccount(upsert).getMessageId()).isNotBlank();
        assertThat(client.only("key", "directsales:CT-990001").get("affiliations").toString()).contains("DS-990001");

        SubmitOrder submit = new SubmitOrder();
        submit.setContractOrder(document("directsales/contract-order-brennan-surveying.xml", ContractOrder.class,
                "DS-311870", "DS-990001", "CT-219604", "CT-990001", "PB-117", "ERP-4711"));
        assertThat(service.submitOrder(submit).getMessageId()).isNotBlank();
        assertThat(client.only("order", "directsales:ERP-4711").get("sourceKeys").toString()).contains("directsales:CT-990001");

        Message forwarded = client.receive("hub.out.directsales", "HubSubmittedOrder = 'true'", Duration.ofSeconds(15));
        assertThat(forwarded).as("the order forwarded to direct sales").isNotNull();
        String order = ((TextMessage) forwarded).getText();
        assertThat(order).contains("ERP-4711", "CT-990001");
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(Path.of("xsd/channels/directsales.xsd").toFile())
                .newValidator().validate(new StreamSource(new StringReader(order)));
    }

    /**
     * The direct-sales system itself may send a ContractOrder, which is stored, but it cannot mark it as submitted
     * through OrderService to have the hub forward it to the CRM: the broker takes its mark off. An order the ERP then
     * submits over SOAP is the first on the CRM's queue.
     */
    @Test
    void theDirectSalesSystemCannotMarkItsOwnOrderAsSubmitted() throws Exception {
        client.sendText("hub.in.directsales", HubClient.resource("directsales/contract-order-brennan-surveying.xml")
                .replace("DS-311870", "DS-990002").replace("CT-219604", "CT-990002").replace("PB-117", "FORGED-1"),
                Map.of(SubmittedOrders.MARK, "true"));
        assertThat(client.only("order", "directsales:FORGED-1").get("sourceKeys").toString()).contains("directsales:CT-990002");
        SubmitOrder submit = new SubmitOrder();
        submit.setContractOrder(document("directsales/contract-order-brennan-surveying.xml", ContractOrder.class,
                "DS-311870", "DS-990002", "CT-219604", "CT-990002", "PB-117", "ERP-4712"));
        service.submitOrder(submit);
        Message first = client.receive("hub.out.directsales", "HubSubmittedOrder = 'true'", Duration.ofSeconds(15));
        assertThat(first).as("the submitted order on the CRM's queue").isNotNull();
        assertThat(((TextMessage) first).getText()).contains("ERP-4712").doesNotContain("FORGED-1");
    }

    @Test
    void aDocumentTheDirectSalesSchemaRefusesIsAFaultWithTheReason() throws Exception {
        SubmitOrder submit = new SubmitOrder();
        submit.setContractOrder(document("directsales/contract-order-brennan-surveying.xml", ContractOrder.class,
                "DS-311870", "311870"));
        assertThatThrownBy(() -> service.submitOrder(submit)).isInstanceOf(WebServiceException.class)
                .hasMessageContaining("cvc-pattern-valid");
    }

    @Test
    void theWsdlIsServed() throws Exception {
        assertThat(client.getUrl(TestHub.shared().soapBase() + "/orders?wsdl")).contains("submitOrder", "upsertAccount");
    }
}
