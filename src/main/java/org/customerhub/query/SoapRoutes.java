package org.customerhub.query;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.cxf.common.DataFormat;
import org.apache.camel.component.cxf.common.message.CxfConstants;
import org.apache.camel.component.cxf.jaxws.CxfEndpoint;
import org.customerhub.soap.customers.CustomerService;

/**
 * CustomerService over SOAP, contract first: the WSDL in xsd/wsdl is the contract, CXF validates every request
 * against it, and each operation is routed by name to the method of the same name.
 */
public final class SoapRoutes extends RouteBuilder {
    private final String address;
    private final Path wsdl;

    public SoapRoutes(String address, Path wsdl) {
        this.address = address;
        this.wsdl = wsdl;
    }

    @Override
    public void configure() {
        CxfEndpoint customers = new CxfEndpoint();
        customers.setCamelContext(getContext());
        customers.setAddress(address + "/customers");
        customers.setServiceClass(CustomerService.class);
        customers.setWsdlURL(wsdl.toUri().toString());
        customers.setDataFormat(DataFormat.POJO);
        customers.setProperties(new HashMap<>(Map.of("schema-validation-enabled", "true")));
        getContext().getRegistry().bind("customerServiceEndpoint", customers);

        // a declared fault is the answer, not a failure: CXF writes it, nothing to log or retry
        from("cxf:bean:customerServiceEndpoint").routeId("soap-customers").errorHandler(noErrorHandler())
                .toD("bean:customerSoap?method=${header." + CxfConstants.OPERATION_NAME + "}");
    }
}
