package org.customerhub.security;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Users with a hashed password and roles each, from a properties file: the people of the API, SOAP and console
 * (config/users.properties), or the broker's clients (config/broker-users.properties). A check of an unknown user
 * costs as much as a wrong password, so timing tells nobody which names exist.
 */
public final class HubUsers {
    private static final HashedSecret DECOY = HashedSecret.parse(HashedSecret.hash("decoy"));
    private static final String BASIC = "Basic ";

    private final Map<String, User> users;

    public record User(String name, HashedSecret password, Set<String> roles) {
        public boolean hasRole(String role) {
            return roles.contains(role);
        }
    }

    private HubUsers(Map<String, User> users) {
        this.users = Map.copyOf(users);
    }

    public static HubUsers load(Path file) throws IOException {
        Properties settings = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            settings.load(reader);
        }
        return of(settings);
    }

    public static HubUsers of(Properties settings) {
        Set<String> names = settings.stringPropertyNames().stream().filter(key -> key.startsWith("user.") && key.endsWith(".password"))
                .map(key -> key.substring("user.".length(), key.length() - ".password".length())).collect(Collectors.toSet());
        return new HubUsers(names.stream().collect(Collectors.toMap(name -> name, name -> new User(name,
                HashedSecret.parse(settings.getProperty("user." + name + ".password")),
                Arrays.stream(settings.getProperty("user." + name + ".roles", "").split(",")).map(String::trim)
                        .filter(role -> !role.isEmpty()).collect(Collectors.toUnmodifiableSet())))));
    }

    /** Each user's stored password by "<label> <name>", for the check that no demo password is left on a public address. */
    public Map<String, HashedSecret> passwords(String label) {
        Map<String, HashedSecret> passwords = new HashMap<>();
        users.forEach((name, user) -> passwords.put(label + " " + name, user.password()));
        return passwords;
    }

    public Set<String> names() {
        return users.keySet();
    }

    /** The roles of the user with this name; none when there is no such user. */
    public Set<String> roles(String name) {
        User user = name == null ? null : users.get(name);
        return user == null ? Set.of() : user.roles();
    }

    /** The user with this name, when the password is right. */
    public Optional<User> login(String name, String password) {
        User user = users.get(name);
        boolean matches = (user != null ? user.password() : DECOY).matches(password);
        return user != null && matches ? Optional.of(user) : Optional.empty();
    }

    /** The user name and password an HTTP Basic Authorization header carries. */
    public record Credentials(String name, String password) {
    }

    public static Optional<Credentials> basicCredentials(String authorization) {
        if (authorization == null || !authorization.startsWith(BASIC) || authorization.length() > 1024) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(BASIC.length()).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }
}
