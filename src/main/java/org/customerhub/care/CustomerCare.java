package org.customerhub.care;

import static org.customerhub.http.JsonAnswer.error;
import static org.customerhub.http.JsonAnswer.respond;
import static org.customerhub.json.Json.MAPPER;

import java.io.StringWriter;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.validation.Schema;

import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeTimedOutException;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.CamelExecutionException;
import org.customerhub.canonical.Channel;
import org.customerhub.canonical.ChannelRecord;
import org.customerhub.canonical.Customer;
import org.customerhub.canonical.ObjectFactory;
import org.customerhub.canonical.Party;
import org.customerhub.canonical.PersonName;
import org.customerhub.canonical.PostalAddress;
import org.customerhub.canonical.SplitGroup;
import org.customerhub.http.RequestBody;
import org.customerhub.identity.ProfileUpdater;
import org.customerhub.identity.SplitGroups;
import org.customerhub.query.CustomerJson;
import org.customerhub.query.CustomerProfiles;
import org.customerhub.security.HubAccess;
import org.customerhub.store.AttributeCodec;
import org.customerhub.store.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What agents do to a customer from the console: correct contact data, merge a possible match or keep it apart.
 * Each becomes a canonical record of the agent channel, queued on hub.in.agent and applied there like any channel's
 * message (same unit of work, same change events and feeds); the call waits for it and answers the customer after.
 */
public final class CustomerCare {
    private static final Logger LOG = LoggerFactory.getLogger(CustomerCare.class);
    private static final int MAX_BODY = 16_384;
    private static final int MAX_FIELD = 200;
    /** A customer is rarely made of more than a handful of people; the bound keeps a request small. */
    private static final int MAX_GROUPS = 20;
    private static final String APPLIED = "applied ";

    private final CustomerProfiles profiles;
    private final ProducerTemplate producer;
    private final String agentQueue;
    private final Schema canonicalSchema;
    private final AuditLog audit;
    private final CustomerJson customerJson = new CustomerJson();
    private final DatatypeFactory datatypes;

    public CustomerCare(CustomerProfiles profiles, ProducerTemplate producer, String agentQueue, Schema canonicalSchema,
                        AuditLog audit) throws DatatypeConfigurationException {
        this.profiles = profiles;
        this.producer = producer;
        this.agentQueue = agentQueue;
        this.canonicalSchema = canonicalSchema;
        this.audit = audit;
        this.datatypes = DatatypeFactory.newInstance();
    }

    /** POST /api/customers/{hubId}/corrections with any of name, email, phone, address. */
    public void correct(Exchange exchange) throws JAXBException {
        Message message = exchange.getMessage();
        Optional<Customer> customer = customer(message);
        if (customer.isEmpty()) {
            return;
        }
        Party party;
        try {
            party = correction(RequestBody.utf8(message).orElse(null));
        } catch (IllegalArgumentException e) {
            respond(message, 400, error("BAD_REQUEST", e.getMessage()));
            return;
        }
        party.setHubId(customer.get().getHubId());
        List<String> fields = new ArrayList<>();
        if (party.getName() != null) {
            fields.add("name");
        }
        if (!party.getEmail().isEmpty()) {
            fields.add("email");
        }
        if (!party.getPhone().isEmpty()) {
            fields.add("phone");
        }
        if (!party.getAddress().isEmpty()) {
            fields.add("address");
        }
        apply(exchange, "CORRECTION", party, customer.get().getHubId(), "customer.correct", "corrected " + String.join(", ", fields));
    }

