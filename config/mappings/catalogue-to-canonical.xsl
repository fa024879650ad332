<?xml version="1.0" encoding="UTF-8"?>
<!-- Catalogue order desk (CATX extract) to the canonical channel record.
     Names "LAST, FIRST M" are split at the comma; YYYYMMDD dates carry no zone (the hub reads them in hub.channel.zone);
     money is in cents; e-mails are lower-cased because the extract upper-cases them. -->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:map="urn:customerhub:mapping"
                xmlns="urn:customerhub:canonical:1"
                exclude-result-prefixes="xs map">
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:function name="map:date" as="xs:string">
    <xsl:param name="yyyymmdd" as="xs:string"/>
    <xsl:sequence select="concat(substring($yyyymmdd, 1, 4), '-', substring($yyyymmdd, 5, 2), '-', substring($yyyymmdd, 7, 2), 'T00:00:00')"/>
  </xsl:function>

  <xsl:function name="map:cents" as="xs:decimal">
    <xsl:param name="cents"/>
    <xsl:sequence select="xs:decimal($cents) div 100"/>
  </xsl:function>

  <xsl:template match="/CATALOGUE_ORDER">
    <channelRecord channel="catalogue" documentType="CATALOGUE_ORDER" documentId="{HDR/ORDER_NO}" effectiveAt="{map:date(HDR/ORDER_DT)}">
      <party>
        <sourceKey><xsl:value-of select="CUST/ACCT_NO"/></sourceKey>
        <xsl:apply-templates select="CUST/NAME"/>
        <xsl:apply-templates select="CUST/EMAIL"/>
        <xsl:apply-templates select="CUST/PHONE"/>
        <xsl:apply-templates select="CUST" mode="address"/>
        <interaction type="CATALOGUE_ORDER" id="{HDR/ORDER_NO}" at="{map:date(HDR/ORDER_DT)}" subtype="{HDR/ORDER_SRC}"
                     amount="{map:cents(TOTAL_CENTS)}" currency="USD"
                     cost="{sum(LINES/LINE/(xs:decimal(QTY) * xs:decimal(COST_CENTS))) div 100}">
          <xsl:for-each select="LINES/LINE">
            <line sku="{SKU}" description="{DESC}" quantity="{QTY}" unitPrice="{map:cents(UNIT_CENTS)}" unitCost="{map:cents(COST_CENTS)}"/>
          </xsl:for-each>
        </interaction>
      </party>
    </channelRecord>
  </xsl:template>

  <xsl:template match="/CATALOGUE_CUSTOMER_CHANGE">
    <channelRecord channel="catalogue" documentType="CATALOGUE_CUSTOMER_CHANGE" documentId="{ACCT_NO}-{CHANGE_DT}"
                   effectiveAt="{map:date(CHANGE_DT)}">
      <party>
        <sourceKey><xsl:value-of select="ACCT_NO"/></sourceKey>
        <xsl:apply-templates select="NEW_NAME"/>
        <xsl:apply-templates select="NEW_EMAIL"/>
        <xsl:apply-templates select="NEW_PHONE"/>
        <xsl:apply-templates select="NEW_ADDR" mode="address"/>
      </party>
    </channelRecord>
  </xsl:template>

  <xsl:template match="NAME | NEW_NAME">
    <xsl:variable name="given-part" select="normalize-space(substring-after(., ','))"/>
    <name>
      <given><xsl:value-of select="tokenize($given-part, ' ')[1]"/></given>
      <xsl:if test="count(tokenize($given-part, ' ')) gt 1">
        <middle><xsl:value-of select="string-join(tokenize($given-part, ' ')[position() gt 1], ' ')"/></middle>
      </xsl:if>
      <family><xsl:value-of select="normalize-space(substring-before(., ','))"/></family>
    </name>
  </xsl:template>

  <xsl:template match="EMAIL | NEW_EMAIL">
    <email><xsl:value-of select="lower-case(.)"/></email>
  </xsl:template>

  <xsl:template match="PHONE | NEW_PHONE">
    <phone><xsl:value-of select="."/></phone>
  </xsl:template>

  <xsl:template match="*" mode="address">
    <address use="postal">
      <line1><xsl:value-of select="ADDR1"/></line1>
      <xsl:if test="ADDR2"><line2><xsl:value-of select="ADDR2"/></line2></xsl:if>
      <city><xsl:value-of select="CITY"/></city>
      <region><xsl:value-of select="ST"/></region>
      <postalCode><xsl:value-of select="if (string-length(ZIP) = 9) then concat(substring(ZIP, 1, 5), '-', substring(ZIP, 6)) else ZIP"/></postalCode>
      <country>US</country>
    </address>
  </xsl:template>
</xsl:stylesheet>
