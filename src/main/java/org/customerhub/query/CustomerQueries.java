package org.customerhub.query;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.jms.Destination;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;

import org.apache.activemq.artemis.jms.client.ActiveMQDestination;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.customerhub.broker.QueryAskers;
import org.customerhub.canonical.ChangeKind;
import org.customerhub.canonical.Channel;
import org.customerhub.canonical.Customer;
import org.customerhub.canonical.CustomerChanged;
import org.customerhub.canonical.TierChange;
import org.customerhub.canonical.query.CustomerQuery;
import org.customerhub.canonical.query.CustomerQueryResult;
import org.customerhub.canonical.query.ObjectFactory;
import org.customerhub.store.AttributeCodec;
import org.customerhub.xml.InboundGuard;
import org.customerhub.xml.RejectedMessageException;
import org.customerhub.xml.SecureXml;
import org.glassfish.jaxb.runtime.marshaller.NamespacePrefixMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/**
 * Answers customerQuery requests from hub.customer.query. Every request gets an answer: the customers found (as
 * canonical records, or in the asking channel's own format when HubReplyFormat names a channel), none, or the
 * reason the question could not be read. Reads only; ingest never waits for a query.
 */
public final class CustomerQueries {
    public static final String REPLY_FORMAT = "HubReplyFormat";
    public static final String STATUS = "HubQueryStatus";
    public static final String QUERY_FORMAT = "query";
    private static final String CANONICAL = "canonical";
    private static final Logger LOG = LoggerFactory.getLogger(CustomerQueries.class);
    private static final String PREFIX_MAPPER = "org.glassfish.jaxb.namespacePrefixMapper";
    /**
     * The same answer reads the same after every restart. Left to itself JAXB makes default whichever namespace it
     * meets first, and it meets them in the order Class.getDeclaredMethods lists the ObjectFactory's methods, which is
     * in no particular order: one hub start wrote every answer with the query namespace as the default one, and a
     * client reading the reply as text, like a STOMP script, broke. The customers keep the default namespace, as in
     * the hub's events and REST answers; the envelope keeps the ns2 most starts gave it.
     */
    private static final NamespacePrefixMapper FIXED_PREFIXES = new NamespacePrefixMapper() {
        @Override
        public String getPreferredPrefix(String namespaceUri, String suggestion, boolean requirePrefix) {
            return switch (namespaceUri) {
                case "urn:customerhub:canonical:1" -> requirePrefix ? "c" : "";
                case "urn:customerhub:query:1" -> "ns2";
                default -> suggestion;
            };
        }
    };

    private final InboundGuard guard;
    private final CustomerFinder finder;
    private final CustomerProfiles profiles;
    private final Set<String> channels;
    private final Path mappingsDir;
    private final JAXBContext jaxb;
    private final AttributeCodec codec = new AttributeCodec();
    private final ProducerTemplate template;
    private final ReplyDestinations replies;

    public CustomerQueries(InboundGuard guard, CustomerFinder finder, CustomerProfiles profiles, Set<String> channels,
                           Path mappingsDir, ProducerTemplate template, ReplyDestinations replies) throws JAXBException {
        this.template = template;
        this.replies = replies;
        this.guard = guard;
        this.finder = finder;
        this.profiles = profiles;
        this.channels = Set.copyOf(channels);
        this.mappingsDir = mappingsDir;
        this.jaxb = JAXBContext.newInstance(ObjectFactory.class, org.customerhub.canonical.ObjectFactory.class);
    }

    public void answer(Exchange exchange) throws Exception {
        Destination replyTo = exchange.getMessage().getHeader("JMSReplyTo", Destination.class);
        String questionId = exchange.getMessage().getHeader("JMSMessageID", exchange.getExchangeId(), String.class);
        // the broker user who asked, as the embedded broker stamps it (QueryAskers)
        String asker = exchange.getMessage().getHeader(QueryAskers.ASKED_BY, String.class);
        if (replyTo != null && !(replyTo instanceof ActiveMQDestination destination && replies.onlyAskerReads(asker, destination))) {
            // anywhere else others could read the answer
            exchange.setPattern(ExchangePattern.InOnly);
            LOG.warn("Query {} from {} not answered: its reply-to {} is neither a temporary queue of its own nor reply.<its channel>.*",
                    questionId, asker, replyTo);
            return;
        }
        String format = exchange.getMessage().getHeader(REPLY_FORMAT, CANONICAL, String.class).trim();
        // the answer carries none of the question's properties: Camel correlates it from the question itself
        exchange.getMessage().removeHeaders("*");
        CustomerQueryResult result;
        String asked = "?";
        try {
            CustomerQuery query = jaxb.createUnmarshaller()
                    .unmarshal(guard.accept(QUERY_FORMAT, exchange.getMessage().getBody()), CustomerQuery.class).getValue();
            Criterion criterion = Criterion.of(query);
            asked = criterion.parameter();
            result = found(profiles.findAll(finder.find(criterion.parameter(), criterion.value().trim())), format);
        } catch (RejectedMessageException e) {
            result = error(e.reason().name(), e.getMessage());
        }
        exchange.getMessage().setHeader(STATUS, result.getStatus());
        exchange.getMessage().setBody(write(result));
        LOG.info("Answered query {} by {} in format {}: {} ({} customers)", questionId, asked, format, result.getStatus(),
                result.getCustomer().size() + result.getChannelDocument().size());
    }

