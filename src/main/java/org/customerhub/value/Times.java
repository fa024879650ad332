package org.customerhub.value;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.GregorianCalendar;

import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;

/** Instants as the canonical record writes them (UTC). */
public final class Times {
    private static final DatatypeFactory DATATYPES = datatypes();

    private Times() {
    }

    public static XMLGregorianCalendar calendar(Instant at) {
        return at == null ? null : DATATYPES.newXMLGregorianCalendar(GregorianCalendar.from(at.atZone(ZoneOffset.UTC)));
    }

    private static DatatypeFactory datatypes() {
        try {
            return DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
