package org.customerhub.admin;

import static org.customerhub.http.JsonAnswer.error;
import static org.customerhub.http.JsonAnswer.respond;
import static org.customerhub.json.Json.MAPPER;

import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.apache.camel.spi.RouteController;
import org.customerhub.broker.EmbeddedBroker;
import org.customerhub.http.RequestBody;
import org.customerhub.security.HubAccess;
import org.customerhub.store.AuditLog;
import org.customerhub.store.WriteStats;

/**
 * The admin API's handlers: route status and control, the dead-letter queues, editable files, the audit log. Its routes
 * let only admins in (see {@link AdminRoutes}); every change is written to the audit log with who made it.
 */
public final class AdminApi {
    private static final int MAX_PAGE = 500;
    private static final Set<String> ROUTE_ACTIONS = Set.of("stop", "start", "suspend", "resume");
    /** Besides text/*: the types a file's text may be sent as. */
    private static final Set<String> FILE_TEXT_TYPES = Set.of("application/xml", "application/yaml", "application/x-yaml",
            "application/octet-stream");

    private final DeadLetterQueues deadLetters;
    private final AuditLog audit;
    private final Set<String> channels;
    private final Optional<EmbeddedBroker> broker;
    private final EditableFiles files;
    private final RouteErrors errors;
    private final RoutePauses pauses;
    private final Supplier<WriteStats> writes;

    public AdminApi(DeadLetterQueues deadLetters, AuditLog audit, Set<String> channels,
                    Optional<EmbeddedBroker> broker, EditableFiles files, RouteErrors errors, RoutePauses pauses,
                    Supplier<WriteStats> writes) {
        this.writes = writes;
        this.errors = errors;
        this.pauses = pauses;
        this.files = files;
        this.broker = broker;
        this.deadLetters = deadLetters;
        this.audit = audit;
        this.channels = Collections.unmodifiableSet(new LinkedHashSet<>(channels));
    }

    public void routes(Exchange exchange) {
        CamelContext context = exchange.getContext();
        ManagedCamelContext managed = context.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        ArrayNode routes = MAPPER.createArrayNode();
        for (Route route : context.getRoutes()) {
            ObjectNode node = routes.addObject();
            node.put("id", route.getId());
            node.put("source", route.getSourceLocationShort());
            node.put("status", context.getRouteController().getRouteStatus(route.getId()).name());
            ManagedRouteMBean stats = managed == null ? null : managed.getManagedRoute(route.getId());
            if (stats != null) {
                node.put("exchangesTotal", stats.getExchangesTotal());
                node.put("exchangesFailed", stats.getExchangesFailed());
                node.put("exchangesInflight", stats.getExchangesInflight());
            }
            errors.of(route.getId()).ifPresent(error -> node.put("lastErrorAt", error.at().toString())
                    .put("lastError", error.error()));
        }
        respond(exchange.getMessage(), 200, routes.toString());
    }

    /**
     * The channels at a glance, for the console's dashboard: per channel its inbound depth and count, the checked
     * messages waiting in their groups (hub.work.<channel>), dead letters,
     * feed depth and the status and counts of its ingest and feed routes. Broker figures are null on an external broker.
     */
    public void dashboard(Exchange exchange) {
        CamelContext context = exchange.getContext();
        Map<String, EmbeddedBroker.QueueStats> queues = new HashMap<>();
        broker.ifPresent(embedded -> embedded.queues().forEach(queue -> queues.putIfAbsent(queue.queue(), queue)));
        ObjectNode dashboard = MAPPER.createObjectNode().put("at", Instant.now().toString());
        boolean allStarted = context.getRoutes().stream()
                .allMatch(route -> context.getRouteController().getRouteStatus(route.getId()) == ServiceStatus.Started);
        dashboard.put("health", allStarted && broker.map(EmbeddedBroker::isStarted).orElse(true) ? "UP" : "DEGRADED");
        ArrayNode channelNodes = dashboard.putArray("channels");
        for (String channel : channels) {
            ObjectNode node = channelNodes.addObject().put("channel", channel);
            // the broker diverts a channel's messages from hub.in to hub.work as they arrive: they wait on the latter
            figure(node, "inboundDepth", queues.get("hub.work." + channel), EmbeddedBroker.QueueStats::depth);
            figure(node, "inboundAdded", queues.get("hub.work." + channel), EmbeddedBroker.QueueStats::enqueued);
            figure(node, "deadLetters", queues.get("hub.dlq." + channel), EmbeddedBroker.QueueStats::depth);
            figure(node, "feedDepth", queues.get("hub.out." + channel), EmbeddedBroker.QueueStats::depth);
            node.set("ingestRoute", routeNode(context, "ingest-" + channel));
            node.set("feedRoute", routeNode(context, "feed-" + channel));
        }
        ArrayNode routes = dashboard.putArray("routes");
        context.getRoutes().forEach(route -> routes.addObject().put("id", route.getId())
                .put("status", context.getRouteController().getRouteStatus(route.getId()).name()));
        WriteStats written = writes.get();
        dashboard.putObject("writes").put("messages", written.messages()).put("commits", written.commits())
                .put("lockWaits", written.lockWaits())
                .put("lockWaitMillis", written.lockWaitMillis()).put("retries", written.retries());
        respond(exchange.getMessage(), 200, dashboard.toString());
    }

