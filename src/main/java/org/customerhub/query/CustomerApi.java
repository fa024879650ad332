package org.customerhub.query;

import static org.customerhub.http.JsonAnswer.error;
import static org.customerhub.http.JsonAnswer.respond;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.customerhub.canonical.Customer;
import org.customerhub.canonical.ObjectFactory;
import org.customerhub.store.AttributeCodec;
import org.customerhub.store.ReminderStore;

/**
 * GET /api/customers/{hubId} and GET /api/customers?q=|key=|email=|phone=|card=|order=. Search parameters are matched
 * exactly after the same normalisation ingest applies; they never run free text against the store.
 */
public final class CustomerApi {
    private static final int MAX_PARAMETER_LENGTH = 320;
    /** A search box answer is read by a person: the first customers found are enough. */
    private static final int MAX_RESULTS = 50;

    private final CustomerProfiles profiles;
    private final CustomerFinder finder;
    private final CustomerJson json = new CustomerJson();

    private final ReminderStore reminders;

    public CustomerApi(CustomerProfiles profiles, CustomerFinder finder, ReminderStore reminders) {
        this.profiles = profiles;
        this.finder = finder;
        this.reminders = reminders;
    }

    public void byId(Exchange exchange) throws JAXBException {
        Message message = exchange.getMessage();
        String hubId = message.getHeader("hubId", String.class);
        Optional<Customer> customer = hubId == null || hubId.length() > MAX_PARAMETER_LENGTH ? Optional.empty() : profiles.find(hubId);
        if (customer.isEmpty()) {
            respond(message, 404, error("NOT_FOUND", "no customer with that hub id"));
            return;
        }
        String accept = message.getHeader("Accept", "", String.class);
        if (accept.contains("application/xml") && !accept.contains("application/json")) {
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            message.setHeader(Exchange.CONTENT_TYPE, "application/xml");
            message.setBody(xml(customer.get()));
        } else {
            respond(message, 200, json.write(customer.get(), reminders.ofCustomer(customer.get().getHubId())));
        }
    }

    public void search(Exchange exchange) {
        Message message = exchange.getMessage();
        String text = message.getHeader("q", String.class);
        if (text != null && !text.isBlank()) {
            if (text.length() > MAX_PARAMETER_LENGTH) {
                respond(message, 400, error("BAD_REQUEST", "q is too long"));
                return;
            }
            respond(message, 200, json.writeAll(profiles.findAll(finder.search(text, MAX_RESULTS))));
            return;
        }
        List<String> ids = new ArrayList<>();
        boolean any = false;
        for (String parameter : List.of("key", "email", "phone", "card", "order")) {
            String value = message.getHeader(parameter, String.class);
            if (value == null || value.isBlank()) {
                continue;
            }
            if (value.length() > MAX_PARAMETER_LENGTH) {
                respond(message, 400, error("BAD_REQUEST", parameter + " is too long"));
                return;
            }
            any = true;
            ids.addAll(finder.find(parameter, value.trim()));
        }
        if (!any) {
            respond(message, 400, error("BAD_REQUEST", "give one of q, key, email, phone, card, order"));
            return;
        }
        respond(message, 200, json.writeAll(profiles.findAll(ids)));
    }

    private static String xml(Customer customer) throws JAXBException {
        Marshaller marshaller = AttributeCodec.canonicalContext().createMarshaller();
        marshaller.setProperty(Marshaller.JAXB_FORMATTED_OUTPUT, true);
        StringWriter out = new StringWriter();
        marshaller.marshal(new ObjectFactory().createCustomer(customer), out);
        return out.toString();
    }
}
