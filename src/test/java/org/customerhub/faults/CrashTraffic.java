package org.customerhub.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

import org.customerhub.bench.CatalogueOrders;
import org.customerhub.bench.CatalogueOrders.Customer;
import org.customerhub.bench.CatalogueOrders.Order;

/**
 * Channel messages for the crash runs, each from a different new customer, so that every message has exactly one
 * effect to look for: one customer under its channel key, one interaction, one change event. Half are catalogue
 * orders, a quarter web orders, a quarter store sales.
 */
final class CrashTraffic {
    /** One message as sent, with the effect it must have: a customer holding key, an interaction with this id. */
    record Sent(String channel, String key, String interactionId, String xml) {
        String queue() {
            return "hub.in." + channel;
        }
    }

    private final CatalogueOrders people = new CatalogueOrders();
    private final Random random;

    CrashTraffic(long seed) {
        this.random = new Random(seed);
    }

    List<Sent> messages(int count) {
        List<Sent> messages = new ArrayList<>(count);
        for (Order order : people.distinctCustomers(count)) {
            messages.add(switch (messages.size() % 4) {
                case 1 -> webOrder(order.customer());
                case 3 -> storeSale(order.customer());
                default -> new Sent("catalogue", "catalogue:" + order.customer().accountNo(), order.orderNo(), order.xml());
            });
        }
        return messages;
    }

    /** The person's number in the generator, unique per person: the account number without its leading 1. */
    private static String serial(Customer customer) {
        return customer.accountNo().substring(1);
    }

    private static String given(Customer customer) {
        return capitalised(customer.name().substring(customer.name().indexOf(", ") + 2));
    }

    private static String family(Customer customer) {
        return capitalised(customer.name().substring(0, customer.name().indexOf(", ")));
    }

    private static String capitalised(String upper) {
        return upper.charAt(0) + upper.substring(1).toLowerCase(Locale.ROOT);
    }

    private Sent webOrder(Customer customer) {
        String userId = "U2" + customer.accountNo();
        String orderId = "W00" + customer.accountNo();
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <Event xmlns="urn:example:web:events:2026" type="ORDER_PLACED" id="%s" at="2026-02-21T15:03:27Z">
                  <Shopper>
                    <userId>%s</userId>
                    <email>%s.%s@example.net</email>
                    <Name>
                      <given>%s</given>
                      <family>%s</family>
                    </Name>
                    <Phone verified="true">+1%s</Phone>
                    <Address type="shipping" default="true">
                      <line1>%s</line1>
                      <city>Worcester</city>
                      <region>MA</region>
                      <postalCode>%s</postalCode>
                      <country>US</country>
                    </Address>
                  </Shopper>
                  <Order>
                    <orderId>%s</orderId>
                    <Line>
                      <sku>120334</sku>
                      <qty>2</qty>
                      <unitPrice>45.99</unitPrice>
                    </Line>
                    <total>91.98</total>
                    <currency>USD</currency>
                  </Order>
                </Event>
                """.formatted(new UUID(random.nextLong(), random.nextLong()), userId,
                given(customer).toLowerCase(Locale.ROOT), family(customer).toLowerCase(Locale.ROOT), given(customer),
                family(customer), customer.phone(), customer.addressLine(), customer.zip(), orderId);
        return new Sent("web", "web:" + userId, orderId, xml);
    }

    private static Sent storeSale(Customer customer) {
        String card = "71" + customer.accountNo() + "0";
        String receipt = "0701-01-" + serial(customer);
        String phone = customer.phone();
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <pos:Transaction xmlns:pos="urn:example:retail:pos:v2"
                    store="0701" register="01" receipt="%s" timestamp="2026-01-31T14:08:19-05:00" type="SALE" cashier="E30611">
                  <pos:Member card="%s" tier="PLUS" entry="SCAN"/>
                  <pos:Customer capture="CASHIER">
                    <pos:FirstName>%s</pos:FirstName>
                    <pos:LastName>%s</pos:LastName>
                    <pos:Phone>(%s) %s-%s</pos:Phone>
                  </pos:Customer>
                  <pos:Items>
                    <pos:Item line="1" sku="120334" desc="PAPER LTR 24LB 5RM" qty="1" price="45.99" cost="28.70"/>
                  </pos:Items>
                  <pos:Tender type="CREDIT" amount="48.86" last4="8213"/>
                  <pos:Total currency="USD" subtotal="45.99" tax="2.87">48.86</pos:Total>
                </pos:Transaction>
                """.formatted(receipt, card, given(customer), family(customer), phone.substring(0, 3), phone.substring(3, 6),
                phone.substring(6));
        // receipt numbers repeat over the years: the store mapping keys a sale by receipt and year
        return new Sent("retail", "retail:" + card, receipt + "/2026", xml);
    }
}
