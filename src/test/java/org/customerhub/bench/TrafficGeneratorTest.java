package org.customerhub.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.customerhub.bench.TrafficGenerator.Kind;
import org.customerhub.bench.TrafficGenerator.Message;
import org.junit.jupiter.api.Test;

/** The bench's traffic is what the channels may send: every document type, valid against the project's schemas. */
class TrafficGeneratorTest {
    private static final int MESSAGES = 3000;

    @Test
    void everyDocumentTypeIsGeneratedAndValidAgainstItsChannelSchema() throws Exception {
        List<Message> messages = new TrafficGenerator(1, 800).messages(MESSAGES);
        ChannelSchemas schemas = new ChannelSchemas();

        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        for (Message message : messages) {
            assertThatCode(() -> schemas.check(message)).doesNotThrowAnyException();
            kinds.add(message.kind());
        }
        assertThat(kinds).containsExactlyInAnyOrder(Kind.values());
    }

    @Test
    void everyMessageIsNewContentAndEveryTokenNamesOneMessage() {
        List<Message> messages = new TrafficGenerator(2, 500).messages(MESSAGES);

        Set<String> bodies = new HashSet<>();
        Set<String> tokens = new HashSet<>();
        for (Message message : messages) {
            assertThat(bodies.add(message.xml())).as("a repeated body would be taken as a resend").isTrue();
            if (message.token() != null) {
                assertThat(tokens.add(message.token())).as(message.token()).isTrue();
            }
        }
    }

    @Test
    void aPersonIsSpelledDifferentlyAcrossChannels() {
        Person person = People.person(7, People.TRAFFIC_KEY_BASE);
        TrafficGenerator traffic = new TrafficGenerator(3, 1);

        String catalogue = traffic.of(Kind.CATALOGUE_ORDER, person).xml();
        String web = traffic.of(Kind.WEB_ACCOUNT_CREATED, person).xml();

        assertThat(catalogue).contains(person.catalogueName(), person.catalogueLine1(), person.phone10());
        assertThat(web).contains(person.spelledOutLine1(), person.webUser()).doesNotContain(person.catalogueLine1());
    }
}
