package org.customerhub.store;

import java.io.StringReader;
import java.io.StringWriter;

import javax.xml.namespace.QName;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import javax.xml.transform.stream.StreamSource;

import org.customerhub.canonical.CustomerChanged;
import org.customerhub.canonical.Interaction;
import org.customerhub.canonical.ObjectFactory;

/** How canonical values are kept in the store: attribute values as JSON, interaction details as canonical XML. */
public final class AttributeCodec {
    private static final String CANONICAL_NS = "urn:customerhub:canonical:1";
    private static final JAXBContext CANONICAL = createContext();

    private final ObjectMapper json = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static JAXBContext createContext() {
        try {
            return JAXBContext.newInstance(ObjectFactory.class);
        } catch (JAXBException e) {
            throw new IllegalStateException("canonical JAXB classes are missing", e);
        }
    }

    public static JAXBContext canonicalContext() {
        return CANONICAL;
    }

    public String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot store value of " + value.getClass().getSimpleName(), e);
        }
    }

    public <T> T fromJson(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored value is not a " + type.getSimpleName(), e);
        }
    }

    public String toXml(Interaction interaction) {
        try {
            StringWriter out = new StringWriter();
            var marshaller = CANONICAL.createMarshaller();
            marshaller.setProperty(jakarta.xml.bind.Marshaller.JAXB_FRAGMENT, true);
            marshaller.marshal(new JAXBElement<>(new QName(CANONICAL_NS, "interaction"), Interaction.class, interaction), out);
            return out.toString();
        } catch (JAXBException e) {
            throw new IllegalArgumentException("cannot store interaction " + interaction.getId(), e);
        }
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
        try {
            return CANONICAL.createUnmarshaller().unmarshal(new StreamSource(new StringReader(xml)), Interaction.class).getValue();
        } catch (JAXBException e) {
            throw new IllegalStateException("stored interaction is not canonical XML", e);
        }
    }
}
