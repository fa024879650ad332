package org.customerhub.http;

import static org.customerhub.json.Json.MAPPER;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** How every HTTP handler of the hub answers: a status and a JSON body; errors as {"error": CODE, "detail": text}. */
public final class JsonAnswer {
    private JsonAnswer() {
    }

    public static void respond(Message message, int status, String json) {
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(json);
    }

    public static String error(String code, String detail) {
        return MAPPER.createObjectNode().put("error", code).put("detail", detail).toString();
    }
}
