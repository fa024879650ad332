package org.customerhub.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.jms.BytesMessage;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;

import org.customerhub.HostileXml;
import org.customerhub.HostileInputs;
import org.customerhub.HubClient;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The broker door: every hostile variant of a valid message, on every channel's inbound queue and on the query queue,
 * is answered with its reason (a dead letter with HubErrorCode and the original bytes; a query reply with status ERROR
 * and errorCode), nothing is fetched, no customer, interaction or archived message appears, and the hub stays healthy.
 */
class QueueHostileInputTest {
    private static final Map<String, String> VALID = Map.of(
            "catalogue", "catalogue/order-phone-lindqvist.xml",
            "retail", "retail/sale-member-lindqvist.xml",
            "directsales", "directsales/contract-order-quinsigamond-vet.xml",
            "web", "web/order-placed-lindqvist.xml");
    private static final String QUERY = "<customerQuery xmlns=\"urn:customerhub:query:1\"><card>7105821406</card></customerQuery>";
    @RegisterExtension
    static final HostileInputs DOOR = HostileInputs.onSharedHub();

    /** Why the hub refuses each variant. */
    static String reason(HostileXml attack) {
        return switch (attack) {
            case ENTITY_EXPANSION, FILE_ENTITY, HTTP_ENTITY, EXTERNAL_DTD, PARAMETER_ENTITY -> "DTD_FORBIDDEN";
            case XINCLUDE, HUGE_ATTRIBUTE -> "SCHEMA_INVALID";
            case OVERSIZE -> "OVERSIZE";
            case DEEP_NESTING, MANY_ATTRIBUTES, TRUNCATED, EMPTY_PREFIX -> "MALFORMED_XML";
            case INVALID_ENCODING -> "ENCODING_ERROR";
        };
    }

    static Stream<Arguments> channelsAndAttacks() {
        return VALID.keySet().stream().sorted().flatMap(channel -> Stream.of(HostileXml.values()).map(attack -> Arguments.of(channel, attack)));
    }


    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("channelsAndAttacks")
    void aHostileChannelMessageIsDeadLetteredWithItsReasonAndChangesNothing(String channel, HostileXml attack) throws Exception {
        byte[] body = attack.apply(HubClient.resource(VALID.get(channel)), DOOR.tripwire());
        List<Long> before = DOOR.storeCounts();
        String testCase = UUID.randomUUID().toString();
        DOOR.client().sendBytes("hub.in." + channel, body, Map.of("TestCase", testCase));

        Message dead = DOOR.client().receive("hub.dlq." + channel, "TestCase = '" + testCase + "'", Duration.ofSeconds(20));
        assertThat(dead).as("dead letter on hub.dlq." + channel).isNotNull();
        assertThat(dead.getStringProperty("HubErrorCode")).as(dead.getStringProperty("HubErrorDetail")).isEqualTo(reason(attack));
        assertThat(((BytesMessage) dead).getBody(byte[].class)).as("the original bytes").isEqualTo(body);
        assertThat(dead.getStringProperty("HubErrorDetail")).doesNotContain("root:x:0:0");
        DOOR.assertNothingTouchedSince(before);
    }

    @ParameterizedTest
    @EnumSource(HostileXml.class)
    void aHostileQueryIsAnsweredWithItsReason(HostileXml attack) throws Exception {
        TextMessage reply = DOOR.client().ask(attack.apply(QUERY, DOOR.tripwire()));
        assertThat(reply).as("a reply").isNotNull();
        assertThat(reply.getText()).contains("status=\"ERROR\"", "errorCode=\"" + reason(attack) + "\"").doesNotContain("root:x:0:0");
        assertThat(DOOR.tripwire().hits()).as("requests the hub made").isZero();
    }
}
