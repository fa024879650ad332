package org.customerhub.identity;

import java.time.OffsetDateTime;
import java.time.ZoneId;

import javax.xml.datatype.DatatypeConstants;
import javax.xml.datatype.XMLGregorianCalendar;

/** Times as channels state them, read as instants: a time without a zone (the catalogue's business dates) is in the
 *  configured channel zone. */
public final class ChannelTime {
    private final ZoneId channelZone;

    public ChannelTime(ZoneId channelZone) {
        this.channelZone = channelZone;
    }

    public OffsetDateTime of(XMLGregorianCalendar time) {
        if (time.getTimezone() == DatatypeConstants.FIELD_UNDEFINED) {
            return time.toGregorianCalendar().toZonedDateTime().toLocalDateTime().atZone(channelZone).toOffsetDateTime();
        }
        return time.toGregorianCalendar().toZonedDateTime().toOffsetDateTime();
    }
}