    /** POST /api/customers/{hubId}/matches/{otherHubId} with {"decision":"merge"} or {"decision":"keep-apart"}. */
    public void decide(Exchange exchange) throws JAXBException {
        Message message = exchange.getMessage();
        Optional<Customer> customer = customer(message);
        if (customer.isEmpty()) {
            return;
        }
        String other = message.getHeader("otherHubId", "", String.class);
        boolean offered = customer.get().getPossibleMatch().stream().anyMatch(match -> match.getHubId().equals(other));
        if (!offered) {
            respond(message, 409, error("NOT_A_POSSIBLE_MATCH", "decide only on a possible match the customer shows"));
            return;
        }
        String decision;
        try {
            JsonNode body = parse(RequestBody.utf8(message).orElse(null));
            decision = body.path("decision").asText("");
        } catch (IllegalArgumentException e) {
            respond(message, 400, error("BAD_REQUEST", e.getMessage()));
            return;
        }
        Party party = new Party();
        party.setHubId(customer.get().getHubId());
        switch (decision) {
            case "merge" -> party.getSameAs().add(other);
            case "keep-apart" -> party.getNotSameAs().add(other);
            default -> {
                respond(message, 400, error("BAD_REQUEST", "the decision is merge or keep-apart"));
                return;
            }
        }
        apply(exchange, decision.equals("merge") ? "MERGE" : "KEEP_APART", party, customer.get().getHubId(),
                "customer." + decision, "with " + other);
    }

    /**
     * POST /admin/api/customers/{hubId}/split with {"groups": [["retail:6004213707"], ["web:U20418833", ...]]}: every
     * channel key of the customer in exactly one group, two groups or more.
     */
    public void split(Exchange exchange) throws JAXBException {
        Message message = exchange.getMessage();
        Optional<Customer> customer = customer(message);
        if (customer.isEmpty()) {
            return;
        }
        List<String> keys = customer.get().getSourceKey().stream().map(key -> key.getChannel().value() + ":" + key.getValue())
                .toList();
        List<List<String>> groups;
        try {
            groups = SplitGroups.checkKeys(groups(parse(RequestBody.utf8(message).orElse(null))), keys);
        } catch (IllegalArgumentException e) {
            respond(message, 400, error("BAD_REQUEST", e.getMessage()));
            return;
        }
        Party party = new Party();
        party.setHubId(customer.get().getHubId());
        for (List<String> group : groups) {
            SplitGroup split = new SplitGroup();
            split.getKey().addAll(group);
            party.getSplitGroup().add(split);
        }
        apply(exchange, ProfileUpdater.SPLIT, party, customer.get().getHubId(), "customer.split",
                "into " + groups.stream().map(group -> String.join(" ", group)).collect(Collectors.joining(" | ")));
    }

    private static List<List<String>> groups(JsonNode body) {
        JsonNode groups = body.path("groups");
        if (!groups.isArray() || groups.size() > MAX_GROUPS) {
            throw new IllegalArgumentException("groups is an array of at most " + MAX_GROUPS + " arrays of channel keys");
        }
        List<List<String>> keys = new ArrayList<>();
        for (JsonNode group : groups) {
            if (!group.isArray()) {
                throw new IllegalArgumentException("each group is an array of channel keys");
            }
            List<String> groupKeys = new ArrayList<>();
            for (JsonNode key : group) {
                if (!key.isTextual() || key.asText().length() > MAX_FIELD) {
                    throw new IllegalArgumentException("a channel key is text, channel:id");
                }
                groupKeys.add(key.asText().trim());
            }
            keys.add(groupKeys);
        }
        return keys;
    }

    private void apply(Exchange exchange, String documentType, Party party, String hubId, String action, String detail)
            throws JAXBException {
        Message message = exchange.getMessage();
        String user = exchange.getProperty(HubAccess.USER, String.class);
        ChannelRecord record = new ChannelRecord();
        record.setChannel(Channel.AGENT);
        record.setDocumentType(documentType);
        record.setDocumentId(UUID.randomUUID().toString());
        record.setEffectiveAt(datatypes.newXMLGregorianCalendar(GregorianCalendar.from(OffsetDateTime.now(ZoneOffset.UTC).toZonedDateTime())));
        record.setStatedBy(user);
        record.getParty().add(party);
        String xml;
        try {
            xml = marshal(record);
        } catch (JAXBException e) {
            respond(message, 422, error("INVALID_VALUE", "not a valid value: " + rootCause(e)));
            return;
        }
        String reply;
        try {
            reply = producer.requestBody(agentQueue, xml, String.class);
        } catch (CamelExecutionException e) {
            if (e.getCause() instanceof ExchangeTimedOutException) {
                LOG.warn("Agent {} {} of customer {} queued, not applied yet", user, documentType, hubId);
                respond(message, 202, MAPPER.createObjectNode().put("status", "QUEUED")
                        .put("detail", "queued on the agent channel; it applies when the hub catches up").toString());
                return;
            }
            throw e;
        }
        if (reply == null || !reply.startsWith(APPLIED)) {
            respond(message, 422, error("REFUSED", "the hub refused the change: see the agent channel's dead letters"));
            return;
        }
        audit.record(user, action, hubId, detail + " (message " + reply.substring(APPLIED.length()) + ")");
        Optional<Customer> after = profiles.find(hubId);
        respond(message, 200, after.map(customerJson::write).orElse("{}"));
    }

