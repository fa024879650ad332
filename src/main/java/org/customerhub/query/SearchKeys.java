package org.customerhub.query;

import java.util.Optional;
import java.util.function.Function;

/** Normalises search input the way ingest normalised the stored values, so a search matches what was stored. */
public record SearchKeys(Function<String, String> email, Function<String, Optional<String>> phone) {

    public String email(String raw) {
        return email.apply(raw);
    }

    public Optional<String> phone(String raw) {
        return phone.apply(raw);
    }
}
