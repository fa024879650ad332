<?xml version="1.0" encoding="UTF-8"?>
<!-- One customer of a FEBRL-layout master to a catalogue customer-master record, dated at the load's epoch
     (2000-01-01: a master states who the customer is, not when it changed, so any later message wins survivorship).
     Empty fields are left out; an address needs a street and a suburb. -->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns="urn:customerhub:canonical:1">
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:template match="/row">
    <channelRecord channel="catalogue" documentType="CUSTOMER_MASTER" documentId="MASTER-{rec_id}"
                   effectiveAt="2000-01-01T00:00:00">
      <party>
        <sourceKey><xsl:value-of select="normalize-space(rec_id)"/></sourceKey>
        <xsl:if test="normalize-space(given_name) or normalize-space(surname)">
          <name>
            <xsl:if test="normalize-space(given_name)"><given><xsl:value-of select="upper-case(normalize-space(given_name))"/></given></xsl:if>
            <xsl:if test="normalize-space(surname)"><family><xsl:value-of select="upper-case(normalize-space(surname))"/></family></xsl:if>
          </name>
        </xsl:if>
        <xsl:if test="normalize-space(address_1) and normalize-space(suburb)">
          <address use="postal">
            <line1><xsl:value-of select="upper-case(normalize-space(string-join((street_number, address_1), ' ')))"/></line1>
            <xsl:if test="normalize-space(address_2)"><line2><xsl:value-of select="upper-case(normalize-space(address_2))"/></line2></xsl:if>
            <city><xsl:value-of select="upper-case(normalize-space(suburb))"/></city>
            <xsl:if test="normalize-space(state)"><region><xsl:value-of select="upper-case(normalize-space(state))"/></region></xsl:if>
            <postalCode><xsl:value-of select="normalize-space(postcode)"/></postalCode>
            <country>AU</country>
          </address>
        </xsl:if>
      </party>
    </channelRecord>
  </xsl:template>
</xsl:stylesheet>