    /** An embedded queue's figure; zero for a queue not created yet, null when the broker is external. */
    private void figure(ObjectNode node, String field, EmbeddedBroker.QueueStats queue, ToLongFunction<EmbeddedBroker.QueueStats> value) {
        if (broker.isEmpty()) {
            node.putNull(field);
        } else {
            node.put(field, queue == null ? 0 : value.applyAsLong(queue));
        }
    }

    private ObjectNode routeNode(CamelContext context, String routeId) {
        ObjectNode node = MAPPER.createObjectNode().put("id", routeId);
        ServiceStatus status = context.getRouteController().getRouteStatus(routeId);
        node.put("status", status == null ? "Missing" : status.name());
        ManagedCamelContext managed = context.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        ManagedRouteMBean stats = managed == null || status == null ? null : managed.getManagedRoute(routeId);
        if (stats != null) {
            node.put("exchangesTotal", stats.getExchangesTotal());
            node.put("exchangesFailed", stats.getExchangesFailed());
        }
        return node;
    }

    /** stop, start, suspend or resume one route; stopping a channel's route pauses it, its messages wait on the queue. */
    public void controlRoute(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        String id = message.getHeader("id", String.class);
        String action = message.getHeader("action", String.class);
        CamelContext context = exchange.getContext();
        if (!ROUTE_ACTIONS.contains(action)) {
            respond(message, 400, error("BAD_REQUEST", "the action is stop, start, suspend or resume"));
            return;
        }
        if (id == null || context.getRoute(id) == null) {
            respond(message, 404, error("NOT_FOUND", "no route with that id"));
            return;
        }
        RouteController routes = context.getRouteController();
        switch (action) {
            case "stop" -> routes.stopRoute(id);
            case "start" -> routes.startRoute(id);
            case "suspend" -> routes.suspendRoute(id);
            default -> routes.resumeRoute(id);
        }
        if (action.equals("stop") || action.equals("suspend")) {
            pauses.paused(id);
        } else {
            pauses.resumed(id);
        }
        audit.record(actor(exchange), "route." + action, id, "status now " + routes.getRouteStatus(id));
        respond(message, 200, MAPPER.createObjectNode().put("id", id).put("status", routes.getRouteStatus(id).name()).toString());
    }

    public void listDeadLetters(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        Optional<String> channel = channel(message);
        if (channel.isEmpty()) {
            return;
        }
        Optional<Integer> offset = number(message, "offset", 0);
        Optional<Integer> limit = number(message, "limit", 50);
        if (offset.isEmpty() || limit.isEmpty()) {
            return;
        }
        List<DeadLetterQueues.Entry> page = deadLetters.list(channel.get(), Math.max(0, offset.get()),
                Math.min(MAX_PAGE, Math.max(1, limit.get())));
        respond(message, 200, MAPPER.writeValueAsString(page));
    }

