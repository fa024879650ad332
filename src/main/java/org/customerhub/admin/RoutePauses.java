package org.customerhub.admin;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The routes an admin stopped or suspended on purpose (pausing a channel, say), so that health reports them as
 * paused rather than down: an admin's decision is not an outage. Starting or resuming the route ends the pause.
 */
public final class RoutePauses {
    private final Set<String> paused = ConcurrentHashMap.newKeySet();

    public void paused(String routeId) {
        paused.add(routeId);
    }

    public void resumed(String routeId) {
        paused.remove(routeId);
    }

    public boolean isPaused(String routeId) {
        return paused.contains(routeId);
    }
}
