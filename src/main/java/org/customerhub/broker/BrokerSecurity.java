package org.customerhub.broker;

import java.security.Principal;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import javax.security.auth.Subject;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.postoffice.Binding;
import org.apache.activemq.artemis.core.postoffice.Bindings;
import org.apache.activemq.artemis.core.postoffice.QueueBinding;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
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
 *
 * <p>A temporary queue is its creating user's alone. broker.xml can only say which roles may use temporary queues
 * (temp.#, through the uuid-namespace), and every channel user holds the query role: so no user but the one who
 * created a temporary queue may read it, browse it or make a queue of its own on its address, whatever its roles say.
 */
public final class BrokerSecurity implements ActiveMQSecurityManager5 {
    private final HubUsers users;
    private volatile ActiveMQServer broker;

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

    /** The broker whose temporary queues this guards; given before it starts. */
    void guard(ActiveMQServer broker) {
        this.broker = broker;
    }

    @Override
    public boolean authorize(Subject subject, Set<Role> roles, CheckType checkType, String address) {
        if (subject == null) {
            return false;
        }
        // the hub answers on a temporary queue: sending there is for the roles broker.xml names, anything else its creator's
        if (checkType != CheckType.SEND && temporaryQueues(address).stream().anyMatch(queue -> !createdBy(queue, userOf(subject)))) {
            return false;
        }
        Set<String> held = subject.getPrincipals(RolePrincipal.class).stream().map(Principal::getName).collect(Collectors.toSet());
        return roles.stream().anyMatch(role -> checkType.hasRole(role) && held.contains(role.getName()));
    }

    /** Whether whatever is sent to the address reaches only temporary queues the user created (and at least one). */
    public boolean onlyTemporaryQueuesOf(String user, String address) {
        Collection<Binding> bindings = bindings(address);
        return !bindings.isEmpty() && bindings.stream().allMatch(binding -> binding instanceof QueueBinding queue
                && queue.getQueue().isTemporary() && createdBy(queue.getQueue(), user));
    }

    /** The user's roles; none for a name that is no user. */
    public Set<String> roles(String user) {
        return users.roles(user);
    }

    private List<Queue> temporaryQueues(String address) {
        return bindings(address).stream().filter(QueueBinding.class::isInstance).map(binding -> ((QueueBinding) binding).getQueue())
                .filter(Queue::isTemporary).toList();
    }

    private Collection<Binding> bindings(String address) {
        ActiveMQServer server = broker;
        if (server == null || address == null) {
            return List.of();
        }
        try {
            Bindings bindings = server.getPostOffice().lookupBindingsForAddress(SimpleString.of(address));
            return bindings == null ? List.of() : bindings.getBindings();
        } catch (Exception e) {
            throw new IllegalStateException("Could not look up the queues of address " + address, e);
        }
    }

    private static boolean createdBy(Queue queue, String user) {
        return queue.getUser() != null && queue.getUser().toString().equals(user);
    }

    private static String userOf(Subject subject) {
        return subject.getPrincipals(UserPrincipal.class).stream().map(Principal::getName).findFirst().orElse(null);
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
