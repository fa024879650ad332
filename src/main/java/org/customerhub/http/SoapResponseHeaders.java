package org.customerhub.http;

import jakarta.servlet.http.HttpServletResponse;

import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.transport.http.AbstractHTTPDestination;

/** The HTTP port's hardening headers (see {@link HardenedResponses}) on every SOAP answer and fault too. */
public final class SoapResponseHeaders extends AbstractPhaseInterceptor<Message> {
    public SoapResponseHeaders() {
        super(Phase.PREPARE_SEND);
    }

    @Override
    public void handleMessage(Message message) {
        Message request = message.getExchange() == null ? null : message.getExchange().getInMessage();
        Object response = request == null ? null : request.get(AbstractHTTPDestination.HTTP_RESPONSE);
        if (response instanceof HttpServletResponse http) {
            HardenedResponses.DEFAULTS.forEach((name, value) -> {
                if (!http.containsHeader(name)) {
                    http.setHeader(name, value);
                }
            });
        }
    }
}
