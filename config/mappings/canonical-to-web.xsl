<?xml version="1.0" encoding="UTF-8"?>
<!-- A canonical change event (or snapshot) to the web shop's PROFILE_UPDATED Event for the customer's web account.
     The web format needs an e-mail and a given and family name; without them nothing is sent. Times are UTC with Z. -->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:c="urn:customerhub:canonical:1"
                xmlns="urn:example:web:events:2026"
                exclude-result-prefixes="xs c">
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:template match="/c:customerChanged">
    <xsl:variable name="user" select="c:sourceKey[@channel = 'web'][1]"/>
    <xsl:variable name="current" select="c:current"/>
    <xsl:if test="$user and normalize-space($current/c:email) and normalize-space($current/c:name/c:given) and normalize-space($current/c:name/c:family)">
      <Event type="PROFILE_UPDATED" id="{@eventId}" at="{adjust-dateTime-to-timezone(xs:dateTime(@at), xs:dayTimeDuration('PT0S'))}">
        <Shopper>
          <userId><xsl:value-of select="$user"/></userId>
          <email><xsl:value-of select="$current/c:email"/></email>
          <xsl:if test="matches(string($current/c:loyaltyCard), '^[0-9]{10}$')"><loyaltyCard><xsl:value-of select="$current/c:loyaltyCard"/></loyaltyCard></xsl:if>
          <Name>
            <given><xsl:value-of select="$current/c:name/c:given"/></given>
            <family><xsl:value-of select="$current/c:name/c:family"/></family>
          </Name>
          <xsl:if test="string-length($current/c:phone) ge 7 and string-length($current/c:phone) le 30"><Phone><xsl:value-of select="$current/c:phone"/></Phone></xsl:if>
          <xsl:for-each select="$current/c:address[normalize-space(c:line1) and normalize-space(c:city) and normalize-space(c:region)]">
            <Address type="{if (@use = 'billing') then 'billing' else 'shipping'}">
              <line1><xsl:value-of select="c:line1"/></line1>
              <xsl:if test="normalize-space(c:line2)"><line2><xsl:value-of select="c:line2"/></line2></xsl:if>
              <city><xsl:value-of select="c:city"/></city>
              <region><xsl:value-of select="c:region"/></region>
              <postalCode><xsl:value-of select="substring(c:postalCode, 1, 10)"/></postalCode>
              <country><xsl:value-of select="(c:country[matches(., '^[A-Z]{2}$')], 'US')[1]"/></country>
            </Address>
          </xsl:for-each>
          <xsl:for-each select="$current/c:consent[@email and @sms]"><Consent email="{@email}" sms="{@sms}"/></xsl:for-each>
          <xsl:for-each select="$current/c:preference[matches(@key, '^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$') and string-length(@value) le 100]">
            <Preference key="{@key}" value="{@value}"/>
          </xsl:for-each>
        </Shopper>
      </Event>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
