package org.customerhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What every hostile-input test of a door needs: a hub, a client of it and a {@link HostileXml.Tripwire}, and the
 * check that a refused input left nothing behind (no row in any table a message can add to, no request to the
 * tripwire) and the hub healthy. Register it as a static field with @RegisterExtension.
 */
public final class HostileInputs implements BeforeAllCallback, AfterAllCallback {
    private final boolean ownFiles;
    private TestHub hub;
    private HubClient client;
    private HostileXml.Tripwire tripwire;

    private HostileInputs(boolean ownFiles) {
        this.ownFiles = ownFiles;
    }

    /** On the shared hub. */
    public static HostileInputs onSharedHub() {
        return new HostileInputs(false);
    }

    /** On a hub with its own copy of routes/ and config/, for tests that try to change them; stopped afterwards. */
    public static HostileInputs onHubWithOwnFiles() {
        return new HostileInputs(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        hub = ownFiles ? TestHub.withOwnFiles(new Properties()) : TestHub.shared();
        client = hub.client();
        tripwire = new HostileXml.Tripwire();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        client.close();
        tripwire.close();
        if (ownFiles) {
            hub.stop();
        }
    }

    public TestHub hub() {
        return hub;
    }

    public HubClient client() {
        return client;
    }

    public HostileXml.Tripwire tripwire() {
        return tripwire;
    }

    /** Rows of every table an accepted message or request adds to. */
    public List<Long> storeCounts() throws Exception {
        return List.of(hub.count("SELECT COUNT(*) FROM customer"), hub.count("SELECT COUNT(*) FROM interaction"),
                hub.count("SELECT COUNT(*) FROM raw_message"), hub.count("SELECT COUNT(*) FROM procurement_order"),
                hub.count("SELECT COUNT(*) FROM punchout_session"));
    }

    /** Nothing stored since the counts were taken, nothing fetched, and the hub still healthy. */
    public void assertNothingTouchedSince(List<Long> counts) throws Exception {
        assertThat(storeCounts()).as("rows added").isEqualTo(counts);
        assertThat(tripwire.hits()).as("requests the hub made").isZero();
        assertThat(client.get("/health", "application/json").statusCode()).as("GET /health").isEqualTo(200);
    }
}
