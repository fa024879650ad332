<?xml version="1.0" encoding="UTF-8"?>
<!-- A canonical change event (or snapshot) to the catalogue's CATALOGUE_CUSTOMER_CHANGE (CATX extract layout): upper case,
     "LAST, FIRST M" in 30 characters, 10-digit phone, ZIP or ZIP+4 without hyphen. A changed value the layout cannot
     hold (a foreign address, a non-North-American phone) is left out; if nothing is left, nothing is sent. -->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:c="urn:customerhub:canonical:1"
                xmlns:f="urn:customerhub:mapping"
                exclude-result-prefixes="xs c f">
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:template match="/c:customerChanged">
    <!-- a snapshot (a reply to a query) carries everything; a change only what changed -->
    <xsl:variable name="changed" select="if (c:kind = 'SNAPSHOT') then ('name', 'address', 'phone', 'email') else c:change/@attribute"/>
    <xsl:variable name="name" select="if ($changed = 'name') then f:catalogue-name(c:current/c:name) else ()"/>
    <xsl:variable name="address" select="if ($changed = 'address') then c:current/c:address[f:fits-address(.)] else ()"/>
    <xsl:variable name="phone" select="if ($changed = 'phone') then f:phone10(c:current/c:phone) else ()"/>
    <xsl:variable name="email" select="if ($changed = 'email' and string-length(c:current/c:email) le 60) then upper-case(c:current/c:email) else ()"/>
    <xsl:if test="exists(($name, $address, $phone, $email))">
      <CATALOGUE_CUSTOMER_CHANGE>
        <ACCT_NO><xsl:value-of select="c:sourceKey[@channel = 'catalogue'][1]"/></ACCT_NO>
        <CHANGE_DT><xsl:value-of select="format-dateTime(xs:dateTime(@at), '[Y0001][M01][D01]')"/></CHANGE_DT>
        <REASON_CD>CUST_REQUEST</REASON_CD>
        <xsl:if test="exists($name)"><NEW_NAME><xsl:value-of select="$name"/></NEW_NAME></xsl:if>
        <xsl:for-each select="$address">
          <NEW_ADDR>
            <ADDR1><xsl:value-of select="f:upper30(c:line1)"/></ADDR1>
            <xsl:if test="normalize-space(c:line2)"><ADDR2><xsl:value-of select="f:upper30(c:line2)"/></ADDR2></xsl:if>
            <CITY><xsl:value-of select="f:upper30(c:city)"/></CITY>
            <ST><xsl:value-of select="upper-case(c:region)"/></ST>
            <ZIP><xsl:value-of select="replace(c:postalCode, '[^0-9]', '')"/></ZIP>
          </NEW_ADDR>
        </xsl:for-each>
        <xsl:if test="exists($phone)"><NEW_PHONE><xsl:value-of select="$phone"/></NEW_PHONE></xsl:if>
        <xsl:if test="exists($email)"><NEW_EMAIL><xsl:value-of select="$email"/></NEW_EMAIL></xsl:if>
      </CATALOGUE_CUSTOMER_CHANGE>
    </xsl:if>
  </xsl:template>

  <!-- "LAST, FIRST M": only letters, apostrophes, hyphens, dots and spaces fit; at most 30 characters. -->
  <xsl:function name="f:catalogue-name" as="xs:string?">
    <xsl:param name="name" as="element()?"/>
    <xsl:variable name="family" select="f:name-part($name/c:family)"/>
    <xsl:variable name="given" select="normalize-space(string-join((f:name-part($name/c:given), f:name-part($name/c:middle)), ' '))"/>
    <xsl:variable name="full" select="substring(concat($family, ', ', $given), 1, 30)"/>
    <xsl:sequence select="if ($family and $given and matches($full, '^\p{Lu}[\p{Lu}''’\-\. ]*, \p{Lu}[\p{Lu}''’\-\. ]*$')) then $full else ()"/>
  </xsl:function>

  <xsl:function name="f:name-part" as="xs:string">
    <xsl:param name="part" as="element()?"/>
    <xsl:sequence select="normalize-space(replace(upper-case(string($part)), '[^\p{Lu}''’\-\. ]', ''))"/>
  </xsl:function>

  <xsl:function name="f:upper30" as="xs:string">
    <xsl:param name="text" as="element()?"/>
    <xsl:sequence select="substring(normalize-space(upper-case(string($text))), 1, 30)"/>
  </xsl:function>

  <xsl:function name="f:fits-address" as="xs:boolean">
    <xsl:param name="address" as="element()"/>
    <xsl:sequence select="(not($address/c:country) or $address/c:country = 'US')
                          and matches(string($address/c:region), '^[A-Za-z]{2}$')
                          and matches(replace($address/c:postalCode, '[^0-9]', ''), '^[0-9]{5}([0-9]{4})?$')
                          and normalize-space($address/c:line1) and normalize-space($address/c:city)"/>
  </xsl:function>

  <!-- North American numbers as 10 digits: punctuation, a leading +1/1 and any extension dropped. -->
  <xsl:function name="f:phone10" as="xs:string?">
    <xsl:param name="phone" as="element()?"/>
    <xsl:variable name="digits" select="replace(replace(string($phone), '(x|ext\.?)\s*[0-9]+\s*$', '', 'i'), '[^0-9]', '')"/>
    <xsl:variable name="ten" select="if (string-length($digits) = 11 and starts-with($digits, '1')) then substring($digits, 2) else $digits"/>
    <xsl:sequence select="if (matches($ten, '^[2-9][0-9]{2}[2-9][0-9]{6}$')) then $ten else ()"/>
  </xsl:function>
</xsl:stylesheet>
