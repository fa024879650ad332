<?xml version="1.0" encoding="UTF-8"?>
<!-- Web shop events to the canonical channel record. The event id identifies redeliveries. A guest- userId is new for
     every session and identifies nobody, so it is never a key; the shopper's other details still count as evidence. -->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:w="urn:example:web:events:2026"
                xmlns="urn:customerhub:canonical:1"
                exclude-result-prefixes="xs w">
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:template match="/w:Event">
    <channelRecord channel="web" documentType="{@type}" documentId="{@id}" effectiveAt="{@at}">
      <party>
        <xsl:apply-templates select="w:Shopper"/>
        <xsl:apply-templates select="w:Order | w:Cart | w:Reminder | w:SupportCase"/>
      </party>
    </channelRecord>
  </xsl:template>

  <xsl:template match="w:Shopper">
    <xsl:if test="not(starts-with(w:userId, 'guest-'))"><sourceKey><xsl:value-of select="w:userId"/></sourceKey></xsl:if>
    <xsl:for-each select="w:loyaltyCard"><loyaltyCard><xsl:value-of select="."/></loyaltyCard></xsl:for-each>
    <name>
      <given><xsl:value-of select="w:Name/w:given"/></given>
      <family><xsl:value-of select="w:Name/w:family"/></family>
    </name>
    <email><xsl:value-of select="w:email"/></email>
    <xsl:for-each select="w:Phone"><phone><xsl:value-of select="."/></phone></xsl:for-each>
    <xsl:for-each select="w:Address">
      <address use="{@type}">
        <line1><xsl:value-of select="w:line1"/></line1>
        <xsl:for-each select="w:line2"><line2><xsl:value-of select="."/></line2></xsl:for-each>
        <city><xsl:value-of select="w:city"/></city>
        <region><xsl:value-of select="w:region"/></region>
        <postalCode><xsl:value-of select="w:postalCode"/></postalCode>
        <country><xsl:value-of select="w:country"/></country>
      </address>
    </xsl:for-each>
    <xsl:for-each select="w:Consent"><consent email="{@email}" sms="{@sms}"/></xsl:for-each>
    <xsl:for-each select="w:Preference"><preference key="{@key}" value="{@value}"/></xsl:for-each>
  </xsl:template>

  <xsl:template match="w:Order">
    <interaction type="WEB_ORDER" id="{w:orderId}" at="{../@at}" subtype="{(../@channel, 'WEB')[1]}"
                 amount="{w:total}" currency="{w:currency}">
      <xsl:apply-templates select="w:Line"/>
    </interaction>
  </xsl:template>

  <xsl:template match="w:Cart">
    <interaction type="CART_ABANDONED" id="{../@id}" at="{../@at}" subtype="{(../@channel, 'WEB')[1]}"
                 amount="{w:value}" currency="{w:value/@currency}">
      <xsl:apply-templates select="w:Item"/>
    </interaction>
  </xsl:template>

  <xsl:template match="w:Line | w:Item">
    <line sku="{w:sku}" quantity="{w:qty}" unitPrice="{w:unitPrice}"/>
  </xsl:template>

  <xsl:template match="w:Reminder">
    <interaction type="REMINDER" id="{../@id}" at="{../@at}" subtype="{(../@channel, 'WEB')[1]}" everyDays="{w:everyDays}">
      <line sku="{w:sku}" quantity="1"/>
    </interaction>
  </xsl:template>

  <xsl:template match="w:SupportCase">
    <interaction type="SUPPORT_CASE" id="{w:caseId}" at="{../@at}" subtype="{w:topic}">
      <note><xsl:value-of select="w:text"/></note>
    </interaction>
  </xsl:template>
</xsl:stylesheet>
