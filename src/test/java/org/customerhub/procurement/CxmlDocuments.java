package org.customerhub.procurement;

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

    /** An order by one buyer contact, shipped to the buyer's office, with two catalogue lines in US dollars. */
    static String order(String doctype, String payloadId, String secret, String orderId, String buyerName, String email) {
        return envelope(doctype, payloadId, secret, "test", """
                    <OrderRequest>
                      <OrderRequestHeader orderID="%s" orderDate="2026-03-02T10:14:00-05:00" type="new">
                        <Total><Money currency="USD">191.40</Money></Total>
                        <ShipTo>
                          <Address>
                            <Name xml:lang="en">Harbor Marine Supply</Name>
                            <PostalAddress name="default">
                              <DeliverTo>%s</DeliverTo>
                              <Street>77 Commercial St</Street>
                              <City>Portland</City>
                              <State>ME</State>
                              <PostalCode>04101</PostalCode>
                              <Country isoCountryCode="US">United States</Country>
                            </PostalAddress>
                          </Address>
                        </ShipTo>
                        <BillTo>
                          <Address>
                            <Name xml:lang="en">Harbor Marine Supply</Name>
                            <PostalAddress name="default">
                              <Street>77 Commercial St</Street>
                              <City>Portland</City>
                              <State>ME</State>
                              <PostalCode>04101</PostalCode>
                              <Country isoCountryCode="US">United States</Country>
                            </PostalAddress>
                          </Address>
                        </BillTo>
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
                      <ItemOut quantity="12" lineNumber="1">
                        <ItemID><SupplierPartID>418220</SupplierPartID></ItemID>
                        <ItemDetail>
                          <UnitPrice><Money currency="USD">8.45</Money></UnitPrice>
                          <Description xml:lang="en">Nitrile gloves, box of 100</Description>
                          <UnitOfMeasure>BX</UnitOfMeasure>
                        </ItemDetail>
                      </ItemOut>
                      <ItemOut quantity="3" lineNumber="2">
                        <ItemID><SupplierPartID>530017</SupplierPartID></ItemID>
                        <ItemDetail>
                          <UnitPrice><Money currency="USD">30</Money></UnitPrice>
                          <Description xml:lang="en">Marine grease, 14 oz</Description>
                          <UnitOfMeasure>EA</UnitOfMeasure>
                        </ItemDetail>
                      </ItemOut>
                    </OrderRequest>
                """.formatted(orderId, buyerName, buyerName, email));
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