    private Optional<Customer> customer(Message message) {
        String hubId = message.getHeader("hubId", "", String.class);
        Optional<Customer> customer = hubId.length() > MAX_FIELD ? Optional.empty() : profiles.find(hubId);
        if (customer.isEmpty()) {
            respond(message, 404, error("NOT_FOUND", "no customer with that hub id"));
            return customer;
        }
        if (!customer.get().getSplitInto().isEmpty()) {
            respond(message, 409, MAPPER.createObjectNode().put("error", "SPLIT")
                    .put("detail", "this customer was split; change the customers it became")
                    .set("splitInto", MAPPER.valueToTree(customer.get().getSplitInto())).toString());
            return Optional.empty();
        }
        return customer;
    }

    /** The values an agent corrected, trimmed and bounded; blank fields are no correction. */
    private Party correction(String body) {
        JsonNode node = parse(body);
        Party party = new Party();
        JsonNode name = node.path("name");
        if (name.isObject()) {
            PersonName value = new PersonName();
            value.setGiven(text(name, "given"));
            value.setMiddle(text(name, "middle"));
            value.setFamily(text(name, "family"));
            if (value.getGiven() == null || value.getFamily() == null) {
                throw new IllegalArgumentException("a corrected name needs a given name and a family name");
            }
            party.setName(value);
        }
        Optional.ofNullable(text(node, "email")).ifPresent(email -> {
            if (!email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                throw new IllegalArgumentException("not an e-mail address");
            }
            party.getEmail().add(email);
        });
        Optional.ofNullable(text(node, "phone")).ifPresent(phone -> {
            if (!phone.matches("[+0-9 ()./-]{5,40}")) {
                throw new IllegalArgumentException("not a phone number");
            }
            party.getPhone().add(phone);
        });
        JsonNode address = node.path("address");
        if (address.isObject()) {
            PostalAddress value = new PostalAddress();
            value.setLine1(text(address, "line1"));
            value.setLine2(text(address, "line2"));
            value.setCity(text(address, "city"));
            value.setRegion(text(address, "region"));
            value.setPostalCode(text(address, "postalCode"));
            value.setCountry(text(address, "country"));
            if (value.getLine1() == null || value.getCity() == null || value.getPostalCode() == null) {
                throw new IllegalArgumentException("a corrected address needs line1, city and postalCode");
            }
            party.getAddress().add(value);
        }
        if (party.getName() == null && party.getEmail().isEmpty() && party.getPhone().isEmpty() && party.getAddress().isEmpty()) {
            throw new IllegalArgumentException("give at least one of name, email, phone, address");
        }
        return party;
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank() || body.length() > MAX_BODY) {
            throw new IllegalArgumentException("send a JSON object in UTF-8 of at most " + MAX_BODY + " characters");
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("send a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + " must be text");
        }
        String text = value.asText().trim();
        if (text.length() > MAX_FIELD || text.chars().anyMatch(c -> Character.isISOControl(c))) {
            throw new IllegalArgumentException(field + " must be one line of at most " + MAX_FIELD + " characters");
        }
        return text.isEmpty() ? null : text;
    }

    /** The record as canonical XML, checked against the canonical schema before it is queued. */
    private String marshal(ChannelRecord record) throws JAXBException {
        Marshaller marshaller = AttributeCodec.canonicalContext().createMarshaller();
        marshaller.setSchema(canonicalSchema);
        StringWriter out = new StringWriter();
        marshaller.marshal(new ObjectFactory().createChannelRecord(record), out);
        return out.toString();
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return String.valueOf(cause.getMessage());
    }

}
