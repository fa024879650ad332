<?xml version="1.0" encoding="UTF-8"?>
<!-- One line of the CDNOW order log to a catalogue order: the log has no order number, so the order is known by its
     line ("CDNOW-<line>"); the customer id is the account number, zero-padded to the catalogue's 7 digits. -->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns="urn:customerhub:canonical:1"
                exclude-result-prefixes="xs">
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:template match="/row">
    <xsl:variable name="at" select="concat(substring(date, 1, 4), '-', substring(date, 5, 2), '-', substring(date, 7, 2), 'T00:00:00')"/>
    <xsl:variable name="order" select="concat('CDNOW-', @line)"/>
    <channelRecord channel="catalogue" documentType="CDNOW_ORDER" documentId="{$order}" effectiveAt="{$at}">
      <party>
        <sourceKey><xsl:value-of select="format-number(xs:integer(customer_id), '0000000')"/></sourceKey>
        <interaction type="CATALOGUE_ORDER" id="{$order}" at="{$at}" subtype="MAIL"
                     amount="{xs:decimal(dollar_value)}" currency="USD">
          <line sku="CD" description="CDS" quantity="{xs:integer(number_of_cds)}"/>
        </interaction>
      </party>
    </channelRecord>
  </xsl:template>
</xsl:stylesheet>
