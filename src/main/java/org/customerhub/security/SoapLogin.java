package org.customerhub.security;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.servlet.http.HttpServletResponse;

import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.transport.http.AbstractHTTPDestination;

/**
 * HTTP Basic login in front of a SOAP service: checked before the request body is read, so a caller without the
 * right role costs the hub no parsing. The contract itself (GET ?wsdl, ?xsd=) stays open. Refusals are SOAP faults
 * with the HTTP status of the REST API's: 401 (with the Basic challenge), 403, or 429 with Retry-After.
 */
public final class SoapLogin extends AbstractPhaseInterceptor<Message> {
    private final HubAccess access;
    private final Set<String> roles;

    public SoapLogin(HubAccess access, Set<String> roles) {
        super(Phase.RECEIVE);
        this.access = access;
        this.roles = Set.copyOf(roles);
    }

    @Override
    public void handleMessage(Message message) {
        if (asksForContract(message)) {
            return;
        }
        HubAccess.Login login = access.basic(header(message, "Authorization"));
        HubAccess.Verdict verdict = login.verdict(roles);
        if (verdict == HubAccess.Verdict.ALLOWED) {
            return;
        }
        HttpServletResponse response = (HttpServletResponse) message.get(AbstractHTTPDestination.HTTP_RESPONSE);
        String reason = switch (verdict) {
            case UNAUTHORIZED -> {
                response.setHeader("WWW-Authenticate", "Basic realm=\"customer-hub\"");
                yield "log in first";
            }
            case THROTTLED -> {
                response.setHeader("Retry-After", String.valueOf(login.retryAfterSeconds()));
                yield "too many failed logins: try again in " + login.retryAfterSeconds() + " s";
            }
            default -> "this service needs the role " + String.join(" or ", roles.stream().sorted().toList());
        };
        Fault fault = new Fault(new SecurityException(reason));
        fault.setStatusCode(verdict.status);
        throw fault;
    }

    private static boolean asksForContract(Message message) {
        String query = (String) message.get(Message.QUERY_STRING);
        return "GET".equals(message.get(Message.HTTP_REQUEST_METHOD)) && query != null
                && (query.equalsIgnoreCase("wsdl") || query.startsWith("xsd="));
    }

    @SuppressWarnings("unchecked")
    private static String header(Message message, String name) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Map<String, List<String>> sent = (Map<String, List<String>>) message.get(Message.PROTOCOL_HEADERS);
        if (sent != null) {
            headers.putAll(sent);
        }
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
