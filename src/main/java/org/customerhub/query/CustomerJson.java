package org.customerhub.query;

import static org.customerhub.json.Json.MAPPER;

import java.util.List;

import javax.xml.datatype.XMLGregorianCalendar;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.customerhub.canonical.AddressValue;
import org.customerhub.canonical.AffiliationValue;
import org.customerhub.canonical.ConsentValue;
import org.customerhub.canonical.Customer;
import org.customerhub.canonical.Incident;
import org.customerhub.canonical.InteractionDetail;
import org.customerhub.canonical.InteractionLine;
import org.customerhub.canonical.InteractionValue;
import org.customerhub.canonical.NameValue;
import org.customerhub.canonical.PossibleMatch;
import org.customerhub.canonical.PreferenceValue;
import org.customerhub.canonical.SourceKey;
import org.customerhub.canonical.TextValue;

/** The JSON form of the canonical customer record, with the field names of the README (Look the customer up). */
public final class CustomerJson {
    public String write(Customer customer) {
        return toNode(customer).toString();
    }

    public String writeAll(List<Customer> customers) {
        ArrayNode array = MAPPER.createArrayNode();
        customers.forEach(customer -> array.add(toNode(customer)));
        return array.toString();
    }

    private ObjectNode toNode(Customer c) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("hubId", c.getHubId());
        putTime(node, "createdAt", c.getCreatedAt());
        putTime(node, "updatedAt", c.getUpdatedAt());
        ArrayNode keys = node.putArray("sourceKeys");
        for (SourceKey key : c.getSourceKey()) {
            keys.add(key.getChannel().value() + ":" + key.getValue());
        }
        c.getLoyaltyCard().forEach(node.putArray("loyaltyCards")::add);
        c.getMergedId().forEach(node.putArray("mergedIds")::add);
        ArrayNode names = node.putArray("names");
        for (NameValue n : c.getName()) {
            ObjectNode name = names.addObject();
            putText(name, "given", n.getGiven());
            putText(name, "middle", n.getMiddle());
            putText(name, "family", n.getFamily());
            provenance(name, n.getChannel().value(), n.getMessageId(), n.getAt(), n.isCurrent(), n.getBy());
        }
        textValues(node.putArray("emails"), c.getEmail());
        textValues(node.putArray("phones"), c.getPhone());
        ArrayNode addresses = node.putArray("addresses");
        for (AddressValue a : c.getAddress()) {
            ObjectNode address = addresses.addObject();
            address.put("use", a.getUse());
            putText(address, "line1", a.getLine1());
            putText(address, "line2", a.getLine2());
            putText(address, "city", a.getCity());
            putText(address, "region", a.getRegion());
            putText(address, "postalCode", a.getPostalCode());
            putText(address, "country", a.getCountry());
            provenance(address, a.getChannel().value(), a.getMessageId(), a.getAt(), a.isCurrent(), a.getBy());
        }
        ArrayNode consents = node.putArray("consents");
        for (ConsentValue v : c.getConsent()) {
            ObjectNode consent = consents.addObject();
            if (v.isEmail() != null) {
                consent.put("email", v.isEmail());
            }
            if (v.isSms() != null) {
                consent.put("sms", v.isSms());
            }
            provenance(consent, v.getChannel().value(), v.getMessageId(), v.getAt(), v.isCurrent(), v.getBy());
        }
        ArrayNode preferences = node.putArray("preferences");
        for (PreferenceValue v : c.getPreference()) {
            ObjectNode preference = preferences.addObject();
            preference.put("key", v.getKey());
            preference.put("value", v.getValue());
            provenance(preference, v.getChannel().value(), v.getMessageId(), v.getAt(), v.isCurrent(), v.getBy());
        }
        ArrayNode affiliations = node.putArray("affiliations");
        for (AffiliationValue v : c.getAffiliation()) {
            ObjectNode affiliation = affiliations.addObject();
            affiliation.put("organisationId", v.getOrganisationId());
            putText(affiliation, "organisationName", v.getOrganisationName());
            putText(affiliation, "role", v.getRole());
            affiliation.put("active", v.isActive());
            provenance(affiliation, v.getChannel().value(), v.getMessageId(), v.getAt(), v.isCurrent(), v.getBy());
        }
        ArrayNode interactions = node.putArray("interactions");
        c.getInteraction().forEach(i -> interactions.add(interaction(i)));
        ArrayNode matches = node.putArray("possibleMatches");
        for (PossibleMatch m : c.getPossibleMatch()) {
            ObjectNode match = matches.addObject();
            match.put("hubId", m.getHubId());
            match.put("score", m.getScore());
            putTime(match, "since", m.getSince());
        }
        return node;
    }

    private ObjectNode interaction(InteractionValue i) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("channel", i.getChannel().value());
        node.put("type", i.getType().value());
        node.put("id", i.getId());
        putText(node, "reference", i.getReference());
        putTime(node, "at", i.getAt());
        putText(node, "subtype", i.getSubtype());
        putText(node, "status", i.getStatus());
        if (i.getAmount() != null) {
            node.put("amount", i.getAmount());
        }
        putText(node, "currency", i.getCurrency());
        if (i.getCost() != null) {
            node.put("cost", i.getCost());
        }
        if (i.getMargin() != null) {
            node.put("margin", i.getMargin());
        }
        putText(node, "organisationId", i.getOrganisationId());
        if (i.getEveryDays() != null) {
            node.put("everyDays", i.getEveryDays());
        }
        node.put("incident", i.isCustomerIncident());
        putText(node, "note", i.getNote());
        node.put("messageId", i.getMessageId());
        ArrayNode lines = node.putArray("lines");
        for (InteractionLine l : i.getLine()) {
            ObjectNode line = lines.addObject();
            line.put("sku", l.getSku());
            putText(line, "description", l.getDescription());
            line.put("quantity", l.getQuantity());
            if (l.getUnitPrice() != null) {
                line.put("unitPrice", l.getUnitPrice());
            }
            if (l.getUnitCost() != null) {
                line.put("unitCost", l.getUnitCost());
            }
        }
        ArrayNode incidents = node.putArray("incidents");
        for (Incident in : i.getIncident()) {
            ObjectNode incident = incidents.addObject();
            incident.put("code", in.getCode());
            putText(incident, "sku", in.getSku());
            putText(incident, "reference", in.getReference());
            putText(incident, "text", in.getValue());
        }
        ArrayNode details = node.putArray("details");
        for (InteractionDetail d : i.getDetail()) {
            ObjectNode detail = details.addObject();
            detail.put("name", d.getName());
            if (d.getLine() != null) {
                detail.put("line", d.getLine());
            }
            detail.put("value", d.getValue());
        }
        return node;
    }

    private static void textValues(ArrayNode array, List<TextValue> values) {
        for (TextValue v : values) {
            ObjectNode node = array.addObject();
            node.put("value", v.getValue());
            provenance(node, v.getChannel().value(), v.getMessageId(), v.getAt(), v.isCurrent(), v.getBy());
        }
    }

    private static void provenance(ObjectNode node, String channel, String messageId, XMLGregorianCalendar at, Boolean current,
                                   String by) {
        node.put("channel", channel);
        putText(node, "by", by);
        node.put("messageId", messageId);
        putTime(node, "at", at);
        node.put("current", Boolean.TRUE.equals(current));
    }

    private static void putText(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static void putTime(ObjectNode node, String field, XMLGregorianCalendar time) {
        if (time != null) {
            node.put(field, time.toXMLFormat());
        }
    }
}
