package org.customerhub.store;

import java.io.StringReader;
import java.io.StringWriter;

import javax.xml.namespace.QName;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;

import org.customerhub.canonical.CustomerChanged;
import org.customerhub.canonical.CustomerValue;
import org.customerhub.canonical.Interaction;
import org.customerhub.canonical.ObjectFactory;
import org.customerhub.json.Json;

/** How canonical values are kept in the store: attribute values as JSON, interaction details as canonical XML. */
public final class AttributeCodec {
    private static final String CANONICAL_NS = "urn:customerhub:canonical:1";
    private static final JAXBContext CANONICAL = createContext();
    private static final XMLInputFactory STORED_XML = storedXmlFactory();

    /**
     * The hub's mapper, leaving null fields out as stored values always have: a canonical value has many optional
     * fields, and the store keeps a row per value. API answers, by contrast, show a field that is null.
     */
    private static final ObjectMapper STORED_JSON = Json.MAPPER.copy().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private static JAXBContext createContext() {
        try {
            return JAXBContext.newInstance(ObjectFactory.class);
        } catch (JAXBException e) {
            throw new IllegalStateException("canonical JAXB classes are missing", e);
        }
    }

    /** The store's XML is the hub's own, but no DTD or external entity is read from it all the same. */
    private static XMLInputFactory storedXmlFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return factory;
    }

    public static JAXBContext canonicalContext() {
        return CANONICAL;
    }

    public String toJson(Object value) {
        try {
            return STORED_JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot store value of " + value.getClass().getSimpleName(), e);
        }
    }

    public <T> T fromJson(String text, Class<T> type) {
        try {
            return STORED_JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored value is not a " + type.getSimpleName(), e);
        }
    }

    public String toXml(Interaction interaction) {
        return fragment("interaction", Interaction.class, interaction);
    }

    public String toXml(CustomerChanged event) {
        try {
            StringWriter out = new StringWriter();
            CANONICAL.createMarshaller().marshal(new ObjectFactory().createCustomerChanged(event), out);
            return out.toString();
        } catch (JAXBException e) {
            throw new IllegalArgumentException("cannot write change event " + event.getEventId(), e);
        }
    }

    public Interaction interactionFromXml(String xml) {
        return stored(xml, Interaction.class);
    }

    /** A customer's value figures as stored (customer_value.figures). */
    public String toXml(CustomerValue value) {
        return fragment("value", CustomerValue.class, value);
    }

    public CustomerValue valueFromXml(String xml) {
        return stored(xml, CustomerValue.class);
    }

    /** A canonical value as an XML fragment under the given element name. */
    private static <T> String fragment(String element, Class<T> type, T value) {
        try {
            StringWriter out = new StringWriter();
            var marshaller = CANONICAL.createMarshaller();
            marshaller.setProperty(jakarta.xml.bind.Marshaller.JAXB_FRAGMENT, true);
            marshaller.marshal(new JAXBElement<>(new QName(CANONICAL_NS, element), type, value), out);
            return out.toString();
        } catch (JAXBException e) {
            throw new IllegalArgumentException("cannot store " + type.getSimpleName(), e);
        }
    }

    /**
     * Read through StAX from one shared factory: unmarshalling a StreamSource looks a SAX parser factory up on the
     * class path every time, which was a lookup's largest cost.
     */
    private static <T> T stored(String xml, Class<T> type) {
        try {
            XMLStreamReader reader = STORED_XML.createXMLStreamReader(new StringReader(xml));
            try {
                return CANONICAL.createUnmarshaller().unmarshal(reader, type).getValue();
            } finally {
                reader.close();
            }
        } catch (JAXBException | XMLStreamException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " is not canonical XML", e);
        }
    }
}
