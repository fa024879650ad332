package org.customerhub.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import jakarta.xml.ws.WebServiceException;

import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.customerhub.canonical.Customer;
import org.customerhub.soap.customers.CustomerFault_Exception;
import org.customerhub.soap.customers.CustomerService;
import org.customerhub.soap.customers.FindCustomers;
import org.customerhub.soap.customers.GetCustomer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A SOAP client generated from the served WSDL by cxf-codegen calls both operations of CustomerService as the demo agent. */
class CustomerSoapTest {
    private static TestHub hub;
    private static CustomerService service;
    private static String hubId;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.shared();
        try (HubClient client = hub.client()) {
            // a web account, card and person of this class alone: the sample is another class's customer
            new Ingest(hub, client).sendText("web", HubClient.resource("web/support-case-farrow.xml").replace("U30940263", "U30940299")
                    .replace("7120094478", "7120094499").replace("11036f8d-7013-4caa-85b5-a23c9ea6ebaa", "11036f8d-7013-4caa-85b5-a23c9ea6eb99")
                    .replace("wfarrow", "wfarlow").replace("Farrow", "Farlow").replace("58 Lowell", "64 Lowell")
                    .replace("CS-0061734", "CS-0061799"), Map.of());
            hubId = client.only("key", "web:U30940299").get("hubId").asText();
        }
        JaxWsProxyFactoryBean factory = new JaxWsProxyFactoryBean();
        factory.setServiceClass(CustomerService.class);
        factory.setAddress(hub.soapBase() + "/customers");
        factory.setUsername("agent");
        factory.setPassword("agent");
        service = (CustomerService) factory.create();
    }

    @Test
    void theWsdlIsServed() throws Exception {
        HttpResponse<String> wsdl = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(hub.soapBase() + "/customers?wsdl")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wsdl.statusCode()).isEqualTo(200);
        assertThat(wsdl.body()).contains("CustomerService", "getCustomer", "findCustomers", "urn:customerhub:canonical:1");
    }

    @Test
    void findCustomersByLoyaltyCardThenGetOneByHubId() throws Exception {
        FindCustomers byCard = new FindCustomers();
        byCard.setCard("7120094499");
        assertThat(service.findCustomers(byCard).getCustomer()).extracting(Customer::getHubId).containsExactly(hubId);

        GetCustomer get = new GetCustomer();
        get.setHubId(hubId);
        Customer customer = service.getCustomer(get).getCustomer();
        assertThat(customer.getSourceKey()).extracting(k -> k.getChannel().value() + ":" + k.getValue()).contains("web:U30940299");
        assertThat(customer.getInteraction()).extracting(i -> i.getType().value()).contains("SUPPORT_CASE");
    }

    @Test
    void anUnknownCustomerIsAFaultWithItsReason() {
        GetCustomer get = new GetCustomer();
        get.setHubId("no-such-customer");
        assertThatThrownBy(() -> service.getCustomer(get)).isInstanceOf(CustomerFault_Exception.class)
                .satisfies(e -> assertThat(((CustomerFault_Exception) e).getFaultInfo().getCode()).isEqualTo("NOT_FOUND"));
    }

    @Test
    void aRequestThatBreaksTheContractIsAFault() {
        GetCustomer get = new GetCustomer();
        get.setHubId("x".repeat(400));
        assertThatThrownBy(() -> service.getCustomer(get)).isInstanceOf(WebServiceException.class)
                .hasMessageContaining("cvc-maxLength-valid");
        assertThatThrownBy(() -> service.findCustomers(new FindCustomers())).isInstanceOf(WebServiceException.class)
                .hasMessageContaining("cvc-complex-type");
    }
}
