package org.customerhub.query;

import static org.customerhub.json.Json.MAPPER;

import java.util.List;

import javax.xml.datatype.XMLGregorianCalendar;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.customerhub.canonical.AddressValue;
import org.customerhub.canonical.AffiliationValue;
import org.customerhub.canonical.ChannelValue;
import org.customerhub.canonical.ConsentValue;
import org.customerhub.canonical.Customer;
import org.customerhub.store.ReminderRows.Reminder;
import org.customerhub.canonical.CustomerValue;
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

    /** The customer with their replenishment reminders (README: Replenishment reminders), the latest expected first. */
    public String write(Customer customer, List<Reminder> reminders) {
        ObjectNode node = toNode(customer);
        ArrayNode array = node.putArray("reminders");
        for (Reminder r : reminders) {
            ObjectNode reminder = array.addObject();
            reminder.put("sku", r.sku());
            reminder.put("source", r.source());
            reminder.put("state", r.state());
            reminder.put("expectedAt", r.expectedAt().toString());
            reminder.put("dueAt", r.dueAt().toString());
            reminder.put("basisAt", r.basisAt().toString());
            reminder.put("decidedAt", r.decidedAt() == null ? null : r.decidedAt().toString());
            reminder.put("eventId", r.eventId());
        }
        return node.toString();
    }

    public String writeAll(List<Customer> customers) {
        ArrayNode array = MAPPER.createArrayNode();
        customers.forEach(customer -> array.add(toNode(customer)));
        return array.toString();
    }

    /** The customer as a JSON tree, to place inside another answer (the review queue's pairs). */
    public ObjectNode toTree(Customer customer) {
        return toNode(customer);
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
        if (!c.getSplitInto().isEmpty()) {
            c.getSplitInto().forEach(node.putArray("splitInto")::add);
        }
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
        if (c.getValue() != null) {
            node.set("value", value(c.getValue()));
        }
        return node;
    }

    /** The customer's value (README: Customer value); a figure the model has not given yet is null. */
    private static ObjectNode value(CustomerValue v) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("currency", v.getCurrency());
        node.put("orders", v.getOrders());
        node.put("returns", v.getReturns());
        node.put("revenue", v.getRevenue());
        node.put("cost", v.getCost());
        node.put("margin", v.getMargin());
        node.put("costToServe", v.getCostToServe());
        node.put("profit", v.getProfit());
        node.put("profitInWindow", v.getProfitInWindow());
        node.put("returnRate", v.getReturnRate());
        node.put("cartAbandonmentRate", v.getCartAbandonmentRate());
        putTimeOrNull(node, "firstPurchase", v.getFirstPurchase());
        putTimeOrNull(node, "lastPurchase", v.getLastPurchase());
        node.put("firstChannel", v.getFirstChannel() == null ? null : v.getFirstChannel().value());
        node.put("mainChannel", v.getMainChannel() == null ? null : v.getMainChannel().value());
        if (v.getRfm() == null) {
            node.putNull("rfm");
        } else {
            ObjectNode rfm = node.putObject("rfm");
            rfm.put("recency", v.getRfm().charAt(0) - '0');
            rfm.put("frequency", v.getRfm().charAt(1) - '0');
            rfm.put("monetary", v.getRfm().charAt(2) - '0');
            rfm.put("score", v.getRfm());
        }
        ObjectNode share = node.putObject("channelShare");
        ObjectNode shift = node.putObject("channelShift");
        ObjectNode shiftChannels = shift.putObject("channels");
        ObjectNode perChannel = node.putObject("channels");
        for (ChannelValue channel : v.getChannel()) {
            String name = channel.getChannel().value();
            ObjectNode channelShare = share.putObject(name);
            channelShare.put("revenue", channel.getRevenueShare());
            channelShare.put("count", channel.getCountShare());
            ObjectNode channelShift = shiftChannels.putObject(name);
            channelShift.put("window", channel.getShareInWindow());
            channelShift.put("windowBefore", channel.getShareInWindowBefore());
            channelShift.put("change", Math.round((channel.getShareInWindow() - channel.getShareInWindowBefore()) * 10_000) / 10_000.0);
            ObjectNode figures = perChannel.putObject(name);
            figures.put("orders", channel.getOrders());
            figures.put("revenue", channel.getRevenue());
            figures.put("margin", channel.getMargin());
        }
        shift.put("towardCheaper", v.getShiftTowardCheaper());
        ObjectNode unconverted = node.putObject("unconverted");
        v.getUnconverted().forEach(money -> unconverted.put(money.getCurrency(), money.getAmount()));
        node.put("expectedPurchases52w", v.getExpectedPurchases52W());
        node.put("probabilityAlive", v.getProbabilityAlive());
        node.put("lifetimeValue", v.getLifetimeValue());
        node.put("tier", v.getTier());
        node.put("tierReason", v.getTierReason());
        putTimeOrNull(node, "modelFittedAt", v.getModelFittedAt());
        return node;
    }

    private static void putTimeOrNull(ObjectNode node, String field, XMLGregorianCalendar time) {
        node.put(field, time == null ? null : time.toXMLFormat());
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
