package org.customerhub.query;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.cxf.common.message.CxfConstants;
import org.customerhub.http.SoapEndpoints;
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

    @Override
    public void configure() throws GeneralSecurityException, IOException {
        getContext().getRegistry().bind("customerServiceEndpoint",
                SoapEndpoints.contractFirst(getContext(), address + "/customers", CustomerService.class, wsdl, login, maxBytes));

        // a declared fault is the answer, not a failure: CXF writes it, nothing to log or retry
        from("cxf:bean:customerServiceEndpoint").routeId("soap-customers").errorHandler(noErrorHandler())
                .toD("bean:customerSoap?method=${header." + CxfConstants.OPERATION_NAME + "}");
    }
}
