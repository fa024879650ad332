package org.customerhub.security;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletResponse;

import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.transport.http.AbstractHTTPDestination;

/**
 * HTTP Basic login in front of a SOAP service: checked before the request body is read, so a caller without the
 * right role costs the hub no parsing, and after the same cross-site checks as the HTTP port's. The contract itself
 * (GET ?wsdl, ?xsd=) stays open. Refusals are SOAP faults with the HTTP status of the REST API's: 401 (with the Basic
 * challenge, except to a browser), 403, or 429 with Retry-After.
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
        Map<String, List<String>> headers = headers(message);
        Function<String, Optional<String>> header = name -> Optional.ofNullable(headers.get(name))
                .filter(values -> !values.isEmpty()).map(values -> values.get(0));
        Optional<String> crossSite = CrossSiteGuard.refusal((String) message.get(Message.HTTP_REQUEST_METHOD), header);
        if (crossSite.isPresent()) {
            Fault fault = new Fault(new SecurityException(crossSite.get()));
            fault.setStatusCode(403);
            throw fault;
        }
        HubAccess.Login login = access.basic(header.apply("Authorization").orElse(null));
        HubAccess.Verdict verdict = login.verdict(roles);
        if (verdict == HubAccess.Verdict.ALLOWED) {
            return;
        }
        HttpServletResponse response = (HttpServletResponse) message.get(AbstractHTTPDestination.HTTP_RESPONSE);
        String reason = switch (verdict) {
            case UNAUTHORIZED -> {
                response.setHeader("WWW-Authenticate", HubAccess.challenge(header));
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
    private static Map<String, List<String>> headers(Message message) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Map<String, List<String>> sent = (Map<String, List<String>>) message.get(Message.PROTOCOL_HEADERS);
        if (sent != null) {
            headers.putAll(sent);
        }
        return headers;
    }
}
