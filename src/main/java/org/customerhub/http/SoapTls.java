package org.customerhub.http;

import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;

import org.apache.camel.CamelContext;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.cxf.Bus;
import org.apache.cxf.configuration.jsse.TLSServerParameters;
import org.apache.cxf.transport.http_undertow.UndertowHTTPServerEngineFactory;

/**
 * TLS of the SOAP services. Camel Main builds the context's SSL parameters from camel.ssl.* (which
 * application.properties feeds from hub.http.tls.*) and the API's server uses them; CXF's Undertow server knows
 * nothing of Camel's, so an https SOAP address is handed the same key.
 */
public final class SoapTls {
    private SoapTls() {
    }

    /** An https SOAP address is served with the context's key; plain http needs nothing. */
    public static void serve(CamelContext context, Bus bus, String address) throws GeneralSecurityException, IOException {
        URI uri = URI.create(address);
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            return;
        }
        SSLContextParameters tls = context.getSSLContextParameters();
        if (tls == null) {
            throw new IllegalStateException("the SOAP address " + address + " is https: set hub.http.tls.enabled and its key store");
        }
        TLSServerParameters server = new TLSServerParameters();
        server.setKeyManagers(tls.getKeyManagers().createKeyManagers());
        bus.getExtension(UndertowHTTPServerEngineFactory.class).setTLSServerParametersForPort(uri.getHost(), uri.getPort(), server);
    }
}
