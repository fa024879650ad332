package org.customerhub.broker;

import java.security.Principal;
import java.util.Set;
import java.util.stream.Collectors;

import javax.security.auth.Subject;

import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.RolePrincipal;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;
import org.customerhub.security.HubUsers;

/**
 * Who may connect to the embedded broker and what they may do, on every protocol: users and roles from
 * config/broker-users.properties (hashed passwords), permissions per address from broker.xml's security-settings.
 * Nobody connects without a user. Artemis remembers a verified login (security-invalidation-interval, keyed on the
 * user and a hash of the password), so a user pays the PBKDF2 cost once in that time, not per connection or session.
 */
public final class BrokerSecurity implements ActiveMQSecurityManager5 {
    private final HubUsers users;

    public BrokerSecurity(HubUsers users) {
        this.users = users;
    }

    @Override
    public Subject authenticate(String user, String password, RemotingConnection connection, String securityDomain) {
        if (user == null || password == null) {
            return null;
        }
        return users.login(user, password).map(BrokerSecurity::subject).orElse(null);
    }

    private static Subject subject(HubUsers.User user) {
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(user.name()));
        user.roles().forEach(role -> subject.getPrincipals().add(new RolePrincipal(role)));
        return subject;
    }

    @Override
    public boolean authorize(Subject subject, Set<Role> roles, CheckType checkType, String address) {
        if (subject == null) {
            return false;
        }
        Set<String> held = subject.getPrincipals(RolePrincipal.class).stream().map(Principal::getName).collect(Collectors.toSet());
        return roles.stream().anyMatch(role -> checkType.hasRole(role) && held.contains(role.getName()));
    }

    /** Artemis calls only the two methods above on an ActiveMQSecurityManager5; these older ones answer the same. */
    @Override
    public boolean validateUser(String user, String password) {
        return authenticate(user, password, null, null) != null;
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        return authorize(authenticate(user, password, null, null), roles, checkType, null);
    }
}
