package org.customerhub.identity;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import javax.xml.datatype.DatatypeConstants;
import javax.xml.datatype.XMLGregorianCalendar;

/** Times as channels state them, read as instants: a time without a zone (the catalogue's business dates) is in the
 *  configured channel zone. */
public final class ChannelTime {
    private static final int UNDEFINED = DatatypeConstants.FIELD_UNDEFINED;
    private final ZoneId channelZone;
    /** A zone without daylight saving: a local time read through it comes back unchanged (none falls in a gap). */
    private final boolean fixedDefaultZone = ZoneId.systemDefault().getRules().isFixedOffset();

    public ChannelTime(ZoneId channelZone) {
        this.channelZone = channelZone;
    }

    public OffsetDateTime of(XMLGregorianCalendar time) {
        // straight from the fields, as the calendar reads them: a Gregorian calendar for each time cost 2% of a load
        LocalDateTime local = plainLocalTime(time);
        if (time.getTimezone() == UNDEFINED) {
            if (local != null && fixedDefaultZone) {
                return local.atZone(channelZone).toOffsetDateTime();
            }
            return time.toGregorianCalendar().toZonedDateTime().toLocalDateTime().atZone(channelZone).toOffsetDateTime();
        }
        if (local != null) {
            return OffsetDateTime.of(local, ZoneOffset.ofTotalSeconds(time.getTimezone() * 60));
        }
        return time.toGregorianCalendar().toZonedDateTime().toOffsetDateTime();
    }

    /**
     * The time's fields as the calendar of {@link XMLGregorianCalendar#toGregorianCalendar} takes them (a time of day
     * left out is midnight, fractions of a second below a millisecond are dropped); null for what only that calendar
     * reads alike (a year before 1 or past 9999, a date without month or day, 24:00, a field out of its range).
     */
    private static LocalDateTime plainLocalTime(XMLGregorianCalendar time) {
        int year = time.getYear();
        if (year < 1 || year > 9999 || time.getEon() != null || time.getMonth() == UNDEFINED || time.getDay() == UNDEFINED) {
            return null;
        }
        int hour = orZero(time.getHour());
        BigDecimal fraction = time.getFractionalSecond();
        int millis = fraction == null ? 0 : fraction.movePointRight(3).intValue();
        if (hour > 23 || millis < 0 || millis > 999) {
            return null;
        }
        try {
            return LocalDateTime.of(year, time.getMonth(), time.getDay(), hour, orZero(time.getMinute()),
                    orZero(time.getSecond()), millis * 1_000_000);
        } catch (DateTimeException outOfRange) {
            return null;
        }
    }

    private static int orZero(int field) {
        return field == UNDEFINED ? 0 : field;
    }
}
