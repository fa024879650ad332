package org.customerhub.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;

import org.customerhub.HostileXml;
import org.customerhub.HostileInputs;
import org.customerhub.HubClient;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SOAP door: every hostile variant of a CustomerService and an OrderService request is answered with a SOAP fault
 * that gives the reason, nothing is fetched, no order is handed on and nothing is stored, and the hub stays healthy.
 */
class SoapHostileInputTest {
    private static final String ENVELOPE = """
            <?xml version="1.0" encoding="UTF-8"?>
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>%s</soap:Body></soap:Envelope>""";
    private static final String GET_CUSTOMER =
            "<c:getCustomer xmlns:c=\"urn:customerhub:soap:customers:1\"><c:hubId>no-such-customer</c:hubId></c:getCustomer>";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @RegisterExtension
    static final HostileInputs DOOR = HostileInputs.onSharedHub();

    static Stream<Arguments> servicesAndAttacks() {
        String order = HubClient.resource("directsales/contract-order-quinsigamond-vet.xml").replaceFirst("<\\?xml[^>]*\\?>", "");
        List<Arguments> requests = List.of(
                Arguments.of("customers", ENVELOPE.formatted(GET_CUSTOMER)),
                Arguments.of("orders", ENVELOPE.formatted("<o:submitOrder xmlns:o=\"urn:customerhub:soap:orders:1\">" + order
                        + "</o:submitOrder>")));
        // an XInclude is inert (never processed): the customers service shows it, answering the request as if it were not
        // there; on the orders service that answer would place an order
        return requests.stream().flatMap(request -> Stream.of(HostileXml.values())
                .filter(attack -> attack != HostileXml.XINCLUDE || request.get()[0].equals("customers"))
                .map(attack -> Arguments.of(request.get()[0], attack, request.get()[1])));
    }


    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("servicesAndAttacks")
    void aHostileRequestIsAFaultWithItsReasonAndChangesNothing(String service, HostileXml attack, String request) throws Exception {
        List<Long> before = DOOR.storeCounts();
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(DOOR.hub().soapBase() + "/" + service))
                .header("Content-Type", "text/xml; charset=UTF-8").header("SOAPAction", "\"\"")
                .header("Authorization", HubClient.ADMIN_LOGIN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(attack.apply(request, DOOR.tripwire()))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isGreaterThanOrEqualTo(400);
        assertThat(answer.body()).as("a SOAP fault").contains("Fault>", "<faultstring>").doesNotContain("root:x:0:0");
        assertThat(answer.body().replaceAll("(?s).*<faultstring>([^<]*)</faultstring>.*", "$1")).as("the reason").isNotBlank();
        if (attack == HostileXml.OVERSIZE) {
            assertThat(answer.body()).contains("larger than");
        }
        DOOR.assertNothingTouchedSince(before);
    }
}
