package org.customerhub.bench;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Mixed traffic of all four channels and every document type, written after the test messages in
 * src/test/resources/messages: people drawn from a pool meet the hub in several channels, each channel spelling them
 * its own way (the catalogue in upper case with abbreviated streets and the middle initial, the tills with nicknames
 * and the odd typo, the web with spelled-out streets and +1 phones). Every message is new to the hub (its own order,
 * receipt, event id or change date), so none is dropped as a resend.
 */
public final class TrafficGenerator {
    /** The document types, each with its share of the traffic in percent. */
    public enum Kind {
        CATALOGUE_ORDER("catalogue", 18), CATALOGUE_CUSTOMER_CHANGE("catalogue", 5),
        RETAIL_SALE_MEMBER("retail", 12), RETAIL_SALE_CUSTOMER("retail", 8), RETAIL_SALE_ANONYMOUS("retail", 5),
        RETAIL_RETURN("retail", 4), RETAIL_EXCHANGE("retail", 3),
        DIRECTSALES_ACCOUNT_UPDATE("directsales", 4), DIRECTSALES_CONTRACT_ORDER("directsales", 6),
        WEB_ACCOUNT_CREATED("web", 8), WEB_PROFILE_UPDATED("web", 6), WEB_ORDER_PLACED("web", 11),
        WEB_CART_ABANDONED("web", 4), WEB_REMINDER_SET("web", 3), WEB_SUPPORT_CASE("web", 3);

        final String channel;
        final int share;

        Kind(String channel, int share) {
            this.channel = channel;
            this.share = share;
        }
    }

    /**
     * One message as sent. token: a text the change event it causes carries (an order, receipt, case or event id),
     * null when it causes none that can be told apart (an anonymous sale, a profile restating known data).
     */
    public record Message(Kind kind, String xml, String token) {
        public String channel() {
            return kind.channel;
        }

        public String queue() {
            return "hub.in." + kind.channel;
        }
    }

    private static final LocalDate FIRST_DAY = LocalDate.of(2026, 1, 5);
    private static final DateTimeFormatter DATE8 = DateTimeFormatter.BASIC_ISO_DATE;
    private static final String[] SKUS = {"120334", "318840", "507712", "603340", "208845", "705531", "141200", "330118"};

    private final Random random;
    private final int pool;
    private final Set<String> catalogueAccountsSeen = new HashSet<>();
    private final Set<String> directSalesAccountsSeen = new HashSet<>();
    private final Set<String> cardsSeen = new HashSet<>();
    private int sequence;

    /** pool: how many different people the traffic is about; fewer people means more messages per person. */
    public TrafficGenerator(long seed, int pool) {
        this.random = new Random(seed);
        this.pool = pool;
    }

