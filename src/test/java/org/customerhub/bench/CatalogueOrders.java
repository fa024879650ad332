package org.customerhub.bench;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;

import org.customerhub.canonical.Channel;
import org.customerhub.canonical.ChannelRecord;
import org.customerhub.canonical.Interaction;
import org.customerhub.canonical.InteractionType;
import org.customerhub.canonical.Party;

/**
 * Schema-valid CATALOGUE_ORDER messages for made-up customers. Every customer it invents is new to the hub (its own
 * account, phone and address) and every order has its own order number, across all the workloads of one run.
 */
public final class CatalogueOrders {
    /** Letters only, as the schema's name pattern requires; syllables rather than a counter in letters so that
     *  Soundex codes differ and the name blocking keys stay as small as in a real customer base. */
    private static final String[] SYLLABLES = {"BA", "KE", "LI", "MO", "NU", "RA", "SE", "TO", "VI", "DA", "GO", "HU",
            "PE", "ZA", "FI", "WE"};
    private static final String[] GIVEN_NAMES = {"NORA", "JAMES", "MARIA", "DAVID", "LINDA", "PAUL", "AISHA", "KENJI",
            "ELENA", "OMAR", "GRACE", "IVAN", "SOFIA", "CARLOS", "HANNA", "VICTOR", "LEILA", "SAMUEL", "INGRID", "TOMAS"};
    private static final String[] STREET_TYPES = {"ST", "AVE", "RD", "LN", "DR"};
    private static final LocalDate FIRST_ORDER_DAY = LocalDate.of(2025, 1, 1);
    private static final int ORDERS_PER_DAY = 50;
    private static final DateTimeFormatter DATE8 = DateTimeFormatter.BASIC_ISO_DATE;

    public record Customer(String accountNo, String name, String addressLine, String zip, String phone) {
    }

    public record Order(Customer customer, String orderNo, String xml) {
    }

    private int customers;
    private int orders;

    /** count orders, each from a different new customer. */
    public List<Order> distinctCustomers(int count) {
        List<Order> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            batch.add(order(newCustomer()));
        }
        return batch;
    }

    private Customer newCustomer() {
        int n = customers++;
        String surname = syllables(n, 4);
        String given = GIVEN_NAMES[n % GIVEN_NAMES.length];
        String street = syllables(n / 900, 3) + " " + STREET_TYPES[n % STREET_TYPES.length];
        return new Customer(String.format("%07d", 1_000_000 + n), surname + ", " + given,
                (10 + n % 900) + " " + street, String.format("%05d", 1_000 + n % 997),
                String.valueOf(6_172_000_000L + n));
    }

    /** The party's catalogue order of 42.50 USD on 1 March 2025 as a canonical record, its document id the order's. */
    public static ChannelRecord record(Party party, String orderId) {
        return record(party, orderId, "2025-03-01T10:00:00");
    }

    /** The party's catalogue order of 42.50 USD at a local time such as 2025-03-01T10:00:00, as a canonical record. */
    public static ChannelRecord record(Party party, String orderId, String localTime) {
        XMLGregorianCalendar at = DatatypeFactory.newDefaultInstance().newXMLGregorianCalendar(localTime);
        Interaction order = new Interaction();
        order.setType(InteractionType.CATALOGUE_ORDER);
        order.setId(orderId);
        order.setAt(at);
        order.setAmount(new BigDecimal("42.50"));
        order.setCurrency("USD");
        party.getInteraction().add(order);
        ChannelRecord record = new ChannelRecord();
        record.setChannel(Channel.CATALOGUE);
        record.setDocumentType("ORDER");
        record.setDocumentId(orderId);
        record.setEffectiveAt(at);
        record.getParty().add(party);
        return record;
    }

    public static String syllables(int n, int count) {
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < count; i++) {
            word.append(SYLLABLES[n % SYLLABLES.length]);
            n /= SYLLABLES.length;
        }
        return word.toString();
    }

    private Order order(Customer customer) {
        int n = orders++;
        String orderNo = String.format("PH%08d", n + 1);
        int quantity = 1 + n % 3;
        int unitCents = 1_999 + n % 500;
        int taxCents = quantity * unitCents * 625 / 10_000;
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <CATALOGUE_ORDER>
                  <HDR>
                    <ORDER_NO>%s</ORDER_NO>
                    <ORDER_DT>%s</ORDER_DT>
                    <ORDER_SRC>PHONE</ORDER_SRC>
                    <KEY_CD>26WIN-B</KEY_CD>
                    <OPER_ID>TRG04</OPER_ID>
                  </HDR>
                  <CUST>
                    <ACCT_NO>%s</ACCT_NO>
                    <NAME>%s</NAME>
                    <ADDR1>%s</ADDR1>
                    <CITY>WORCESTER</CITY>
                    <ST>MA</ST>
                    <ZIP>%s</ZIP>
                    <PHONE>%s</PHONE>
                  </CUST>
                  <LINES>
                    <LINE>
                      <LINE_NO>1</LINE_NO>
                      <SKU>120334</SKU>
                      <DESC>PRINTER PAPER LETTER 24LB 5 REAM</DESC>
                      <QTY>%d</QTY>
                      <UNIT_CENTS>%d</UNIT_CENTS>
                      <COST_CENTS>1200</COST_CENTS>
                    </LINE>
                  </LINES>
                  <SHIP_CENTS>0</SHIP_CENTS>
                  <TAX_CENTS>%d</TAX_CENTS>
                  <TOTAL_CENTS>%d</TOTAL_CENTS>
                  <PAY_TYPE>CC</PAY_TYPE>
                </CATALOGUE_ORDER>
                """.formatted(orderNo, FIRST_ORDER_DAY.plusDays(n / ORDERS_PER_DAY).format(DATE8), customer.accountNo(),
                customer.name(), customer.addressLine(), customer.zip(), customer.phone(), quantity, unitCents, taxCents,
                quantity * unitCents + taxCents);
        return new Order(customer, orderNo, xml);
    }
}
