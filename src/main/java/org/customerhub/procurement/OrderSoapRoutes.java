package org.customerhub.procurement;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.cxf.common.message.CxfConstants;
import org.customerhub.http.SoapEndpoints;
import org.customerhub.security.SoapLogin;
import org.customerhub.soap.orders.OrderService;

/**
 * OrderService over SOAP, contract first: the WSDL in xsd/wsdl is the contract, CXF validates every request against
 * it (and so against the direct-sales schema it imports), and each operation is routed by name.
 */
public final class OrderSoapRoutes extends RouteBuilder {
    private final String address;
    private final Path wsdl;
    private final SoapLogin login;
    private final int maxBytes;

    /** login: who may call (systems with the orders role, and admins); maxBytes: the largest request read at all. */
    public OrderSoapRoutes(String address, Path wsdl, SoapLogin login, int maxBytes) {
        this.address = address;
        this.wsdl = wsdl;
        this.login = login;
        this.maxBytes = maxBytes;
    }

    @Override
    public void configure() throws GeneralSecurityException, IOException {
        getContext().getRegistry().bind("orderServiceEndpoint",
                SoapEndpoints.contractFirst(getContext(), address + "/orders", OrderService.class, wsdl, login, maxBytes));

        // a declared fault is the answer, not a failure: CXF writes it, nothing to log or retry
        from("cxf:bean:orderServiceEndpoint").routeId("soap-orders").errorHandler(noErrorHandler())
                .toD("bean:orderSoap?method=${header." + CxfConstants.OPERATION_NAME + "}");
    }
}
