package org.customerhub.procurement;

import java.util.List;

/**
 * OrderRequests in the shapes the large procurement platforms publish in their cXML guides: Coupa (DTD 1.2.014, supplier
 * part ids such as "product:1861", AccountingSegments in a line's Distribution, an Email in the ShipTo Address,
 * Extrinsics and Comments), SAP Ariba (an order
 * in euros with header Tax and Shipping, addressIDs on ShipTo and BillTo, an endUser contact) and Jaggaer (an older
 * DTD version, 7-digit supplier part numbers with the manufacturer's part number). From the demo partner.
 */
final class PlatformOrders {
    static final String DTD_1_2_014 = "<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd\">";
    static final String DTD_1_2_050 = "<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.050/cXML.dtd\">";

    private static final CxmlDocuments.Place SEATTLE = new CxmlDocuments.Place("1201 Alaskan Way", "Seattle", "WA", "98101", "US",
            "United States");
    private static final CxmlDocuments.Place KIEL = new CxmlDocuments.Place("Kaistrasse 14", "Kiel", null, "24103", "DE", "Deutschland");
    private static final CxmlDocuments.Place NORFOLK = new CxmlDocuments.Place("400 Shore Rd", "Norfolk", "VA", "23505", "US",
            "United States");

    private PlatformOrders() {
    }

    /** Two lines: a Coupa catalogue part id nobody mapped yet, and a retailer SKU. */
    static String coupa(String payloadId, String orderId, String email) {
        return CxmlDocuments.envelope(DTD_1_2_014, payloadId, CxmlDocuments.SECRET, "test", """
                    <OrderRequest>
                      <OrderRequestHeader orderID="%s" orderDate="2026-03-04T09:12:44-08:00" type="new">
                        <Total><Money currency="USD">130.00</Money></Total>
                %s
                %s
                        <Contact role="endUser">
                          <Name xml:lang="en">Mara Quill</Name>
                          <Email name="default">%s</Email>
                        </Contact>
                        <Comments xml:lang="en-US">Deliver to loading dock 2 before noon</Comments>
                        <Extrinsic name="ShipToAttention">Receiving</Extrinsic>
                        <Extrinsic name="CoupaRequisitionNumber">4471</Extrinsic>
                      </OrderRequestHeader>
                      <ItemOut quantity="4" lineNumber="1" requestedDeliveryDate="2026-03-11T00:00:00-08:00">
                        <ItemID>
                          <SupplierPartID>product:1861</SupplierPartID>
                          <SupplierPartAuxiliaryID>product:1861</SupplierPartAuxiliaryID>
                        </ItemID>
                %s
                        <Distribution>
                          <Accounting name="Buyer assigned accounting code 1">
                            <AccountingSegment id="6100">
                              <Name xml:lang="en">Account</Name>
                              <Description xml:lang="en">Maintenance supplies</Description>
                            </AccountingSegment>
                            <AccountingSegment id="CC-220">
                              <Name xml:lang="en">Cost center</Name>
                              <Description xml:lang="en">Fleet</Description>
                            </AccountingSegment>
                          </Accounting>
                          <Charge><Money currency="USD">100.00</Money></Charge>
                        </Distribution>
                        <Comments xml:lang="en-US">Same model as last order</Comments>
                      </ItemOut>
                %s
                    </OrderRequest>
                """.formatted(orderId,
                CxmlDocuments.party("ShipTo", "addressID=\"SEA-DOCK-2\" isoCountryCode=\"US\"", "en", "Harbor Marine Supply",
                        "Seattle Dock 2", SEATTLE, List.of("Mara Quill"), email),
                CxmlDocuments.party("BillTo", "addressID=\"AP-01\" isoCountryCode=\"US\"", "en", "Harbor Marine Supply",
                        "Accounts payable", CxmlDocuments.PORTLAND, List.of(), null),
                email,
                CxmlDocuments.itemDetail("USD", "25.00", "Bilge pump, 12 V", "EA", "40151500", "BP-12V-800", "Rule"),
                CxmlDocuments.item(2, 2, "418220",
                        CxmlDocuments.itemDetail("USD", "15.00", "Nitrile gloves, box of 100", "BX", "42132203", null, null))));
    }

