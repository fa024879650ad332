package org.customerhub.procurement;

import javax.xml.transform.TransformerException;

import jakarta.xml.bind.JAXBException;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.dataformat.JaxbDataFormat;

/**
 * POST /cxml. Java rather than YAML, like the read API: this is the hub's contract with procurement platforms.
 * An order is stored before it is forwarded to direct sales, or, when direct sales cannot take it as it is, to the
 * order desk's exceptions queue; a failed forward answers 500, and the platform's resend (same payloadID) forwards it
 * then without storing it twice.
 */
public final class CxmlRoutes extends RouteBuilder {
    private final String mappingsDir;

    public CxmlRoutes(String mappingsDir) {
        this.mappingsDir = mappingsDir;
    }

    @Override
    public void configure() throws Exception {
        onException(CxmlRefusal.class).handled(true).bean("cxmlGateway", "refuse");
        onException(TransformerException.class, JAXBException.class).handled(true)
                .bean("cxmlGateway", "invalidOrder");
        onException(Exception.class).handled(true).bean("cxmlGateway", "fail");

        from("platform-http:/cxml?httpMethodRestrict=POST").routeId("cxml-gateway")
                .bean("cxmlGateway", "accept")
                .choice()
                    .when(header(CxmlGateway.REQUEST_NAME).isEqualTo("OrderRequest")).to("direct:cxml-order")
                    .when(header(CxmlGateway.REQUEST_NAME).isEqualTo("PunchOutSetupRequest")).bean("cxmlGateway", "punchOut")
                    .when(header(CxmlGateway.REQUEST_NAME).isEqualTo("ProfileRequest")).bean("cxmlGateway", "profile")
                    .otherwise().bean("cxmlGateway", "notImplemented")
                .end();

        JaxbDataFormat canonical = new JaxbDataFormat();
        canonical.setContextPath("org.customerhub.canonical");
        canonical.setSchema("file:xsd/canonical/customer.xsd");

        from("direct:cxml-order").routeId("cxml-order")
                .bean("procurementOrders", "begin")
                .choice()
                    .when(exchangeProperty(ProcurementOrders.ALREADY_FORWARDED).isEqualTo(false))
                        .to("xslt-saxon:file:" + mappingsDir + "/cxml-to-canonical.xsl")
                        .unmarshal(canonical)
                        .bean("procurementOrders", "prepare")
                        .bean("procurementOrders", "toIngest")
                        // the profile update every channel's messages take: same checks, identity, events
                        .bean("channelIngest", "store")
                        .bean("procurementOrders", "stored")
                        .choice()
                            .when(exchangeProperty(ProcurementOrders.HELD).isEqualTo(true)).to(OrderDesk.EXCEPTIONS)
                            .when(exchangeProperty(ProcurementOrders.CANCELLED).isEqualTo(false)).to(OrderDesk.DIRECTSALES)
                        .end()
                        .bean("procurementOrders", "forwarded")
                        .split(body()).to("jms:topic:hub.customer.events?exchangePattern=InOnly").end()
                .end()
                .bean("cxmlGateway", "ordered");
    }
}
