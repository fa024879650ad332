package org.customerhub.procurement;

import java.nio.file.Path;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.cxf.common.message.CxfConstants;
import org.customerhub.query.SoapRoutes;
import org.customerhub.soap.orders.OrderService;

/**
 * OrderService over SOAP, contract first: the WSDL in xsd/wsdl is the contract, CXF validates every request against
 * it (and so against the direct-sales schema it imports), and each operation is routed by name.
 */
public final class OrderSoapRoutes extends RouteBuilder {
    private final String address;
    private final Path wsdl;
    private final int maxBytes;

    public OrderSoapRoutes(String address, Path wsdl, int maxBytes) {
        this.address = address;
        this.wsdl = wsdl;
        this.maxBytes = maxBytes;
    }

    @Override
    public void configure() {
        getContext().getRegistry().bind("orderServiceEndpoint",
                SoapRoutes.contractFirst(getContext(), address + "/orders", OrderService.class, wsdl, maxBytes));

        // a declared fault is the answer, not a failure: CXF writes it, nothing to log or retry
        from("cxf:bean:orderServiceEndpoint").routeId("soap-orders").errorHandler(noErrorHandler())
                .toD("bean:orderSoap?method=${header." + CxfConstants.OPERATION_NAME + "}");
    }
}
