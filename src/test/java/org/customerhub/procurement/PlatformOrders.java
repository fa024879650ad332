package org.customerhub.procurement;

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

    private PlatformOrders() {
    }

    /** Two lines: a Coupa catalogue part id nobody mapped yet, and a retailer SKU. */
    static String coupa(String payloadId, String orderId, String email) {
        return CxmlDocuments.envelope(DTD_1_2_014, payloadId, CxmlDocuments.SECRET, "test", """
                    <OrderRequest>
                      <OrderRequestHeader orderID="%s" orderDate="2026-03-04T09:12:44-08:00" type="new">
                        <Total><Money currency="USD">130.00</Money></Total>
                        <ShipTo>
                          <Address addressID="SEA-DOCK-2" isoCountryCode="US">
                            <Name xml:lang="en">Harbor Marine Supply</Name>
                            <PostalAddress name="Seattle Dock 2">
                              <DeliverTo>Mara Quill</DeliverTo>
                              <Street>1201 Alaskan Way</Street>
                              <City>Seattle</City>
                              <State>WA</State>
                              <PostalCode>98101</PostalCode>
                              <Country isoCountryCode="US">United States</Country>
                            </PostalAddress>
                            <Email name="default">%s</Email>
                          </Address>
                        </ShipTo>
                        <BillTo>
                          <Address addressID="AP-01" isoCountryCode="US">
                            <Name xml:lang="en">Harbor Marine Supply</Name>
                            <PostalAddress name="Accounts payable">
                              <Street>77 Commercial St</Street>
                              <City>Portland</City>
                              <State>ME</State>
                              <PostalCode>04101</PostalCode>
                              <Country isoCountryCode="US">United States</Country>
                            </PostalAddress>
                          </Address>
                        </BillTo>
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
                        <ItemDetail>
                          <UnitPrice><Money currency="USD">25.00</Money></UnitPrice>
                          <Description xml:lang="en">Bilge pump, 12 V</Description>
                          <UnitOfMeasure>EA</UnitOfMeasure>
                          <Classification domain="UNSPSC">40151500</Classification>
                          <ManufacturerPartID>BP-12V-800</ManufacturerPartID>
                          <ManufacturerName>Rule</ManufacturerName>
                        </ItemDetail>
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
                      <ItemOut quantity="2" lineNumber="2">
                        <ItemID><SupplierPartID>418220</SupplierPartID></ItemID>
                        <ItemDetail>
                          <UnitPrice><Money currency="USD">15.00</Money></UnitPrice>
                          <Description xml:lang="en">Nitrile gloves, box of 100</Description>
                          <UnitOfMeasure>BX</UnitOfMeasure>
                          <Classification domain="UNSPSC">42132203</Classification>
                        </ItemDetail>
                      </ItemOut>
                    </OrderRequest>
                """.formatted(orderId, email, email));
    }

    /** Retailer SKUs priced in euros, with header tax and shipping. */
    static String ariba(String payloadId, String orderId, String email) {
        return CxmlDocuments.envelope(DTD_1_2_050, payloadId, CxmlDocuments.SECRET, "test", """
                    <OrderRequest>
                      <OrderRequestHeader orderID="%s" orderDate="2026-03-05T14:02:10+01:00" type="new" orderType="regular" orderVersion="1">
                        <Total><Money currency="EUR">151.66</Money></Total>
                        <ShipTo>
                          <Address addressID="1000" isoCountryCode="DE">
                            <Name xml:lang="de">Hafenbedarf Nord GmbH</Name>
                            <PostalAddress name="Werk Kiel">
                              <DeliverTo>Jonas Berg</DeliverTo>
                              <Street>Kaistrasse 14</Street>
                              <City>Kiel</City>
                              <PostalCode>24103</PostalCode>
                              <Country isoCountryCode="DE">Deutschland</Country>
                            </PostalAddress>
                          </Address>
                        </ShipTo>
                        <BillTo>
                          <Address addressID="DE01" isoCountryCode="DE">
                            <Name xml:lang="de">Hafenbedarf Nord GmbH</Name>
                            <PostalAddress name="Buchhaltung">
                              <Street>Kaistrasse 14</Street>
                              <City>Kiel</City>
                              <PostalCode>24103</PostalCode>
                              <Country isoCountryCode="DE">Deutschland</Country>
                            </PostalAddress>
                          </Address>
                        </BillTo>
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
                        <ItemDetail>
                          <UnitPrice><Money currency="EUR">7.945</Money></UnitPrice>
                          <Description xml:lang="en">Nitrile gloves, box of 100</Description>
                          <UnitOfMeasure>BX</UnitOfMeasure>
                          <Classification domain="UNSPSC">42132203</Classification>
                        </ItemDetail>
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
                      <ItemOut quantity="2" lineNumber="20">
                        <ItemID><SupplierPartID>530017</SupplierPartID></ItemID>
                        <ItemDetail>
                          <UnitPrice><Money currency="EUR">12.5</Money></UnitPrice>
                          <Description xml:lang="en">Marine grease, 14 oz</Description>
                          <UnitOfMeasure>EA</UnitOfMeasure>
                          <Classification domain="UNSPSC">15121902</Classification>
                        </ItemDetail>
                      </ItemOut>
                    </OrderRequest>
                """.formatted(orderId, email));
    }

    /** An older DTD version; a 7-digit supplier part number that the manufacturer's part number identifies. */
    static String jaggaer(String payloadId, String orderId, String email) {
        return CxmlDocuments.envelope(DTD_1_2_014, payloadId, CxmlDocuments.SECRET, "test", """
                    <OrderRequest>
                      <OrderRequestHeader orderID="%s" orderDate="2026-03-06T08:30:00-05:00" type="new">
                        <Total><Money currency="USD">86.40</Money></Total>
                        <ShipTo>
                          <Address addressID="BLDG-7">
                            <Name xml:lang="en">Tidewater Research Institute</Name>
                            <PostalAddress>
                              <DeliverTo>Pell Ward</DeliverTo>
                              <DeliverTo>Building 7, Room 112</DeliverTo>
                              <Street>400 Shore Rd</Street>
                              <City>Norfolk</City>
                              <State>VA</State>
                              <PostalCode>23505</PostalCode>
                              <Country isoCountryCode="US">United States</Country>
                            </PostalAddress>
                          </Address>
                        </ShipTo>
                        <BillTo>
                          <Address addressID="AP">
                            <Name xml:lang="en">Tidewater Research Institute</Name>
                            <PostalAddress>
                              <Street>400 Shore Rd</Street>
                              <City>Norfolk</City>
                              <State>VA</State>
                              <PostalCode>23505</PostalCode>
                              <Country isoCountryCode="US">United States</Country>
                            </PostalAddress>
                          </Address>
                        </BillTo>
                        <Contact role="endUser">
                          <Name xml:lang="en">Pell Ward</Name>
                          <Email>%s</Email>
                        </Contact>
                      </OrderRequestHeader>
                      <ItemOut quantity="6" lineNumber="1">
                        <ItemID><SupplierPartID>1233244</SupplierPartID></ItemID>
                        <ItemDetail>
                          <UnitPrice><Money currency="USD">14.40</Money></UnitPrice>
                          <Description xml:lang="en">Sample bottles, 250 ml, case of 12</Description>
                          <UnitOfMeasure>CS</UnitOfMeasure>
                          <Classification domain="UNSPSC">41122104</Classification>
                          <ManufacturerPartID>NAL-2089-0250</ManufacturerPartID>
                          <ManufacturerName>Nalgene</ManufacturerName>
                        </ItemDetail>
                      </ItemOut>
                    </OrderRequest>
                """.formatted(orderId, email));
    }
}
