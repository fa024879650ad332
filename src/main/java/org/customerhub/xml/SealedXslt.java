package org.customerhub.xml;

import java.util.Set;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.transform.Result;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.URIResolver;

import net.sf.saxon.Configuration;
import net.sf.saxon.TransformerFactoryImpl;
import net.sf.saxon.lib.EnvironmentVariableResolver;
import net.sf.saxon.lib.Feature;
import net.sf.saxon.lib.OutputURIResolver;
import net.sf.saxon.trans.XPathException;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.XMLFilterImpl;

/**
 * Saxon for the hub's mappings, sealed: a stylesheet transforms the document it is given and nothing else. It may not
 * include or import other stylesheets, read documents, text or collections (document(), doc(), unparsed-text(),
 * collection()), write files (xsl:result-document), read environment variables, evaluate XPath built at run time
 * (xsl:evaluate) or call Java; and neither a stylesheet nor a document Saxon parses may carry a DOCTYPE. Mappings are
 * edited through the admin API and on disk, so this holds whoever wrote them.
 */
public final class SealedXslt {
    private static final String REFUSED = "a mapping may only transform the message it is given: nothing is fetched, read or written";

    private SealedXslt() {
    }

    /** A fresh configuration; each one is independent of the others and of Saxon's defaults. */
    public static Configuration configuration() {
        Configuration config = new Configuration();
        config.setConfigurationProperty(Feature.ALLOWED_PROTOCOLS, "");
        config.setConfigurationProperty(Feature.ALLOW_EXTERNAL_FUNCTIONS, false);
        config.setConfigurationProperty(Feature.DISABLE_XSL_EVALUATE, true);
        config.setConfigurationProperty(Feature.STYLE_PARSER_CLASS, DoctypeRefusingReader.class.getName());
        config.setConfigurationProperty(Feature.SOURCE_PARSER_CLASS, DoctypeRefusingReader.class.getName());
        // a SAXSource that comes with its own parser (Camel hands Saxon such sources) is read with the one above
        config.setConfigurationProperty(Feature.IGNORE_SAX_SOURCE_PARSER, true);
        config.setResourceResolver(request -> {
            throw new XPathException(REFUSED + " (" + request.uri + ")");
        });
        config.setUnparsedTextURIResolver((uri, encoding, configuration) -> {
            throw new XPathException(REFUSED + " (" + uri + ")");
        });
        config.setCollectionFinder((context, uri) -> {
            throw new XPathException(REFUSED + " (" + uri + ")");
        });
        config.setOutputURIResolver(new RefusingOutput());
        config.setConfigurationProperty(Feature.ENVIRONMENT_VARIABLE_RESOLVER, new NoEnvironment());
        return config;
    }

    /** A JAXP factory over a sealed configuration, for compiling and trying mappings outside a route. */
    public static TransformerFactory transformerFactory() {
        TransformerFactoryImpl factory = new TransformerFactoryImpl(configuration());
        factory.setURIResolver(refusingResolver());
        return factory;
    }

    /** Resolves nothing: every href a stylesheet names (xsl:include, xsl:import, document()) is refused. */
    public static URIResolver refusingResolver() {
        return (href, base) -> {
            throw new TransformerException(REFUSED + " (" + href + ")");
        };
    }

    /**
     * For a route's XSLT step: the one stylesheet the route names is loaded through the delegate (Camel's own resolver),
     * any other href is refused.
     */
    public static URIResolver stylesheetOnly(String stylesheet, URIResolver delegate) {
        URIResolver refusing = refusingResolver();
        return (href, base) -> base == null && stylesheet.equals(href) ? delegate.resolve(href, null) : refusing.resolve(href, base);
    }

    /**
     * The parser Saxon reads stylesheets and documents with: the JDK's own, with no DOCTYPE, no external entity and no
     * XInclude. Saxon instantiates it by class name.
     */
    public static final class DoctypeRefusingReader extends XMLFilterImpl {
        /** Deeper than any mapping needs; a deeper document would keep the compiler busy for minutes. */
        private static final String MAX_ELEMENT_DEPTH = "256";

        public DoctypeRefusingReader() throws ParserConfigurationException, SAXException {
            SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            factory.setXIncludeAware(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            SAXParser parser = factory.newSAXParser();
            parser.setProperty("jdk.xml.maxElementDepth", MAX_ELEMENT_DEPTH);
            setParent(parser.getXMLReader());
        }
    }

    private static final class RefusingOutput implements OutputURIResolver {
        @Override
        public OutputURIResolver newInstance() {
            return this;
        }

        @Override
        public Result resolve(String href, String base) throws TransformerException {
            throw new TransformerException(REFUSED + " (" + href + ")");
        }

        @Override
        public void close(Result result) {
            // nothing is ever opened
        }
    }

    private static final class NoEnvironment implements EnvironmentVariableResolver {
        @Override
        public Set<String> getAvailableEnvironmentVariables() {
            return Set.of();
        }

        @Override
        public String getEnvironmentVariable(String name) {
            return null;
        }
    }
}
