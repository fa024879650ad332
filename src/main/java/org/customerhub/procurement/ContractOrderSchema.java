package org.customerhub.procurement;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.Validator;

import org.customerhub.xml.SecureXml;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The direct-sales schema for the ContractOrders the cXML gateway writes. A fault holds the order for the order desk
 * with the element at fault and the schema's rule, never the element's value, which may be personal data.
 */
public final class ContractOrderSchema {
    /** The JDK's validator tells which element of a DOM it is validating through this property. */
    private static final String CURRENT_ELEMENT = "http://apache.org/xml/properties/dom/current-element-node";
    private static final String LOCALE = "http://apache.org/xml/properties/locale";
    private static final Pattern RULE_ID = Pattern.compile("^cvc-[A-Za-z0-9.-]+: ");

    private final Schema schema;

    public ContractOrderSchema(Path directSalesSchema) throws SAXException {
        schema = SecureXml.schemaFactory().newSchema(directSalesSchema.toFile());
    }

    /** The first element at fault in a ContractOrder and the rule it breaks; empty when the schema takes it. */
    public Optional<String> fault(String contractOrder) throws IOException, SAXException {
        Validator validator = schema.newValidator();
        // the rules' wording is matched below to take the value out: the same language on every machine
        validator.setProperty(LOCALE, Locale.ENGLISH);
        FirstFault first = new FirstFault(validator);
        validator.setErrorHandler(first);
        validator.validate(new DOMSource(SecureXml.documentBuilder().parse(new InputSource(new StringReader(contractOrder)))));
        return Optional.ofNullable(first.fault);
    }

    /** Keeps the first fault as "path: rule"; the validator goes on, but its later faults follow from the first. */
    private static final class FirstFault implements ErrorHandler {
        private final Validator validator;
        private String fault;

        FirstFault(Validator validator) {
            this.validator = validator;
        }

        @Override
        public void warning(SAXParseException exception) {
            // a warning does not refuse an order
        }

        @Override
        public void error(SAXParseException exception) throws SAXException {
            if (fault == null) {
                Element element = (Element) validator.getProperty(CURRENT_ELEMENT);
                fault = path(element) + ": " + withoutValue(exception.getMessage(), element);
            }
        }

        @Override
        public void fatalError(SAXParseException exception) throws SAXException {
            error(exception);
        }
    }

    /** ContractOrder/lines/line[2]/sku: a position only where an element has siblings of its name. */
    static String path(Element element) {
        StringBuilder path = new StringBuilder();
        for (Node node = element; node instanceof Element; node = node.getParentNode()) {
            String name = node.getLocalName();
            int position = 0;
            int named = 0;
            for (Node sibling = node.getParentNode().getFirstChild(); sibling != null; sibling = sibling.getNextSibling()) {
                if (sibling instanceof Element && name.equals(sibling.getLocalName())) {
                    named++;
                    position = sibling == node ? named : position;
                }
            }
            path.insert(0, named > 1 ? "/" + name + "[" + position + "]" : "/" + name);
        }
        return path.substring(1);
    }

    /**
     * The schema's rule with the element's value taken out: Xerces quotes the value it refuses ("Value '1233244' is not
     * facet-valid with respect to pattern '[0-9]{6}'"), as sent or with its white space collapsed.
     */
    static String withoutValue(String rule, Element element) {
        String text = RULE_ID.matcher(rule == null ? "" : rule).replaceFirst("");
        String value = element.getTextContent();
        for (String form : new String[] {value, value.strip(), value.strip().replaceAll("\\s+", " ")}) {
            String quoted = Pattern.quote("'" + form + "'");
            text = text.replaceAll("(?i)(the )?value " + quoted, Matcher.quoteReplacement("the value"))
                    .replaceAll(quoted, Matcher.quoteReplacement("the value"));
        }
        return text;
    }
}
