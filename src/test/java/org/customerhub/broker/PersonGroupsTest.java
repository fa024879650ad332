package org.customerhub.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.message.impl.CoreMessage;
import org.junit.jupiter.api.Test;

/** The group the broker's divert gives a channel message: the person's key where it is, else the channel's own. */
class PersonGroupsTest {
    private static final String CATALOGUE_PATHS = "/*/CUST/ACCT_NO|/CATALOGUE_CUSTOMER_CHANGE/ACCT_NO";

    private static PersonGroups groups(String channel, String person, String maxBytes) {
        PersonGroups groups = new PersonGroups();
        groups.init(Map.of("channel", channel, "person", person, "max-bytes", maxBytes));
        return groups;
    }

    private static Message text(String body) {
        CoreMessage message = new CoreMessage(1, 1024);
        message.setType(Message.TEXT_TYPE);
        message.getBodyBuffer().writeNullableSimpleString(SimpleString.of(body));
        return message;
    }

    private static Message bytes(byte[] body) {
        CoreMessage message = new CoreMessage(1, 1024);
        message.setType(Message.BYTES_TYPE);
        message.getBodyBuffer().writeBytes(body);
        return message;
    }

    private static String group(PersonGroups groups, Message message) {
        return groups.transform(message).getGroupID().toString();
    }

    @Test
    void theFirstAlternativeThatIsPresentKeysTheGroup() {
        PersonGroups catalogue = groups("catalogue", CATALOGUE_PATHS, "1048576");
        assertThat(group(catalogue, text("<CATALOGUE_ORDER><CUST><ACCT_NO>0058214</ACCT_NO></CUST></CATALOGUE_ORDER>")))
                .isEqualTo("catalogue:0058214");
        assertThat(group(catalogue, text("<CATALOGUE_CUSTOMER_CHANGE><ACCT_NO>0071395</ACCT_NO></CATALOGUE_CUSTOMER_CHANGE>")))
                .isEqualTo("catalogue:0071395");
    }

    @Test
    void localNamesMatchWhateverTheNamespaceAndAttributesAreRead() {
        PersonGroups retail = groups("retail", "/*/Member/@card", "1048576");
        String receipt = "<pos:Sale xmlns:pos=\"urn:example:pos\"><pos:Store id=\"12\"/><pos:Member card=\"7105821406\"/></pos:Sale>";
        assertThat(group(retail, bytes(receipt.getBytes(StandardCharsets.UTF_8)))).isEqualTo("retail:7105821406");
        PersonGroups web = groups("web", "/*/Shopper/userId", "1048576");
        assertThat(group(web, text("<Event xmlns=\"urn:example:web\"><Shopper><email>a@b.c</email><userId>U30772145</userId>"
                + "</Shopper></Event>"))).isEqualTo("web:U30772145");
    }

    @Test
    void anElementElsewhereWithTheSameNameIsNotThePerson() {
        PersonGroups web = groups("web", "/*/Shopper/userId", "1048576");
        assertThat(group(web, text("<Event><Referrer><userId>OTHER</userId></Referrer><Shopper><userId>U1</userId></Shopper></Event>")))
                .isEqualTo("web:U1");
    }

    @Test
    void whatHasNoKeyOrIsNoSafeXmlGetsTheChannelsOwnGroup() {
        PersonGroups web = groups("web", "/*/Shopper/userId", "64");
        assertThat(group(web, text("<Event type=\"X\"/>"))).isEqualTo("web:");
        assertThat(group(web, text("not xml at all"))).isEqualTo("web:");
        assertThat(group(web, text("<!DOCTYPE Event [<!ENTITY u \"U1\">]><Event><Shopper><userId>&u;</userId></Shopper></Event>")))
                .isEqualTo("web:");
        assertThat(group(web, text("<Event><Shopper><userId>U1</userId></Shopper><Pad>" + "x".repeat(100) + "</Pad></Event>")))
                .as("over max-bytes").isEqualTo("web:");
        assertThat(group(web, bytes(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 0}))).isEqualTo("web:");
    }

    @Test
    void theMessageIsLabelledWithItsInboundQueueAndArrival() {
        long before = System.currentTimeMillis();
        Message grouped = groups("directsales", "/*/accountId", "1048576")
                .transform(text("<AccountUpdate><accountId>DS-306114</accountId></AccountUpdate>"));
        assertThat(grouped.getGroupID().toString()).isEqualTo("directsales:DS-306114");
        assertThat(grouped.getStringProperty(PersonGroups.RECEIVED_ON)).isEqualTo("hub.in.directsales");
        assertThat(grouped.getLongProperty(PersonGroups.RECEIVED_AT)).isBetween(before, System.currentTimeMillis());
    }
}
