package org.customerhub.load;

import org.customerhub.store.LoadRuns.Counts;

/** Shows a load's progress as it goes: a bar on a terminal, plain lines otherwise. */
interface Progress extends AutoCloseable {
    /** counts: the load's counts now, bytesRead of bytesTotal: how far into its files it is. */
    void show(Counts counts);

    /** A line of its own (a resume, a warning), printed without breaking the bar. */
    void say(String line);

    @Override
    void close();
}