    /** Retailer SKUs priced in euros, with header tax and shipping. */
    static String ariba(String payloadId, String orderId, String email) {
        return CxmlDocuments.envelope(DTD_1_2_050, payloadId, CxmlDocuments.SECRET, "test", """
                    <OrderRequest>
                      <OrderRequestHeader orderID="%s" orderDate="2026-03-05T14:02:10+01:00" type="new" orderType="regular" orderVersion="1">
                        <Total><Money currency="EUR">151.66</Money></Total>
                %s
                %s
                        <Shipping>
                          <Money currency="EUR">12.00</Money>
                          <Description xml:lang="en">Standard freight</Description>
                        </Shipping>
                        <Tax>
                          <Money currency="EUR">24.21</Money>
                          <Description xml:lang="en">VAT 19%%</Description>
                        </Tax>
                        <Contact role="endUser" addressID="JBERG">
                          <Name xml:lang="de">Jonas Berg</Name>
                          <Email name="default">%s</Email>
                        </Contact>
                        <Comments xml:lang="de">Bitte mit Lieferschein</Comments>
                        <Extrinsic name="CompanyCode">DE01</Extrinsic>
                        <Extrinsic name="PurchaseGroup">P20</Extrinsic>
                      </OrderRequestHeader>
                      <ItemOut quantity="10" lineNumber="10">
                        <ItemID><SupplierPartID>418220</SupplierPartID><SupplierPartAuxiliaryID>BX100</SupplierPartAuxiliaryID></ItemID>
                %s
                        <Tax>
                          <Money currency="EUR">15.10</Money>
                          <Description xml:lang="en">VAT 19%%</Description>
                        </Tax>
                        <Distribution>
                          <Accounting name="DistributionCharge">
                            <Segment type="CostCenter" id="4100" description="Werkstatt"/>
                            <Segment type="GLAccount" id="400000" description="Verbrauchsmaterial"/>
                          </Accounting>
                          <Charge><Money currency="EUR">79.45</Money></Charge>
                        </Distribution>
                      </ItemOut>
                %s
                    </OrderRequest>
                """.formatted(orderId,
                CxmlDocuments.party("ShipTo", "addressID=\"1000\" isoCountryCode=\"DE\"", "de", "Hafenbedarf Nord GmbH", "Werk Kiel",
                        KIEL, List.of("Jonas Berg"), null),
                CxmlDocuments.party("BillTo", "addressID=\"DE01\" isoCountryCode=\"DE\"", "de", "Hafenbedarf Nord GmbH", "Buchhaltung",
                        KIEL, List.of(), null),
                email,
                CxmlDocuments.itemDetail("EUR", "7.945", "Nitrile gloves, box of 100", "BX", "42132203", null, null),
                CxmlDocuments.item(2, 20, "530017",
                        CxmlDocuments.itemDetail("EUR", "12.5", "Marine grease, 14 oz", "EA", "15121902", null, null))));
    }

    /** An older DTD version; a 7-digit supplier part number that the manufacturer's part number identifies. */
    static String jaggaer(String payloadId, String orderId, String email) {
        return CxmlDocuments.envelope(DTD_1_2_014, payloadId, CxmlDocuments.SECRET, "test", """
                    <OrderRequest>
                      <OrderRequestHeader orderID="%s" orderDate="2026-03-06T08:30:00-05:00" type="new">
                        <Total><Money currency="USD">86.40</Money></Total>
                %s
                %s
                        <Contact role="endUser">
                          <Name xml:lang="en">Pell Ward</Name>
                          <Email>%s</Email>
                        </Contact>
                      </OrderRequestHeader>
                %s
                    </OrderRequest>
                """.formatted(orderId,
                CxmlDocuments.party("ShipTo", "addressID=\"BLDG-7\"", "en", "Tidewater Research Institute", null, NORFOLK,
                        List.of("Pell Ward", "Building 7, Room 112"), null),
                CxmlDocuments.party("BillTo", "addressID=\"AP\"", "en", "Tidewater Research Institute", null, NORFOLK, List.of(), null),
                email,
                CxmlDocuments.item(6, 1, "1233244", CxmlDocuments.itemDetail("USD", "14.40", "Sample bottles, 250 ml, case of 12", "CS",
                        "41122104", "NAL-2089-0250", "Nalgene"))));
    }
}
