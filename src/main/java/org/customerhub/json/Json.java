package org.customerhub.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The hub's one Jackson mapper. A mapper is thread-safe once built and caches a serializer per type, so one shared
 * instance spares every handler building and warming its own. It sits in a package of its own, below the store and
 * the HTTP doors, so that both may use it.
 */
public final class Json {
    /** Values stored by a later version of the hub, with fields this one does not know, still read. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }
}
