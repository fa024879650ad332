package org.customerhub.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;

import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;

import org.junit.jupiter.api.Test;

/** ChannelTime reads a channel's time as the JDK's Gregorian calendar of it does, without making the calendar. */
class ChannelTimeTest {
    private static final ZoneId CHANNEL_ZONE = ZoneId.of("Europe/London");

    @Test
    void readsEveryFormOfTimeAsTheCalendarOfItDoes() throws Exception {
        DatatypeFactory factory = DatatypeFactory.newInstance();
        ChannelTime time = new ChannelTime(CHANNEL_ZONE);
        List<String> stated = List.of("1997-01-01", "1998-06-30T23:59:59", "2024-03-31T01:30:00", "2024-10-27T01:30:00",
                "2021-02-28T10:15:30.123456", "2021-02-28T10:15:30.1236", "2021-02-28T10:15:30.9999+05:30", "2021-02-28T10:15:30Z",
                "2021-02-28T10:15:30-11:00", "2020-02-29T00:00:00.5", "2021-12-31T24:00:00", "0001-01-01T00:00:00",
                "-0044-03-15T12:00:00", "2021-06-15+02:00", "12021-06-15T08:00:00");
        for (String text : stated) {
            XMLGregorianCalendar calendar = factory.newXMLGregorianCalendar(text);
            assertEquals(throughCalendar(calendar), time.of(calendar), text);
        }
        Random random = new Random(19);
        for (int i = 0; i < 5_000; i++) {
            String text = String.format("%04d-%02d-%02dT%02d:%02d:%02d.%03d%s", 1 + random.nextInt(2999), 1 + random.nextInt(12),
                    1 + random.nextInt(28), random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextInt(1000),
                    random.nextBoolean() ? "" : String.format("%+03d:%02d", random.nextInt(27) - 13, 15 * random.nextInt(4)));
            XMLGregorianCalendar calendar = factory.newXMLGregorianCalendar(text);
            assertEquals(throughCalendar(calendar), time.of(calendar), text);
        }
    }

    /** How a time was read before: through the calendar XMLGregorianCalendar makes of it. */
    private static OffsetDateTime throughCalendar(XMLGregorianCalendar time) {
        if (time.getTimezone() == javax.xml.datatype.DatatypeConstants.FIELD_UNDEFINED) {
            return time.toGregorianCalendar().toZonedDateTime().toLocalDateTime().atZone(CHANNEL_ZONE).toOffsetDateTime();
        }
        return time.toGregorianCalendar().toZonedDateTime().toOffsetDateTime();
    }
}
