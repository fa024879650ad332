package org.customerhub.faults;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * The real JDBC driver behind a URL of the form {@code jdbc:dropping:<real URL>}, with a database that a test can make go
 * away at the worst moment for a message: around the commit of the next transaction that archives one. Then the test's
 * own outage runs (a PostgreSQL server it stops), or, for a database that cannot be stopped from outside (H2 in the
 * hub's JVM), every open connection is cut as PostgreSQL's {@code pg_ctl stop -m fast} cuts them (every later call
 * fails with SQL state 57P01) and new connections are refused until the test calls {@link #databaseBack()}. Nothing of
 * the hub is replaced: its pool, Jdbi and the real driver run as they do against a server that stops.
 */
public final class DroppingDriver implements Driver {
    private static final String PREFIX = "jdbc:dropping:";
    /** Calls a cut connection still answers, as a closed JDBC connection does. */
    private static final Set<String> ANSWERED_WHEN_CUT = Set.of("close", "isClosed", "isValid", "abort", "unwrap",
            "isWrapperFor", "hashCode", "equals", "toString");

    /** Where the next commit of a message's transaction loses the database. */
    public enum Drop {
        /** the commit returns, then the connection is gone (the hub's next call, restoring its settings, fails) */
        AFTER_COMMIT,
        /** the commit is made but its reply never arrives: the caller cannot know that it committed */
        COMMIT_REPLY_LOST
    }

    private static final AtomicReference<Drop> armed = new AtomicReference<>();
    private static volatile Runnable outage;
    private static final Set<Cuttable> open = ConcurrentHashMap.newKeySet();
    private static volatile boolean away;

    static {
        try {
            DriverManager.registerDriver(new DroppingDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The URL through which this driver reaches the database at the real URL. */
    public static String url(String realUrl) {
        return PREFIX + realUrl;
    }

    /** Cuts every connection at the next commit of a transaction that archives a message, and refuses new ones. */
    public static void arm(Drop drop) {
        arm(drop, DroppingDriver::cutEveryConnection);
    }

    /** Runs the outage right after the next commit of a transaction that archives a message, in the committing call. */
    public static void arm(Drop drop, Runnable outageAfterCommit) {
        away = false;
        outage = outageAfterCommit;
        armed.set(drop);
    }

    /** True while the database is away. */
    public static boolean isAway() {
        return away;
    }

    /** Lets new connections in again. */
    public static void databaseBack() {
        armed.set(null);
        away = false;
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        if (away) {
            throw new SQLException("Connection refused (the test stopped the database)", "08001");
        }
        Cuttable connection = new Cuttable(DriverManager.getConnection(url.substring(PREFIX.length()), info));
        open.add(connection);
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                connection);
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    private static void cutEveryConnection() {
        away = true;
        open.forEach(Cuttable::cut);
    }

    /** One real connection, which knows whether its open transaction archives a message and can be cut. */
    private static final class Cuttable implements InvocationHandler {
        private final Connection real;
        private boolean archives;
        private volatile boolean cut;

        Cuttable(Connection real) {
            this.real = real;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
            String name = method.getName();
            if (cut && !ANSWERED_WHEN_CUT.contains(name)) {
                throw new SQLException("terminating connection due to administrator command", "57P01");
            }
            if (cut && name.equals("isValid")) {
                return false;
            }
            if (name.startsWith("prepare") && arguments != null && String.valueOf(arguments[0]).contains("INSERT INTO raw_message")) {
                archives = true;
            }
            if (name.equals("commit") && archives) {
                archives = false;
                Drop drop = armed.getAndSet(null);
                if (drop != null) {
                    real.commit();
                    outage.run();
                    if (drop == Drop.COMMIT_REPLY_LOST) {
                        throw new SQLException("An I/O error occurred while sending to the backend", "08006");
                    }
                    return null;
                }
            }
            if (name.equals("rollback")) {
                archives = false;
            }
            if (name.equals("close")) {
                open.remove(this);
            }
            try {
                return method.invoke(real, arguments);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        /** As the server ends every session when it stops: the pool's idle connections are gone too. */
        private void cut() {
            cut = true;
            try {
                real.close();
            } catch (SQLException e) {
                throw new IllegalStateException("closing a connection of the real driver", e);
            }
        }
    }
}
