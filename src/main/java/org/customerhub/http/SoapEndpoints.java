package org.customerhub.http;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.component.cxf.common.DataFormat;
import org.apache.camel.component.cxf.jaxws.CxfEndpoint;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.support.DefaultHeaderFilterStrategy;
import org.apache.cxf.interceptor.Interceptor;
import org.apache.cxf.message.Message;

/**
 * The hub's SOAP services as CXF endpoints, contract first: served from their WSDL, every request validated against
 * the contract's schema, none larger than the hub takes from any door read at all, a login checked before the body is
 * read, and the hardening headers, and no others of the request's or a route's, on every answer.
 */
public final class SoapEndpoints {
    private SoapEndpoints() {
    }

    /** login: the interceptor that decides who may call; maxBytes: the largest request read at all. */
    public static CxfEndpoint contractFirst(CamelContext context, String address, Class<?> serviceClass, Path wsdl,
                                            Interceptor<? extends Message> login, int maxBytes)
            throws GeneralSecurityException, IOException {
        CxfEndpoint endpoint = new CxfEndpoint();
        endpoint.setCamelContext(context);
        endpoint.setAddress(address);
        endpoint.setServiceClass(serviceClass);
        endpoint.setWsdlURL(wsdl.toUri().toString());
        endpoint.setDataFormat(DataFormat.POJO);
        endpoint.setProperties(new HashMap<>(Map.of("schema-validation-enabled", "true")));
        endpoint.setHeaderFilterStrategy(noHeadersOut());
        endpoint.getInInterceptors().add(new RequestSizeLimit(maxBytes));
        endpoint.getInInterceptors().add(login);
        endpoint.getOutInterceptors().add(new SoapResponseHeaders());
        endpoint.getOutFaultInterceptors().add(new SoapResponseHeaders());
        SoapTls.serve(context, endpoint.getBus(), address);
        return endpoint;
    }

    /**
     * The answer is the SOAP message CXF writes, with the headers CXF and the interceptors set: no message header (the
     * request's own, credentials and Host among them, or one a route set) goes out as an HTTP header.
     */
    private static HeaderFilterStrategy noHeadersOut() {
        DefaultHeaderFilterStrategy strategy = new DefaultHeaderFilterStrategy();
        strategy.setOutFilterPattern(".*");
        return strategy;
    }
}
