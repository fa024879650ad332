package org.customerhub.procurement;

import java.util.ArrayList;
import java.util.List;

/** cXML requests as procurement platforms post them, modelled on real platform traffic, built per test. */
public final class CxmlDocuments {
    static final String DTD_LOWER = "<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.050/cXML.dtd\">";
    static final String DTD_MIXED = "<!DOCTYPE cXML SYSTEM \"http://xml.cXML.org/schemas/cXML/1.2.063/cXML.dtd\">";
    static final String SECRET = "coyote";

    private CxmlDocuments() {
    }

    static String envelope(String doctype, String payloadId, String secret, String deploymentMode, String request) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                %s
                <cXML payloadID="%s" timestamp="2026-03-02T10:15:00-05:00" xml:lang="en-US">
                  <Header>
                    <From><Credential domain="NetworkId"><Identity>buyer-org@prominate-platform.com</Identity></Credential></From>
                    <To><Credential domain="DUNS"><Identity>012345678</Identity></Credential></To>
                    <Sender>
                      <Credential domain="NetworkId">
                        <Identity>inbound@prominate-platform.com</Identity>
                        <SharedSecret>%s</SharedSecret>
                      </Credential>
                      <UserAgent>Prominate Procure 7.2</UserAgent>
                    </Sender>
                  </Header>
                  <Request deploymentMode="%s">
                %s
                  </Request>
                </cXML>
                """.formatted(doctype, payloadId, secret, deploymentMode, request);
    }

    /** Where a ShipTo or BillTo lies; a null state is left out. */
    record Place(String street, String city, String state, String postalCode, String countryCode, String country) {
    }

    static final Place PORTLAND = new Place("77 Commercial St", "Portland", "ME", "04101", "US", "United States");

    /**
     * A ShipTo or BillTo as an OrderRequestHeader holds it. addressAttributes and postalName may be empty or null;
     * email, when not null, follows the PostalAddress.
     */
    static String party(String element, String addressAttributes, String lang, String name, String postalName, Place place,
            List<String> deliverTo, String email) {
        List<String> lines = new ArrayList<>();
        lines.add("        <" + element + ">");
        lines.add("          <Address" + (addressAttributes == null || addressAttributes.isEmpty() ? "" : " " + addressAttributes) + ">");
        lines.add("            <Name xml:lang=\"" + lang + "\">" + name + "</Name>");
        lines.add("            <PostalAddress" + (postalName == null ? "" : " name=\"" + postalName + "\"") + ">");
        deliverTo.forEach(to -> lines.add("              <DeliverTo>" + to + "</DeliverTo>"));
        lines.add("              <Street>" + place.street() + "</Street>");
        lines.add("              <City>" + place.city() + "</City>");
        if (place.state() != null) {
            lines.add("              <State>" + place.state() + "</State>");
        }
        lines.add("              <PostalCode>" + place.postalCode() + "</PostalCode>");
        lines.add("              <Country isoCountryCode=\"" + place.countryCode() + "\">" + place.country() + "</Country>");
        lines.add("            </PostalAddress>");
        if (email != null) {
            lines.add("            <Email name=\"default\">" + email + "</Email>");
        }
        lines.add("          </Address>");
        lines.add("        </" + element + ">");
        return String.join("\n", lines);
    }

    /** An ItemDetail as an ItemOut holds it; classification and manufacturer (part id, name) are left out when null. */
    static String itemDetail(String currency, String unitPrice, String description, String unit, String classification,
            String manufacturerPartId, String manufacturer) {
        List<String> lines = new ArrayList<>();
        lines.add("        <ItemDetail>");
        lines.add("          <UnitPrice><Money currency=\"" + currency + "\">" + unitPrice + "</Money></UnitPrice>");
        lines.add("          <Description xml:lang=\"en\">" + description + "</Description>");
        lines.add("          <UnitOfMeasure>" + unit + "</UnitOfMeasure>");
        if (classification != null) {
            lines.add("          <Classification domain=\"UNSPSC\">" + classification + "</Classification>");
        }
        if (manufacturerPartId != null) {
            lines.add("          <ManufacturerPartID>" + manufacturerPartId + "</ManufacturerPartID>");
            lines.add("          <ManufacturerName>" + manufacturer + "</ManufacturerName>");
        }
        lines.add("        </ItemDetail>");
        return String.join("\n", lines);
    }

    /** An ItemOut of one supplier part and its detail, nothing else. */
    static String item(int quantity, int lineNumber, String supplierPartId, String detail) {
        return """
                      <ItemOut quantity="%d" lineNumber="%d">
                        <ItemID><SupplierPartID>%s</SupplierPartID></ItemID>
                %s
                      </ItemOut>""".formatted(quantity, lineNumber, supplierPartId, detail);
    }

    /** An order by one buyer contact, shipped to the buyer's office, with two catalogue lines in US dollars. */
    static String order(String doctype, String payloadId, String secret, String orderId, String buyerName, String email) {
        return envelope(doctype, payloadId, secret, "test", """
                    <OrderRequest>
                      <OrderRequestHeader orderID="%s" orderDate="2026-03-02T10:14:00-05:00" type="new">
                        <Total><Money currency="USD">191.40</Money></Total>
                %s
                %s
                        <Contact role="purchasingAgent">
                          <Name xml:lang="en">%s</Name>
                          <Email>%s</Email>
                          <Phone name="work">
                            <TelephoneNumber>
                              <CountryCode isoCountryCode="US">1</CountryCode>
                              <AreaOrCityCode>207</AreaOrCityCode>
                              <Number>5550143</Number>
                            </TelephoneNumber>
                          </Phone>
                        </Contact>
                      </OrderRequestHeader>
                %s
                %s
                    </OrderRequest>
                """.formatted(orderId,
                party("ShipTo", "", "en", "Harbor Marine Supply", "default", PORTLAND, List.of(buyerName), null),
                party("BillTo", "", "en", "Harbor Marine Supply", "default", PORTLAND, List.of(), null),
                buyerName, email,
                item(12, 1, "418220", itemDetail("USD", "8.45", "Nitrile gloves, box of 100", "BX", null, null, null)),
                item(3, 2, "530017", itemDetail("USD", "30", "Marine grease, 14 oz", "EA", null, null, null))));
    }

    /** Contact before BrowserFormPost: out of the DTD's order, as some platforms send it. */
    static String punchOut(String doctype, String payloadId, String buyerCookie) {
        return envelope(doctype, payloadId, SECRET, "test", """
                    <PunchOutSetupRequest operation="create">
                      <BuyerCookie>%s</BuyerCookie>
                      <Extrinsic name="UserEmail">lena.fogg@harbormarine.example.com</Extrinsic>
                      <Contact role="endUser">
                        <Name xml:lang="en">Lena Fogg</Name>
                        <Email>lena.fogg@harbormarine.example.com</Email>
                      </Contact>
                      <BrowserFormPost><URL>https://procure.prominate.example/cart-return</URL></BrowserFormPost>
                      <SupplierSetup><URL>https://supplier.example/cxml</URL></SupplierSetup>
                    </PunchOutSetupRequest>
                """.formatted(buyerCookie));
    }

    public static String profile(String payloadId) {
        return envelope("", payloadId, SECRET, "test", "    <ProfileRequest/>");
    }

    static String statusUpdate(String payloadId) {
        return envelope(DTD_LOWER, payloadId, SECRET, "test", """
                    <StatusUpdateRequest>
                      <DocumentReference payloadID="1772464500.77@customerhub"/>
                      <Status code="200" text="OK" xml:lang="en-US">Forwarded to supplier</Status>
                    </StatusUpdateRequest>
                """);
    }

    static String shipNotice(String payloadId) {
        return envelope("<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.063/Fulfill.dtd\">", payloadId, SECRET,
                "test", """
                    <ShipNoticeRequest>
                      <ShipNoticeHeader shipmentID="S-77" noticeDate="2026-03-03T08:00:00-05:00"/>
                    </ShipNoticeRequest>
                """);
    }
}
