package org.customerhub.broker;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.customerhub.security.DemoCredentials;
import org.customerhub.security.HubUsers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker alone, for hub nodes that share it (hub.broker.embedded=false): one half of a shared-store pair, the
 * same Artemis, addresses, permissions and plugins as the hub's embedded broker. Run by bin/broker:
 *
 * <pre>bin/broker --primary|--backup --data FOLDER --bind HOST:PORT [--config config/broker.xml]
 *            [--users config/broker-users.properties]</pre>
 *
 * The primary and its backup get the same --data folder (on a shared file system when they run on two machines);
 * whichever holds the journal's lock is live. Runs until SIGTERM, which hands the live role to the other half.
 */
public final class BrokerMain {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerMain.class);

    private BrokerMain() {
    }

    public static void main(String[] args) {
        try {
            run(arguments(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: bin/broker --primary|--backup --data FOLDER --bind HOST:PORT"
                    + " [--config config/broker.xml] [--users config/broker-users.properties]");
            System.exit(2);
        } catch (Exception e) {
            LOG.error("Broker failed: {}", e.toString(), e);
            System.exit(1);
        }
    }

    private static void run(Map<String, String> options) throws Exception {
        EmbeddedBroker.Role role = options.containsKey("primary") ? EmbeddedBroker.Role.PRIMARY : EmbeddedBroker.Role.BACKUP;
        String bind = options.get("bind");
        HubUsers users = HubUsers.load(Path.of(options.getOrDefault("users", "config/broker-users.properties")));
        refuseDemoUsersOffLoopback(users, bind);
        EmbeddedBroker broker = new EmbeddedBroker(Path.of(options.getOrDefault("config", "config/broker.xml")),
                Path.of(options.get("data")), bind, new BrokerSecurity(users), EmbeddedBroker.Tls.NONE, role);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.stop();
            } finally {
                stopped.countDown();
            }
        }, "broker-stop"));
        // a primary whose backup is live waits in start() until the backup is gone (no fail-back)
        broker.start();
        while (!broker.server().getActiveMQServer().waitForActivation(1, TimeUnit.MINUTES)) {
            LOG.debug("Broker {} still waiting for the journal lock", role);
        }
        LOG.info("Broker {} is live on {}", role, bind);
        stopped.await();
    }

    /** Each demo broker user has its own name as password: fine on loopback, an open door anywhere else. */
    private static void refuseDemoUsersOffLoopback(HubUsers users, String bind) throws Exception {
        Map<String, String> demo = new HashMap<>();
        users.names().forEach(name -> demo.put("broker user " + name, name));
        String host = bind.substring(0, bind.lastIndexOf(':'));
        DemoCredentials.refuseOffLoopback(List.of(InetAddress.getByName(host).getHostAddress()),
                DemoCredentials.inPlace(users.passwords("broker user"), demo));
    }

    private static Map<String, String> arguments(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--primary", "--backup" -> options.put(args[i].substring(2), "");
                case "--data", "--bind", "--config", "--users" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(args[i] + " needs a value");
                    }
                    options.put(args[i].substring(2), args[++i]);
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (options.containsKey("primary") == options.containsKey("backup")) {
            throw new IllegalArgumentException("say --primary or --backup");
        }
        if (!options.containsKey("data") || !options.containsKey("bind") || !options.get("bind").contains(":")) {
            throw new IllegalArgumentException("--data FOLDER and --bind HOST:PORT are required");
        }
        return options;
    }
}
