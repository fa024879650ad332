<?xml version="1.0" encoding="UTF-8"?>
<!-- Store point of sale (POS v2 transaction log) to the canonical channel record.
     Matched on the namespace URI, whatever prefix the register firmware uses. The Member card is both the retail key
     and the loyalty card the web shop shares. A transaction with neither Member nor Customer belongs to nobody.
     Receipt numbers are unique per store per year only, so the year is part of the interaction id. -->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:pos="urn:example:retail:pos:v2"
                xmlns="urn:customerhub:canonical:1"
                exclude-result-prefixes="xs pos">
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:template match="/pos:Transaction">
    <channelRecord channel="retail" documentType="Transaction" documentId="{@receipt}" effectiveAt="{@timestamp}">
      <xsl:choose>
        <xsl:when test="pos:Member or pos:Customer">
          <party>
            <xsl:if test="pos:Member">
              <sourceKey><xsl:value-of select="pos:Member/@card"/></sourceKey>
              <loyaltyCard><xsl:value-of select="pos:Member/@card"/></loyaltyCard>
            </xsl:if>
            <xsl:if test="pos:Customer/pos:FirstName or pos:Customer/pos:LastName">
              <name>
                <xsl:if test="pos:Customer/pos:FirstName"><given><xsl:value-of select="pos:Customer/pos:FirstName"/></given></xsl:if>
                <xsl:if test="pos:Customer/pos:LastName"><family><xsl:value-of select="pos:Customer/pos:LastName"/></family></xsl:if>
              </name>
            </xsl:if>
            <xsl:for-each select="pos:Customer/pos:Email"><email><xsl:value-of select="."/></email></xsl:for-each>
            <xsl:for-each select="pos:Customer/pos:Phone"><phone><xsl:value-of select="."/></phone></xsl:for-each>
            <xsl:apply-templates select="." mode="interaction"/>
          </party>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="." mode="interaction"/>
        </xsl:otherwise>
      </xsl:choose>
    </channelRecord>
  </xsl:template>

  <xsl:template match="pos:Transaction" mode="interaction">
    <xsl:variable name="cost" select="sum(pos:Items/pos:Item/(xs:decimal(@qty) * xs:decimal(@cost)))"/>
    <interaction type="{if (@type = 'SALE') then 'STORE_SALE' else if (@type = 'RETURN') then 'STORE_RETURN' else 'STORE_EXCHANGE'}"
                 id="{@receipt}/{year-from-dateTime(xs:dateTime(@timestamp))}" reference="{@receipt}"
                 at="{@timestamp}" subtype="store {@store}"
                 amount="{pos:Total}" currency="{pos:Total/@currency}" cost="{$cost}"
                 margin="{xs:decimal(pos:Total/@subtotal) - $cost}">
      <xsl:for-each select="pos:Items/pos:Item">
        <line sku="{@sku}" quantity="{@qty}" unitPrice="{@price}" unitCost="{@cost}">
          <xsl:if test="@desc"><xsl:attribute name="description" select="@desc"/></xsl:if>
        </line>
      </xsl:for-each>
      <xsl:for-each select="pos:Items/pos:Item/pos:ReturnReason">
        <incident code="{@code}" sku="{../@sku}">
          <xsl:if test="@origReceipt"><xsl:attribute name="reference" select="@origReceipt"/></xsl:if>
          <xsl:value-of select="."/>
        </incident>
      </xsl:for-each>
    </interaction>
  </xsl:template>
</xsl:stylesheet>
