package org.customerhub.procurement;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.customerhub.security.HashedSecret;

/**
 * The partners of config/partners.properties ({@code partner.<name>.<setting>}) and the check of a request's Sender
 * credential against them. Credential domains compare case-insensitively, as cXML says they do.
 */
public final class Partners {
    private static final Pattern ACCOUNT = Pattern.compile("DS-[0-9]{6}");
    private static final Pattern CONTACT = Pattern.compile("CT-[0-9]{6}");
    private static final Set<String> MODES = Set.of("production", "test");
    /** Checked when the sender is unknown, so an unknown identity takes as long to refuse as a wrong secret. */
    private static final HashedSecret DECOY = HashedSecret.parse(HashedSecret.hash("decoy"));

    private final Map<String, Partner> byCredential;

    Partners(List<Partner> partners) {
        Map<String, Partner> map = new LinkedHashMap<>();
        for (Partner partner : partners) {
            if (map.put(credentialKey(partner.domain(), partner.identity()), partner) != null) {
                throw new IllegalArgumentException("two partners with the credential of " + partner.name());
            }
        }
        this.byCredential = Map.copyOf(map);
    }

    /** The partners' names, sorted: what monitoring watches. */
    public List<String> names() {
        return byCredential.values().stream().map(Partner::name).sorted().toList();
    }

    /** Each partner's stored shared secret, for the check that no demo secret is left on a public address. */
    public Map<String, HashedSecret> secrets() {
        Map<String, HashedSecret> secrets = new java.util.HashMap<>();
        byCredential.values().forEach(partner -> secrets.put("partner " + partner.name(), partner.secret()));
        return secrets;
    }

    public static Partners load(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return parse(reader);
        }
    }

    public static Partners parse(Reader settings) throws IOException {
        Properties properties = new Properties();
        properties.load(settings);
        Set<String> names = properties.stringPropertyNames().stream()
                .map(key -> key.split("\\.")).filter(parts -> parts.length == 3 && parts[0].equals("partner"))
                .map(parts -> parts[1]).collect(Collectors.toCollection(TreeSet::new));
        return new Partners(names.stream().map(name -> partner(name, properties)).toList());
    }

    private static Partner partner(String name, Properties properties) {
        String account = required(properties, name, "account");
        if (!ACCOUNT.matcher(account).matches()) {
            throw new IllegalArgumentException("partner " + name + ": account must be DS- and 6 digits");
        }
        Optional<String> defaultContact = Optional.ofNullable(properties.getProperty("partner." + name + ".default-contact"))
                .map(String::trim).filter(s -> !s.isEmpty());
        if (defaultContact.isPresent() && !CONTACT.matcher(defaultContact.get()).matches()) {
            throw new IllegalArgumentException("partner " + name + ": default-contact must be CT- and 6 digits");
        }
        Set<String> modes = Arrays.stream(required(properties, name, "deployment-modes").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
        if (modes.isEmpty() || !MODES.containsAll(modes)) {
            throw new IllegalArgumentException("partner " + name + ": deployment-modes must list production and/or test");
        }
        return new Partner(name, required(properties, name, "domain"), required(properties, name, "identity"),
                HashedSecret.parse(required(properties, name, "secret")), modes, account, defaultContact,
                Boolean.parseBoolean(properties.getProperty("partner." + name + ".validate-dtd", "false").trim()),
                confirmation(name, properties));
    }

    /** The confirmation endpoint, when confirmation-url is set: then the credential to send with is required too. */
    private static Optional<Partner.ConfirmationEndpoint> confirmation(String name, Properties properties) {
        String url = properties.getProperty("partner." + name + ".confirmation-url", "").trim();
        if (url.isEmpty()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("partner " + name + ": confirmation-url is not a URL");
        }
        if (uri.getScheme() == null || !Set.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("partner " + name + ": confirmation-url must be an http or https URL");
        }
        return Optional.of(new Partner.ConfirmationEndpoint(uri,
                properties.getProperty("partner." + name + ".confirmation-domain", "NetworkId").trim(),
                required(properties, name, "confirmation-identity"), required(properties, name, "confirmation-secret")));
    }

    /** A partner by its name, for work done after the request (confirmations); empty when it left the configuration. */
    public Optional<Partner> named(String name) {
        return byCredential.values().stream().filter(partner -> partner.name().equals(name)).findFirst();
    }

    private static String required(Properties properties, String name, String setting) {
        String value = properties.getProperty("partner." + name + "." + setting, "").trim();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("partner " + name + " lacks " + setting);
        }
        return value;
    }

    /** The partner whose credential and shared secret the request carries; anything else is 401, alike for all. */
    public Partner authenticate(String domain, String identity, String sharedSecret) throws CxmlRefusal {
        Partner partner = byCredential.get(credentialKey(domain, identity));
        String offered = sharedSecret == null ? "" : sharedSecret;
        boolean matches = (partner != null ? partner.secret() : DECOY).matches(offered);
        if (partner == null || !matches || offered.isEmpty()) {
            throw new CxmlRefusal(CxmlStatus.UNAUTHORIZED, "unknown sender or wrong shared secret");
        }
        return partner;
    }

    private static String credentialKey(String domain, String identity) {
        return (domain == null ? "" : domain.trim().toLowerCase(Locale.ROOT)) + "|" + (identity == null ? "" : identity.trim());
    }
}
