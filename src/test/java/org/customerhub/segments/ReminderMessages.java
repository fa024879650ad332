package org.customerhub.segments;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Web orders and store receipts of one shopper for the reminder tests, at chosen times. */
final class ReminderMessages {
    private static final DateTimeFormatter STORE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    final String userId = "U" + digits(8);
    final String card = digits(10);
    final String email = "reminder." + userId.toLowerCase() + "@example.org";

    static String digits(int count) {
        StringBuilder digits = new StringBuilder();
        digits.append(ThreadLocalRandom.current().nextInt(1, 10));
        for (int i = 1; i < count; i++) {
            digits.append(ThreadLocalRandom.current().nextInt(10));
        }
        return digits.toString();
    }

    String webOrder(String sku, Instant at) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Event xmlns="urn:example:web:events:2026" type="ORDER_PLACED" id="%s" at="%s">
                  <Shopper>
                    <userId>%s</userId>
                    <email>%s</email>
                    <loyaltyCard>%s</loyaltyCard>
                    <Name><given>Ines</given><family>Marwood</family></Name>
                    <Consent email="true" sms="false"/>
                  </Shopper>
                  <Order>
                    <orderId>W%s</orderId>
                    <Line><sku>%s</sku><qty>1</qty><unitPrice>24.99</unitPrice></Line>
                    <total>24.99</total>
                    <currency>USD</currency>
                  </Order>
                </Event>
                """.formatted(UUID.randomUUID(), at.truncatedTo(ChronoUnit.SECONDS), userId, email, card, digits(9), sku);
    }

    String reminderSet(String sku, Instant at, int everyDays) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Event xmlns="urn:example:web:events:2026" type="REMINDER_SET" id="%s" at="%s" channel="APP">
                  <Shopper>
                    <userId>%s</userId>
                    <email>%s</email>
                    <loyaltyCard>%s</loyaltyCard>
                    <Name><given>Ines</given><family>Marwood</family></Name>
                  </Shopper>
                  <Reminder><sku>%s</sku><everyDays>%d</everyDays></Reminder>
                </Event>
                """.formatted(UUID.randomUUID(), at, userId, email, card, sku, everyDays);
    }

    String storeReceipt(String sku, Instant at) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <pos:Transaction xmlns:pos="urn:example:retail:pos:v2"
                    store="0612" register="02" receipt="0612-02-%s" timestamp="%s" type="SALE" cashier="E30611">
                  <pos:Member card="%s" tier="PLUS" entry="SCAN"/>
                  <pos:Items>
                    <pos:Item line="1" sku="%s" desc="INK CARTRIDGE 65XL" qty="1" price="24.99" cost="14.10"/>
                  </pos:Items>
                  <pos:Tender type="CREDIT" amount="26.55" last4="8213"/>
                  <pos:Total currency="USD" subtotal="24.99" tax="1.56">26.55</pos:Total>
                </pos:Transaction>
                """.formatted(digits(6), STORE_TIME.format(at.atOffset(ZoneOffset.ofHours(-5))), card, sku);
    }
}