    public List<Message> messages(int count) {
        List<Message> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            messages.add(next());
        }
        return messages;
    }

    /** The next message: a random document type about a random person of the pool. */
    Message next() {
        int draw = random.nextInt(100);
        for (Kind kind : Kind.values()) {
            draw -= kind.share;
            if (draw < 0) {
                return of(kind, People.person(random.nextInt(pool), People.TRAFFIC_KEY_BASE));
            }
        }
        throw new IllegalStateException("the shares of Kind add up to less than 100");
    }

    /** A message of this kind about this person; a change to an account the traffic has not opened yet opens it. */
    Message of(Kind kind, Person person) {
        int n = ++sequence;
        return switch (kind) {
            case CATALOGUE_ORDER -> catalogueOrder(person, n);
            case CATALOGUE_CUSTOMER_CHANGE -> catalogueAccountsSeen.contains(person.catalogueAccount())
                    ? catalogueChange(person, n) : catalogueOrder(person, n);
            case RETAIL_SALE_MEMBER -> retail(kind, person, n, "SALE", true, true, n % 2 == 0);
            case RETAIL_SALE_CUSTOMER -> retail(kind, person, n, "SALE", false, true, n % 2 == 0);
            case RETAIL_SALE_ANONYMOUS -> retail(kind, person, n, "SALE", false, false, false);
            case RETAIL_RETURN -> cardsSeen.contains(person.card()) ? retail(kind, person, n, "RETURN", true, true, false)
                    : retail(Kind.RETAIL_SALE_MEMBER, person, n, "SALE", true, true, n % 2 == 0);
            case RETAIL_EXCHANGE -> cardsSeen.contains(person.card()) ? retail(kind, person, n, "EXCHANGE", true, false, false)
                    : retail(Kind.RETAIL_SALE_MEMBER, person, n, "SALE", true, true, n % 2 == 0);
            case DIRECTSALES_ACCOUNT_UPDATE -> accountUpdate(person, n);
            case DIRECTSALES_CONTRACT_ORDER -> directSalesAccountsSeen.contains(person.directSalesAccount())
                    ? contractOrder(person, n) : accountUpdate(person, n);
            default -> web(kind, person, n);
        };
    }

    private String day(int n) {
        return FIRST_DAY.plusDays(n / 400).format(DATE8);
    }

    /** A time that moves forward with the sequence, one second per message, in the zone given. */
    private static OffsetDateTime time(int n, ZoneOffset zone) {
        return FIRST_DAY.atStartOfDay().atOffset(ZoneOffset.UTC).plusSeconds(n * 7L).withOffsetSameInstant(zone);
    }

    private Message catalogueOrder(Person person, int n) {
        catalogueAccountsSeen.add(person.catalogueAccount());
        String source = List.of("PHONE", "MAIL", "FAX").get(n % 3);
        String orderNo = List.of("PH", "ML", "FX").get(n % 3) + String.format("%08d", n);
        int quantity = 1 + random.nextInt(3);
        int unit = 999 + random.nextInt(9000);
        int tax = quantity * unit * 625 / 10_000;
        String zip = random.nextBoolean() ? person.zip5() + person.zip4() : person.zip5();
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <CATALOGUE_ORDER>
                  <HDR>
                    <ORDER_NO>%s</ORDER_NO>
                    <ORDER_DT>%s</ORDER_DT>
                    <ORDER_SRC>%s</ORDER_SRC>
                    <KEY_CD>26WIN-B</KEY_CD>
                    <OPER_ID>TRG%02d</OPER_ID>
                  </HDR>
                  <CUST>
                    <ACCT_NO>%s</ACCT_NO>
                    <NAME>%s</NAME>
                    <ADDR1>%s</ADDR1>
                    <CITY>%s</CITY>
                    <ST>%s</ST>
                    <ZIP>%s</ZIP>
                    <PHONE>%s</PHONE>
                  </CUST>
                  <LINES>
                    <LINE>
                      <LINE_NO>1</LINE_NO>
                      <SKU>%s</SKU>
                      <DESC>PRINTER PAPER LETTER 24LB 5 REAM</DESC>
                      <QTY>%d</QTY>
                      <UNIT_CENTS>%d</UNIT_CENTS>
                      <COST_CENTS>%d</COST_CENTS>
                    </LINE>
                  </LINES>
                  <SHIP_CENTS>0</SHIP_CENTS>
                  <TAX_CENTS>%d</TAX_CENTS>
                  <TOTAL_CENTS>%d</TOTAL_CENTS>
                  <PAY_TYPE>CC</PAY_TYPE>
                </CATALOGUE_ORDER>
                """.formatted(orderNo, day(n), source, n % 100, person.catalogueAccount(), person.catalogueName(),
                person.catalogueLine1(), Person.upper(person.city()), person.region(), zip, person.phone10(),
                SKUS[n % SKUS.length], quantity, unit, unit * 6 / 10, tax, quantity * unit + tax);
        return new Message(Kind.CATALOGUE_ORDER, xml, orderNo);
    }

    private Message catalogueChange(Person person, int n) {
        String change = switch (n % 3) {
            case 0 -> "<NEW_EMAIL>" + person.email().toUpperCase(Locale.ROOT) + "</NEW_EMAIL>";
            case 1 -> "<NEW_PHONE>" + person.phone10() + "</NEW_PHONE>";
            default -> """
                    <NEW_ADDR>
                        <ADDR1>%s</ADDR1>
                        <ADDR2>APT %d</ADDR2>
                        <CITY>%s</CITY>
                        <ST>%s</ST>
                        <ZIP>%s</ZIP>
                      </NEW_ADDR>""".formatted(person.catalogueLine1(), 1 + n % 40, Person.upper(person.city()),
                    person.region(), person.zip5());
        };
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <CATALOGUE_CUSTOMER_CHANGE>
                  <ACCT_NO>%s</ACCT_NO>
                  <CHANGE_DT>%s</CHANGE_DT>
                  <REASON_CD>%s</REASON_CD>
                  <OPER_ID>MQS%02d</OPER_ID>
                  %s
                </CATALOGUE_CUSTOMER_CHANGE>
                """.formatted(person.catalogueAccount(), day(n), n % 3 == 2 ? "MOVE" : "CUST_REQUEST", n % 100, change);
        return new Message(Kind.CATALOGUE_CUSTOMER_CHANGE, xml, null);
    }

    /**
     * A till sale under a new loyalty card by someone the hub knows from another channel only (a seeded person): the
     * cashier takes name and phone, which is all identity resolution has to find them by.
     */
    Message storeSaleWithNewCard(Person person) {
        return retail(Kind.RETAIL_SALE_MEMBER, person, ++sequence, "SALE", true, true, true);
    }

    private Message retail(Kind kind, Person person, int n, String type, boolean member, boolean customerBlock,
                           boolean byPhone) {
        String receipt = String.format("%04d-%02d-%06d", 600 + n % 50, 1 + n % 6, n % 1_000_000);
        StringBuilder who = new StringBuilder();
        if (member) {
            cardsSeen.add(person.card());
            who.append("  <pos:Member card=\"").append(person.card()).append("\" tier=\"PLUS\" entry=\"")
                    .append(n % 2 == 0 ? "SCAN" : "KEYED").append("\"/>\n");
        }
        if (customerBlock) {
            who.append("  <pos:Customer capture=\"CASHIER\">\n")
                    .append("    <pos:FirstName>").append(People.spokenGiven(person, random)).append("</pos:FirstName>\n")
                    .append("    <pos:LastName>").append(People.typedFamily(person, random)).append("</pos:LastName>\n")
                    .append(byPhone ? "    <pos:Phone>" + person.phoneBracketed() + "</pos:Phone>\n"
                            : "    <pos:Email>" + person.email() + "</pos:Email>\n")
                    .append("  </pos:Customer>\n");
        }
        int sign = type.equals("RETURN") ? -1 : 1;
        String item = type.equals("SALE")
                ? "<pos:Item line=\"1\" sku=\"%s\" desc=\"PAPER LTR 24LB 5RM\" qty=\"1\" price=\"45.99\" cost=\"28.70\"/>"
                .formatted(SKUS[n % SKUS.length])
                : """
                <pos:Item line="1" sku="%s" desc="INK 63XL TRI-COLOR" qty="-1" price="45.99" cost="28.70">
                      <pos:ReturnReason code="DAMAGED">Box crushed on the way home</pos:ReturnReason>
                    </pos:Item>""".formatted(SKUS[n % SKUS.length]);
        if (type.equals("EXCHANGE")) {
            item += "\n    <pos:Item line=\"2\" sku=\"208845\" desc=\"INK 65XL TRI-COLOR\" qty=\"1\" price=\"45.99\" cost=\"28.70\"/>";
        }
        String subtotal = type.equals("EXCHANGE") ? "0.00" : sign < 0 ? "-45.99" : "45.99";
        String tax = type.equals("EXCHANGE") ? "0.00" : sign < 0 ? "-2.87" : "2.87";
        String total = type.equals("EXCHANGE") ? "0.00" : sign < 0 ? "-48.86" : "48.86";
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <pos:Transaction xmlns:pos="urn:example:retail:pos:v2"
                    store="%s" register="%s" receipt="%s" timestamp="%s" type="%s" cashier="E%05d">
                %s  <pos:Items>
                    %s
                  </pos:Items>
                  <pos:Tender type="CREDIT" amount="%s" last4="8213"/>
                  <pos:Total currency="USD" subtotal="%s" tax="%s">%s</pos:Total>
                </pos:Transaction>
                """.formatted(receipt.substring(0, 4), receipt.substring(5, 7), receipt,
                time(n, ZoneOffset.ofHours(-5)).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), type, 30_000 + n % 1000, who,
                item, total, subtotal, tax, total);
        return new Message(kind, xml, member || customerBlock ? receipt : null);
    }

    private Message accountUpdate(Person person, int n) {
        directSalesAccountsSeen.add(person.directSalesAccount());
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <AccountUpdate xmlns="urn:example:directsales:v1">
                  <accountId>%s</accountId>
                  <companyName>%s</companyName>
                  <status>ACTIVE</status>
                  <billingAddress>
                    <street>%s</street>
                    <city>%s</city>
                    <region>%s</region>
                    <postalCode>%s-%s</postalCode>
                    <country>US</country>
                  </billingAddress>
                  <contacts>
                    <contact>
                      <contactId>%s</contactId>
                      <firstName>%s</firstName>
                      <lastName>%s</lastName>
                      <email>%s</email>
                      <phone>%s</phone>
                      <role>OWNER</role>
                      <active>true</active>
                    </contact>
                  </contacts>
                  <accountManager>
                    <employeeId>E%05d</employeeId>
                    <name>Lorraine Byfield</name>
                  </accountManager>
                  <lastModified>%s</lastModified>
                </AccountUpdate>
                """.formatted(person.directSalesAccount(), person.company(), person.spelledOutLine1(), person.city(),
                person.region(), person.zip5(), person.zip4(), person.directSalesContact(), People.spokenGiven(person, random),
                person.family(), person.workEmail(), person.phoneBracketed(), 20_000 + n % 100,
                time(n, ZoneOffset.ofHours(-5)).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        return new Message(Kind.DIRECTSALES_ACCOUNT_UPDATE, xml, null);
    }

    private Message contractOrder(Person person, int n) {
        String po = String.format("PO-%07d", n);
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <ContractOrder xmlns="urn:example:directsales:v1">
                  <accountId>%s</accountId>
                  <contactId>%s</contactId>
                  <poNumber>%s</poNumber>
                  <orderDate>%s</orderDate>
                  <lines>
                    <line>
                      <sku>%s</sku>
                      <quantity>%d</quantity>
                      <contractPrice>31.9000</contractPrice>
                      <unitCost>22.1000</unitCost>
                      <currency>USD</currency>
                    </line>
                  </lines>
                </ContractOrder>
                """.formatted(person.directSalesAccount(), person.directSalesContact(), po,
                time(n, ZoneOffset.UTC).toLocalDate(), SKUS[n % SKUS.length], 1 + n % 9);
        return new Message(Kind.DIRECTSALES_CONTRACT_ORDER, xml, person.directSalesAccount() + "/" + po);
    }

    private Message web(Kind kind, Person person, int n) {
        String eventId = new UUID(random.nextLong(), random.nextLong()).toString();
        String type = kind.name().substring("WEB_".length());
        boolean member = cardsSeen.contains(person.card()) && n % 2 == 0;
        String phone = n % 3 == 0 ? "+1" + person.phone10() : n % 3 == 1 ? person.phoneDashed() : person.phoneBracketed();
        String shopper = """
                  <Shopper>
                    <userId>%s</userId>
                    <email>%s</email>
                %s    <Name>
                      <given>%s</given>
                      <family>%s</family>
                    </Name>
                    <Phone>%s</Phone>
                    <Address type="shipping" default="true">
                      <line1>%s</line1>
                      <city>%s</city>
                      <region>%s</region>
                      <postalCode>%s</postalCode>
                      <country>US</country>
                    </Address>
                    <Consent email="%s" sms="false"/>
                  </Shopper>
                """.formatted(person.webUser(), person.email(), member ? "    <loyaltyCard>" + person.card() + "</loyaltyCard>\n" : "",
                People.spokenGiven(person, random), person.family(), phone, person.spelledOutLine1(), person.city(),
                person.region(), n % 2 == 0 ? person.zip5() : person.zip5() + "-" + person.zip4(), n % 4 == 0);
        String orderId = String.format("W%09d", n);
        String caseId = String.format("CS-%07d", n);
        String body = switch (kind) {
            case WEB_ORDER_PLACED -> """
                      <Order>
                        <orderId>%s</orderId>
                        <Line>
                          <sku>%s</sku>
                          <qty>2</qty>
                          <unitPrice>45.99</unitPrice>
                        </Line>
                        <total>91.98</total>
                        <currency>USD</currency>
                      </Order>
                    """.formatted(orderId, SKUS[n % SKUS.length]);
            case WEB_CART_ABANDONED -> """
                      <Cart>
                        <Item>
                          <sku>%s</sku>
                          <qty>1</qty>
                          <unitPrice>129.00</unitPrice>
                        </Item>
                        <value currency="USD">129.00</value>
                      </Cart>
                    """.formatted(SKUS[n % SKUS.length]);
            case WEB_REMINDER_SET -> """
                      <Reminder>
                        <sku>%s</sku>
                        <everyDays>60</everyDays>
                      </Reminder>
                    """.formatted(SKUS[n % SKUS.length]);
            case WEB_SUPPORT_CASE -> """
                      <SupportCase>
                        <caseId>%s</caseId>
                        <topic>DELIVERY</topic>
                        <text>My order has not arrived yet. Could you check on it?</text>
                      </SupportCase>
                    """.formatted(caseId);
            default -> "";
        };
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <Event xmlns="urn:example:web:events:2026" type="%s" id="%s" at="%s"%s>
                %s%s</Event>
                """.formatted(type, eventId, time(n, ZoneOffset.UTC).format(DateTimeFormatter.ISO_INSTANT),
                n % 2 == 0 ? " channel=\"APP\"" : "", shopper, body);
        String token = switch (kind) {
            case WEB_ORDER_PLACED -> orderId;
            case WEB_SUPPORT_CASE -> caseId;
            case WEB_CART_ABANDONED, WEB_REMINDER_SET -> eventId;
            default -> null;
        };
        return new Message(kind, xml, token);
    }
}