    public void deadLetterBody(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        Optional<String> channel = channel(message);
        Optional<DeadLetterQueues.Selection> one = selection(message, message.getHeader("messageId", String.class));
        if (channel.isEmpty() || one.isEmpty()) {
            return;
        }
        Optional<DeadLetterQueues.Body> body = deadLetters.body(channel.get(), one.get());
        if (body.isEmpty()) {
            respond(message, 404, error("NOT_FOUND", "no such dead letter"));
            return;
        }
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, body.get().text() ? "text/plain; charset=UTF-8" : "application/octet-stream");
        message.setBody(body.get().content());
    }

    /** Replays or deletes: all of a channel's dead letters, those with ?code=, or the one with ?id=. */
    public void moveDeadLetters(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        boolean replay = "POST".equals(message.getHeader(Exchange.HTTP_METHOD, String.class));
        Optional<String> channel = channel(message);
        Optional<DeadLetterQueues.Selection> selection = selection(message, message.getHeader("id", String.class));
        if (channel.isEmpty() || selection.isEmpty()) {
            return;
        }
        int moved = replay ? deadLetters.replay(channel.get(), selection.get()) : deadLetters.delete(channel.get(), selection.get());
        audit.record(actor(exchange), replay ? "dlq.replay" : "dlq.delete", "hub.dlq." + channel.get(),
                moved + " message(s)" + describe(selection.get()));
        respond(message, 200, MAPPER.createObjectNode().put(replay ? "replayed" : "deleted", moved).toString());
    }

    /** Depth, consumers, enqueued and acknowledged counts of every queue of the embedded broker. */
    public void broker(Exchange exchange) throws Exception {
        if (broker.isEmpty()) {
            respond(exchange.getMessage(), 501, error("NOT_IMPLEMENTED",
                    "the hub uses an external broker: read its figures from that broker's console"));
            return;
        }
        respond(exchange.getMessage(), 200, MAPPER.writeValueAsString(broker.get().queues()));
    }

    /**
     * /files?dir=routes|config lists; /files/{path} reads (GET) or changes (PUT, text body); /files/{path}/validate
     * checks a body without applying it; /files/{path}/diff compares a body with the running file; /files/{path}/history lists versions; /files/{path}/rollback?version=N applies
     * an earlier one.
     */
    public void files(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        String method = message.getHeader(Exchange.HTTP_METHOD, String.class);
        String rest = message.getHeader(Exchange.HTTP_PATH, "", String.class).replaceFirst("^/?admin/api/files/?", "");
        boolean fileText = "PUT".equals(method) || rest.endsWith("/validate") || rest.endsWith("/diff");
        if (!readableAsFileText(message.getHeader(Exchange.CONTENT_TYPE, String.class), fileText)) {
            // a form's fields are headers now, which would go back as response headers
            message.removeHeaders("*");
            respond(message, 415, error("UNSUPPORTED_MEDIA_TYPE",
                    "send a file's text as text/plain; charset=UTF-8 (a form or multipart body is not read as a file)"));
            return;
        }
        Optional<String> body = RequestBody.utf8(message);
        if (body.isEmpty()) {
            respond(message, 422, error("NOT_UTF8", "the body is not UTF-8 text"));
            return;
        }
        try {
            if (rest.isEmpty() && "GET".equals(method)) {
                respond(message, 200, MAPPER.writeValueAsString(files.list(message.getHeader("dir", "routes", String.class))));
            } else if (rest.endsWith("/validate") && "POST".equals(method)) {
                String path = strip(rest, "/validate");
                String content = body.get();
                Optional<String> problem = files.validate(path, content, exchange.getContext());
                ObjectNode answer = MAPPER.createObjectNode().put("path", path).put("valid", problem.isEmpty())
                        .put("detail", problem.orElse("parses and compiles"));
                if (problem.isEmpty()) {
                    answer.set("samples", MAPPER.valueToTree(files.trial(path, content)));
                }
                respond(message, problem.isEmpty() ? 200 : 422, answer.toString());
            } else if (rest.endsWith("/diff") && "POST".equals(method)) {
                String path = strip(rest, "/diff");
                String running = files.read(path).orElse("");
                String proposed = body.get();
                respond(message, 200, MAPPER.createObjectNode().put("path", path).put("changed", !running.equals(proposed))
                        .put("diff", LineDiff.of(running, proposed)).toString());
            } else if (rest.endsWith("/history") && "GET".equals(method)) {
                respond(message, 200, MAPPER.writeValueAsString(files.versions(strip(rest, "/history"))));
            } else if (rest.endsWith("/rollback") && "POST".equals(method)) {
                String path = strip(rest, "/rollback");
                Optional<Integer> version = number(message, "version", 0);
                if (version.isEmpty()) {
                    return;
                }
                Optional<String> earlier = files.version(path, version.get());
                if (earlier.isEmpty()) {
                    respond(message, 404, error("NOT_FOUND", "no such version of " + path));
                } else {
                    change(exchange, path, earlier.get(), "file.rollback");
                }
            } else if ("GET".equals(method)) {
                Optional<String> content = files.read(rest);
                if (content.isEmpty()) {
                    respond(message, 404, error("NOT_FOUND", "no such file"));
                } else {
                    message.setHeader("X-Hub-Version", EditableFiles.version(content.get()));
                    message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
                    message.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=UTF-8");
                    message.setBody(content.get());
                }
            } else if ("PUT".equals(method)) {
                change(exchange, rest, body.get(), "file.change");
            } else {
                respond(message, 405, error("METHOD_NOT_ALLOWED", method + " is not served here"));
            }
        } catch (IllegalArgumentException e) {
            respond(message, 400, error("BAD_REQUEST", e.getMessage()));
        }
    }

    /**
     * Whether a body of this Content-Type is read as it was sent: never a form or multipart body, whose fields
     * platform-http has taken out of it (a file written from what is left is empty) and made parameters; and where the
     * body is a file's text, only text (text/*, XML, YAML, bytes or no type) in UTF-8.
     */
    private static boolean readableAsFileText(String contentType, boolean fileText) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
        String type = parts[0].trim();
        if (type.equals("application/x-www-form-urlencoded") || type.startsWith("multipart/")) {
            return false;
        }
        if (!fileText) {
            return true;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.startsWith("charset=") && !parameter.replace("\"", "").equals("charset=utf-8")) {
                return false;
            }
        }
        return type.startsWith("text/") || FILE_TEXT_TYPES.contains(type);
    }

    private void change(Exchange exchange, String path, String content, String action) throws Exception {
        EditableFiles.Outcome outcome = files.write(path, content, exchange.getContext());
        if (outcome.applied()) {
            audit.recordFileChange(actor(exchange), action, path, "version " + outcome.historyVersion(), content, outcome.diff());
        }
        respond(exchange.getMessage(), outcome.applied() ? 200 : 422, MAPPER.createObjectNode().put("path", path)
                .put("applied", outcome.applied()).put("restartRequired", outcome.restartRequired())
                .put("version", outcome.historyVersion()).put("detail", outcome.detail()).toString());
    }

    private static String strip(String rest, String suffix) {
        return rest.substring(0, rest.length() - suffix.length());
    }

    public void audit(Exchange exchange) throws Exception {
        Optional<Integer> limit = number(exchange.getMessage(), "limit", 100);
        if (limit.isEmpty()) {
            return;
        }
        ArrayNode entries = MAPPER.createArrayNode();
        for (AuditLog.Entry entry : audit.latest(Math.min(MAX_PAGE, Math.max(1, limit.get())))) {
            entries.addObject().put("id", entry.id()).put("at", entry.at().toString()).put("actor", entry.actor())
                    .put("action", entry.action()).put("target", entry.target()).put("detail", entry.detail());
        }
        respond(exchange.getMessage(), 200, entries.toString());
    }

    /** A whole-number query parameter, or the default when absent; empty (answered 400) when it is no number. */
    private static Optional<Integer> number(Message message, String parameter, int absent) {
        String value = message.getHeader(parameter, String.class);
        try {
            return Optional.of(value == null || value.isBlank() ? absent : Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            respond(message, 400, error("BAD_REQUEST", parameter + " is a whole number"));
            return Optional.empty();
        }
    }

    private Optional<String> channel(Message message) {
        String channel = message.getHeader("channel", String.class);
        if (channel == null || !channels.contains(channel)) {
            respond(message, 404, error("NOT_FOUND", "the channel is one of " + channels));
            return Optional.empty();
        }
        return Optional.of(channel);
    }

    private Optional<DeadLetterQueues.Selection> selection(Message message, String messageId) {
        try {
            return Optional.of(DeadLetterQueues.Selection.of(message.getHeader("code", String.class), messageId));
        } catch (IllegalArgumentException e) {
            respond(message, 400, error("BAD_REQUEST", e.getMessage()));
            return Optional.empty();
        }
    }

    private static String describe(DeadLetterQueues.Selection selection) {
        return (selection.reason() == null ? "" : " with code " + selection.reason())
                + (selection.messageId() == null ? "" : " id " + selection.messageId());
    }

    private static String actor(Exchange exchange) {
        return exchange.getProperty(HubAccess.USER, String.class);
    }

}
