package org.customerhub.query;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.cxf.common.DataFormat;
import org.apache.camel.component.cxf.common.message.CxfConstants;
import org.apache.camel.component.cxf.jaxws.CxfEndpoint;
import org.customerhub.http.SoapResponseHeaders;
import org.customerhub.http.SoapTls;
import org.customerhub.security.SoapLogin;
import org.customerhub.soap.customers.CustomerService;

/**
 * CustomerService over SOAP, contract first: the WSDL in xsd/wsdl is the contract, CXF validates every request
 * against it, and each operation is routed by name to the method of the same name. Callers log in (agent or admin).
 */
public final class SoapRoutes extends RouteBuilder {
    private final String address;
    private final Path wsdl;
    private final SoapLogin login;
    private final int maxBytes;

    /** login: who may call (agents and admins); maxBytes: the largest request read at all. */
    public SoapRoutes(String address, Path wsdl, SoapLogin login, int maxBytes) {
        this.address = address;
        this.wsdl = wsdl;
        this.login = login;
        this.maxBytes = maxBytes;
    }

    /**
     * A SOAP endpoint served from its WSDL behind a login, every request validated against the contract's schema and
     * none larger than maxBytes read at all.
     */
    public static CxfEndpoint contractFirst(CamelContext context, String address, Class<?> serviceClass, Path wsdl, SoapLogin login,
                                            int maxBytes) throws GeneralSecurityException, IOException {
        CxfEndpoint endpoint = new CxfEndpoint();
        endpoint.setCamelContext(context);
        endpoint.setAddress(address);
        endpoint.setServiceClass(serviceClass);
        endpoint.setWsdlURL(wsdl.toUri().toString());
        endpoint.setDataFormat(DataFormat.POJO);
        endpoint.setProperties(new HashMap<>(Map.of("schema-validation-enabled", "true")));
        endpoint.getInInterceptors().add(new RequestSizeLimit(maxBytes));
        endpoint.getInInterceptors().add(login);
        endpoint.getOutInterceptors().add(new SoapResponseHeaders());
        endpoint.getOutFaultInterceptors().add(new SoapResponseHeaders());
        SoapTls.serve(context, endpoint.getBus(), address);
        return endpoint;
    }

    @Override
    public void configure() throws GeneralSecurityException, IOException {
        getContext().getRegistry().bind("customerServiceEndpoint",
                contractFirst(getContext(), address + "/customers", CustomerService.class, wsdl, login, maxBytes));

        // a declared fault is the answer, not a failure: CXF writes it, nothing to log or retry
        from("cxf:bean:customerServiceEndpoint").routeId("soap-customers").errorHandler(noErrorHandler())
                .toD("bean:customerSoap?method=${header." + CxfConstants.OPERATION_NAME + "}");
    }
}
