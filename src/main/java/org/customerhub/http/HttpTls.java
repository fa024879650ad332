package org.customerhub.http;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

import org.apache.camel.CamelContext;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.cxf.Bus;
import org.apache.cxf.configuration.jsse.TLSServerParameters;
import org.apache.cxf.transport.http_undertow.UndertowHTTPServerEngineFactory;

/**
 * TLS of the hub's HTTP servers from one PKCS12 key store: the Camel context's SSL parameters, which the API's server
 * uses (camel.server.use-global-ssl-context-parameters), and the same key for SOAP services at an https address.
 */
public final class HttpTls {
    private HttpTls() {
    }

    public static SSLContextParameters parameters(CamelContext context, Path keyStore, String password) {
        KeyStoreParameters store = new KeyStoreParameters();
        store.setCamelContext(context);
        store.setResource("file:" + keyStore.toAbsolutePath());
        store.setType("PKCS12");
        store.setPassword(password);
        KeyManagersParameters keys = new KeyManagersParameters();
        keys.setCamelContext(context);
        keys.setKeyStore(store);
        keys.setKeyPassword(password);
        SSLContextParameters tls = new SSLContextParameters();
        tls.setCamelContext(context);
        tls.setKeyManagers(keys);
        return tls;
    }

    /** An https SOAP address is served with the context's key; plain http needs nothing. */
    public static void serveSoap(CamelContext context, Bus bus, String address) throws GeneralSecurityException, IOException {
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
