package org.customerhub.procurement;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.cxf.common.DataFormat;
import org.apache.camel.component.cxf.common.message.CxfConstants;
import org.apache.camel.component.cxf.jaxws.CxfEndpoint;
import org.customerhub.soap.orders.OrderService;

/**
 * OrderService over SOAP, contract first: the WSDL in xsd/wsdl is the contract, CXF validates every request against
 * it (and so against the direct-sales schema it imports), and each operation is routed by name.
 */
public final class OrderSoapRoutes extends RouteBuilder {
    private final String address;
    private final Path wsdl;

    public OrderSoapRoutes(String address, Path wsdl) {
        this.address = address;
        this.wsdl = wsdl;
    }

    @Override
    public void configure() {
        CxfEndpoint orders = new CxfEndpoint();
        orders.setCamelContext(getContext());
        orders.setAddress(address + "/orders");
        orders.setServiceClass(OrderService.class);
        orders.setWsdlURL(wsdl.toUri().toString());
        orders.setDataFormat(DataFormat.POJO);
        orders.setProperties(new HashMap<>(Map.of("schema-validation-enabled", "true")));
        getContext().getRegistry().bind("orderServiceEndpoint", orders);

        // a declared fault is the answer, not a failure: CXF writes it, nothing to log or retry
        from("cxf:bean:orderServiceEndpoint").routeId("soap-orders").errorHandler(noErrorHandler())
                .toD("bean:orderSoap?method=${header." + CxfConstants.OPERATION_NAME + "}");
    }
}
