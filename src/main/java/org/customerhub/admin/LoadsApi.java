package org.customerhub.admin;

import static org.customerhub.http.JsonAnswer.respond;
import static org.customerhub.json.Json.MAPPER;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.customerhub.store.LoadRuns;
import org.customerhub.store.LoadRuns.Counts;
import org.customerhub.store.LoadRuns.Run;

/**
 * GET /admin/api/loads: the newest initial loads, running and past, with their counts and progress samples, read from
 * the store, where a load run by another process records them at every batch it commits.
 */
public final class LoadsApi {
    private static final int LOADS = 20;
    private static final int SAMPLES = 120;
    /** A running load commits a batch every few seconds; one silent for longer has stopped (killed, or its host died). */
    private static final Duration SILENT = Duration.ofMinutes(1);

    private final LoadRuns runs;

    public LoadsApi(LoadRuns runs) {
        this.runs = runs;
    }

    public void list(Exchange exchange) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        ArrayNode loads = MAPPER.createArrayNode();
        for (Run run : runs.latest(LOADS)) {
            ObjectNode load = loads.addObject().put("id", run.loadId()).put("channel", run.channel())
                    .put("state", run.state().name()).put("detail", run.detail()).put("mapping", run.mapping())
                    .put("startedAt", run.startedAt().toString()).put("updatedAt", run.updatedAt().toString())
                    .put("finishedAt", run.finishedAt() == null ? null : run.finishedAt().toString())
                    .put("silent", run.state() == LoadRuns.State.RUNNING && run.updatedAt().plus(SILENT).isBefore(now))
                    .put("bytesTotal", run.bytesTotal());
            ArrayNode sources = load.putArray("sources");
            run.sources().lines().forEach(sources::add);
            Counts counts = run.counts();
            load.putObject("counts").put("bytesRead", counts.bytesRead()).put("read", counts.read()).put("valid", counts.valid())
                    .put("rejected", counts.rejected()).put("created", counts.created()).put("matched", counts.matched())
                    .put("merged", counts.merged()).put("possible", counts.possible()).put("loadedBefore", counts.repeated());
            double seconds = Duration.between(run.startedAt(), run.updatedAt()).toMillis() / 1000.0;
            load.put("recordsPerSecond", seconds > 0 ? Math.round(counts.read() / seconds * 10) / 10.0 : 0);
            ArrayNode samples = load.putArray("samples");
            runs.samples(run.loadId(), SAMPLES).forEach(sample -> samples.addObject().put("at", sample.at().toString())
                    .put("read", sample.read()));
        }
        respond(exchange.getMessage(), 200, loads.toString());
    }
}
