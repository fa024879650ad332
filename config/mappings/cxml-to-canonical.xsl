<?xml version="1.0" encoding="UTF-8"?>
<!-- cXML OrderRequest (procurement platforms) to the canonical channel record.
     The persons are the buyer's contacts: each OrderRequestHeader/Contact, and the person a ShipTo or BillTo is
     delivered to (DeliverTo; a Contact of the same name gets the address instead). An Address Name is the buying
     company, never a person: it becomes the affiliation's organisation name. The first person placed the order and holds the interaction. The gateway passes the parameters:
     who the partner is, which account it orders for, and the document id (partner/payloadID) that marks a resend. -->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:f="urn:customerhub:mapping:cxml"
                xmlns="urn:customerhub:canonical:1"
                exclude-result-prefixes="xs f">
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:param name="cxmlPartner" as="xs:string"/>
  <xsl:param name="cxmlOrganisationId" as="xs:string"/>
  <xsl:param name="cxmlDocumentId" as="xs:string"/>

  <xsl:template match="/cXML">
    <xsl:variable name="order" select="Request/OrderRequest"/>
    <xsl:variable name="header" select="$order/OrderRequestHeader"/>
    <xsl:variable name="at" select="if ($header/@orderDate castable as xs:dateTime) then $header/@orderDate else @timestamp"/>
    <xsl:variable name="company" select="normalize-space(($header/BillTo/Address/Name, $header/ShipTo/Address/Name)[1])"/>
    <xsl:variable name="contacts" select="$header/Contact[normalize-space(Name) or normalize-space(Email)]"/>
    <xsl:variable name="deliveries" select="($header/ShipTo, $header/BillTo)/Address[f:deliver-to(.)]"/>
    <!-- a ShipTo or BillTo person who is not one of the Contacts, once however many addresses name them -->
    <xsl:variable name="recipients" as="element(Address)*">
      <xsl:for-each-group select="$deliveries[not(f:deliver-to(.) = $contacts/f:key(Name))]" group-by="f:deliver-to(.)">
        <xsl:sequence select="current-group()[1]"/>
      </xsl:for-each-group>
    </xsl:variable>
    <channelRecord channel="procurement" documentType="OrderRequest" documentId="{$cxmlDocumentId}" effectiveAt="{$at}">
      <xsl:for-each select="$contacts, $recipients">
        <xsl:variable name="fullName" select="normalize-space(if (self::Contact) then Name else PostalAddress/DeliverTo[normalize-space()][1])"/>
        <party>
          <xsl:if test="$fullName">
            <xsl:variable name="words" select="tokenize($fullName, ' ')"/>
            <name>
              <xsl:if test="count($words) gt 1"><given><xsl:value-of select="$words[position() lt last()]"/></given></xsl:if>
              <family><xsl:value-of select="$words[last()]"/></family>
            </name>
          </xsl:if>
          <xsl:for-each select="Email[normalize-space()]"><email><xsl:value-of select="normalize-space()"/></email></xsl:for-each>
          <xsl:for-each select="Phone/TelephoneNumber[normalize-space(Number)]">
            <phone><xsl:value-of select="normalize-space(string-join(('+' || normalize-space(CountryCode), AreaOrCityCode, Number), ' '))"/></phone>
          </xsl:for-each>
          <xsl:apply-templates select="self::Contact/PostalAddress, $deliveries[$fullName and f:deliver-to(.) = f:key($fullName)]/PostalAddress"/>
          <affiliation organisationId="{$cxmlOrganisationId}" role="{(@role, 'recipient')[1]}">
            <xsl:if test="$company"><xsl:attribute name="organisationName" select="$company"/></xsl:if>
          </affiliation>
          <xsl:if test="position() = 1">
            <xsl:apply-templates select="$order" mode="interaction">
              <xsl:with-param name="at" select="$at"/>
            </xsl:apply-templates>
          </xsl:if>
        </party>
      </xsl:for-each>
      <xsl:if test="empty(($contacts, $recipients))">
        <xsl:apply-templates select="$order" mode="interaction">
          <xsl:with-param name="at" select="$at"/>
        </xsl:apply-templates>
      </xsl:if>
    </channelRecord>
  </xsl:template>

  <!-- The person an Address is delivered to, as a comparable key; empty when it names nobody. -->
  <xsl:function name="f:deliver-to" as="xs:string">
    <xsl:param name="address" as="element(Address)"/>
    <xsl:sequence select="f:key(($address/PostalAddress/DeliverTo[normalize-space()])[1])"/>
  </xsl:function>

  <xsl:function name="f:key" as="xs:string">
    <xsl:param name="name" as="item()?"/>
    <xsl:sequence select="lower-case(normalize-space(string($name)))"/>
  </xsl:function>

  <xsl:template match="PostalAddress[normalize-space(Street[1]) and normalize-space(City) and normalize-space(PostalCode)]">
    <address use="{if (ancestor::ShipTo) then 'shipping' else if (ancestor::BillTo) then 'billing' else 'postal'}">
      <line1><xsl:value-of select="normalize-space(Street[1])"/></line1>
      <xsl:if test="normalize-space(Street[2])"><line2><xsl:value-of select="normalize-space(Street[2])"/></line2></xsl:if>
      <city><xsl:value-of select="normalize-space(City)"/></city>
      <xsl:if test="normalize-space(State)"><region><xsl:value-of select="normalize-space(State)"/></region></xsl:if>
      <postalCode><xsl:value-of select="normalize-space(PostalCode)"/></postalCode>
      <xsl:if test="Country/@isoCountryCode"><country><xsl:value-of select="Country/@isoCountryCode"/></country></xsl:if>
    </address>
  </xsl:template>

  <!-- an address without street, city or postal code says too little to keep -->
  <xsl:template match="PostalAddress"/>

  <xsl:template match="OrderRequest" mode="interaction">
    <xsl:param name="at"/>
    <xsl:variable name="total" select="OrderRequestHeader/Total/Money"/>
    <interaction type="PROCUREMENT_ORDER" id="{$cxmlPartner}/{OrderRequestHeader/@orderID}"
                 reference="{OrderRequestHeader/@orderID}" at="{$at}" organisationId="{$cxmlOrganisationId}">
      <xsl:if test="OrderRequestHeader/@type = 'update'"><xsl:attribute name="status" select="'CHANGED'"/></xsl:if>
      <xsl:if test="OrderRequestHeader/@type = 'delete'"><xsl:attribute name="status" select="'CANCELLED'"/></xsl:if>
      <xsl:if test="$total castable as xs:decimal">
        <xsl:attribute name="amount" select="xs:decimal($total)"/>
        <xsl:attribute name="currency" select="$total/@currency"/>
      </xsl:if>
      <xsl:for-each select="ItemOut">
        <line sku="{normalize-space(ItemID/SupplierPartID)}" quantity="{xs:integer(xs:decimal(@quantity))}">
          <xsl:if test="normalize-space(ItemDetail/Description)">
            <xsl:attribute name="description" select="normalize-space(ItemDetail/Description)"/>
          </xsl:if>
          <xsl:if test="ItemDetail/UnitPrice/Money castable as xs:decimal">
            <xsl:attribute name="unitPrice" select="xs:decimal(ItemDetail/UnitPrice/Money)"/>
          </xsl:if>
        </line>
      </xsl:for-each>
      <!-- what the order says beyond its lines, kept as sent: the order's first, then each line's -->
      <xsl:apply-templates select="OrderRequestHeader" mode="detail"/>
      <xsl:for-each select="ItemOut">
        <xsl:apply-templates select="." mode="detail">
          <xsl:with-param name="line" select="if (@lineNumber castable as xs:int) then xs:int(@lineNumber) else position()" tunnel="yes"/>
        </xsl:apply-templates>
      </xsl:for-each>
    </interaction>
  </xsl:template>

  <xsl:template match="OrderRequestHeader | ItemOut" mode="detail">
    <xsl:param name="line" as="xs:int?" tunnel="yes"/>
    <xsl:for-each select="(ShipTo, BillTo)/Address[normalize-space(@addressID)]">
      <xsl:sequence select="f:detail($line, local-name(..) || ' addressID', @addressID)"/>
    </xsl:for-each>
    <xsl:for-each select="Contact[normalize-space(Name)]">
      <xsl:sequence select="f:detail($line, 'Contact ' || (@role, 'unspecified')[1], Name)"/>
    </xsl:for-each>
    <xsl:for-each select="ItemID/SupplierPartID, ItemID/SupplierPartAuxiliaryID, ItemDetail/ManufacturerPartID, ItemDetail/ManufacturerName, ItemDetail/UnitOfMeasure">
      <xsl:sequence select="f:detail($line, local-name(), .)"/>
    </xsl:for-each>
    <xsl:for-each select="ItemDetail/Classification">
      <xsl:sequence select="f:detail($line, 'Classification ' || @domain, .)"/>
    </xsl:for-each>
    <xsl:for-each select="Tax, Shipping">
      <xsl:sequence select="f:detail($line, local-name(), string-join((normalize-space(Money), Money/@currency, normalize-space(Description)[.]), ' '))"/>
    </xsl:for-each>
    <xsl:for-each select="Distribution">
      <!-- older versions write Segment type/id/description, newer ones AccountingSegment id with Name and Description -->
      <xsl:sequence select="f:detail($line, 'Accounting ' || Accounting/@name, string-join((
          Accounting/Segment/string-join((@type || '=' || @id, @description[normalize-space()]), ' '),
          Accounting/AccountingSegment/string-join((normalize-space(Name) || '=' || @id, normalize-space(Description)[.]), ' '),
          Charge/Money/(normalize-space() || ' ' || @currency)), '; '))"/>
    </xsl:for-each>
    <xsl:for-each select="Comments">
      <xsl:sequence select="f:detail($line, 'Comments', .)"/>
    </xsl:for-each>
    <xsl:for-each select="Extrinsic">
      <xsl:sequence select="f:detail($line, 'Extrinsic ' || @name, .)"/>
    </xsl:for-each>
  </xsl:template>

  <!-- one detail of the order (line empty) or of a line, its value's white space collapsed and cut to 500
       characters; nothing for an empty value -->
  <xsl:function name="f:detail" as="element()?">
    <xsl:param name="line" as="xs:int?"/>
    <xsl:param name="name" as="xs:string"/>
    <xsl:param name="value" as="item()?"/>
    <xsl:variable name="text" select="normalize-space(string($value))"/>
    <xsl:if test="$text">
      <detail name="{substring(normalize-space($name), 1, 100)}">
        <xsl:if test="exists($line)"><xsl:attribute name="line" select="$line"/></xsl:if>
        <xsl:value-of select="substring($text, 1, 500)"/>
      </detail>
    </xsl:if>
  </xsl:function>
</xsl:stylesheet>
