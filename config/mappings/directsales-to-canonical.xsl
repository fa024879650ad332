<?xml version="1.0" encoding="UTF-8"?>
<!-- Direct-sales CRM (B2B contract accounts) to the canonical channel record.
     The person is the contact (contactId); the account is an affiliation, never a customer. The company's billing
     address is not the contact's own, and the account manager is the retailer's employee: neither is mapped. -->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:ds="urn:example:directsales:v1"
                xmlns="urn:customerhub:canonical:1"
                exclude-result-prefixes="xs ds">
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:template match="/ds:AccountUpdate">
    <channelRecord channel="directsales" documentType="AccountUpdate" documentId="{ds:accountId}@{ds:lastModified}"
                   effectiveAt="{ds:lastModified}" contactsOf="{ds:accountId}">
      <xsl:for-each select="ds:contacts/ds:contact">
        <party>
          <sourceKey><xsl:value-of select="ds:contactId"/></sourceKey>
          <name>
            <given><xsl:value-of select="ds:firstName"/></given>
            <family><xsl:value-of select="ds:lastName"/></family>
          </name>
          <xsl:for-each select="ds:email"><email><xsl:value-of select="."/></email></xsl:for-each>
          <xsl:for-each select="ds:phone"><phone><xsl:value-of select="."/></phone></xsl:for-each>
          <affiliation organisationId="{../../ds:accountId}" organisationName="{../../ds:companyName}" role="{ds:role}"
                       active="{if (../../ds:status = 'CLOSED') then 'false' else if (ds:active) then ds:active else 'true'}"/>
        </party>
      </xsl:for-each>
    </channelRecord>
  </xsl:template>

  <xsl:template match="/ds:ContractOrder">
    <channelRecord channel="directsales" documentType="ContractOrder" documentId="{ds:accountId}/{ds:poNumber}"
                   effectiveAt="{dateTime(xs:date(ds:orderDate), xs:time('00:00:00'))}">
      <party>
        <sourceKey><xsl:value-of select="ds:contactId"/></sourceKey>
        <interaction type="CONTRACT_ORDER" id="{ds:accountId}/{ds:poNumber}" reference="{ds:poNumber}"
                     at="{dateTime(xs:date(ds:orderDate), xs:time('00:00:00'))}"
                     organisationId="{ds:accountId}" currency="{ds:lines/ds:line[1]/ds:currency}"
                     amount="{sum(ds:lines/ds:line/(xs:decimal(ds:quantity) * xs:decimal(ds:contractPrice)))}"
                     cost="{sum(ds:lines/ds:line/(xs:decimal(ds:quantity) * xs:decimal(ds:unitCost)))}">
          <xsl:for-each select="ds:lines/ds:line">
            <line sku="{ds:sku}" quantity="{ds:quantity}" unitPrice="{ds:contractPrice}" unitCost="{ds:unitCost}"/>
          </xsl:for-each>
        </interaction>
      </party>
    </channelRecord>
  </xsl:template>
</xsl:stylesheet>