    private CustomerQueryResult found(List<Customer> customers, String format) throws Exception {
        if (!format.equals(CANONICAL) && !channels.contains(format)) {
            return error("UNKNOWN_REPLY_FORMAT", "HubReplyFormat is canonical or one of " + channels);
        }
        CustomerQueryResult result = new CustomerQueryResult();
        result.setStatus(customers.isEmpty() ? "NOT_FOUND" : "FOUND");
        Path mapping = mappingsDir.resolve("canonical-to-" + format + ".xsl");
        if (format.equals(CANONICAL) || !Files.exists(mapping)) {
            result.getCustomer().addAll(customers);
            return result;
        }
                for (Customer customer : customers) {
            // the same compiled mapping the channel's feed uses: Camel caches it per endpoint
            String rendered = template.requestBody("xslt-saxon:file:" + mapping, snapshotXml(customer, format), String.class);
            if (rendered != null && rendered.contains("<")) {
                CustomerQueryResult.ChannelDocument document = new CustomerQueryResult.ChannelDocument();
                document.setHubId(customer.getHubId());
                document.setAny(parse(rendered).getDocumentElement());
                result.getChannelDocument().add(document);
            }
        }
        return result;
    }

    /** The customer as it stands, in the shape the channel's feed mapping reads. */
    private String snapshotXml(Customer customer, String channel) throws JAXBException {
        CustomerChanged snapshot = new CustomerChanged();
        snapshot.setEventId(UUID.randomUUID().toString());
        snapshot.setHubId(customer.getHubId());
        snapshot.setChannel(Channel.fromValue(channel));
        snapshot.setMessageId("query");
        snapshot.setAt(CustomerProfiles.time(OffsetDateTime.now(ZoneOffset.UTC)));
        snapshot.getKind().add(ChangeKind.SNAPSHOT);
        snapshot.getSourceKey().addAll(customer.getSourceKey());
        snapshot.setCurrent(profiles.currentContact(customer));
        if (customer.getValue() != null) {
            // the tier travels with every answer, so a channel's agent sees who gets the white-glove treatment
            TierChange tier = new TierChange();
            tier.setTo(customer.getValue().getTier());
            tier.setReason(customer.getValue().getTierReason());
            snapshot.setTier(tier);
        }
        return codec.toXml(snapshot);
    }

    private static CustomerQueryResult error(String code, String detail) {
        CustomerQueryResult result = new CustomerQueryResult();
        result.setStatus("ERROR");
        result.setErrorCode(code);
        result.setErrorDetail(detail);
        return result;
    }

    private String write(CustomerQueryResult result) throws JAXBException {
        StringWriter out = new StringWriter();
        Marshaller marshaller = jaxb.createMarshaller();
        marshaller.setProperty(PREFIX_MAPPER, FIXED_PREFIXES);
        marshaller.marshal(result, out);
        return out.toString();
    }

    private static Document parse(String xml) throws Exception {
        return SecureXml.documentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    /** The one search parameter a query names. */
    private record Criterion(String parameter, String value) {
        static Criterion of(CustomerQuery query) {
            List<Criterion> given = new ArrayList<>();
            add(given, "key", query.getKey());
            add(given, "email", query.getEmail());
            add(given, "phone", query.getPhone());
            add(given, "card", query.getCard());
            add(given, "hubId", query.getHubId());
            return given.get(0);
        }

        private static void add(List<Criterion> given, String parameter, String value) {
            if (value != null) {
                given.add(new Criterion(parameter, value));
            }
        }
    }
}
