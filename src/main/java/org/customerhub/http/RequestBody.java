package org.customerhub.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.camel.Message;

/** How every HTTP handler of the hub reads a text body: as UTF-8, strictly. */
public final class RequestBody {
    private RequestBody() {
    }

    /**
     * The body as text; empty when its bytes are not UTF-8, rather than a text with replacement characters in place of
     * what was sent. No body is an empty text.
     */
    public static Optional<String> utf8(Message message) {
        byte[] bytes = message.getBody(byte[].class);
        if (bytes == null) {
            return Optional.of("");
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
