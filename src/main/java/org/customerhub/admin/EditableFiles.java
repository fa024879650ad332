package org.customerhub.admin;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import javax.xml.transform.stream.StreamSource;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.component.xslt.XsltEndpoint;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.commons.codec.digest.DigestUtils;
import org.customerhub.channel.ChannelMappings;
import org.customerhub.xml.SealedXslt;
import org.customerhub.xml.SecureXml;

/**
 * The files an admin may change while the hub runs: route files under routes/ and everything under config/. A change
 * is checked before it is written, written atomically, kept in the history, and applied to just what the file defines:
 * a route file replaces only its own routes (and the previous version comes back if the new one does not start), a
 * mapping is recompiled on its next use. Files whose settings are read at start say so.
 */
public final class EditableFiles {
    private static final Set<String> ROOTS = Set.of("routes", "config");
    private static final long MAX_FILE_BYTES = 1024 * 1024;

    private final Path home;
    private final Path history;
    private final MappingTrial trial;
    private final Map<Path, Reloader> reloaders = new ConcurrentHashMap<>();
    private final Map<Path, Check> checks = new ConcurrentHashMap<>();
    private final Map<Path, String> running = new ConcurrentHashMap<>();
    private final Map<String, String> rejected = new ConcurrentHashMap<>();

    /** Puts a changed settings file into effect; throws when its content cannot be used. */
    public interface Reloader {
        void reload(Path file) throws Exception;
    }

    /** Reads a settings file's content as the hub will use it; throws with the reason when it cannot. */
    public interface Check {
        void check(String content) throws Exception;
    }

    public EditableFiles(Path home, Path history, MappingTrial trial) throws IOException {
        this.home = home.toAbsolutePath().normalize();
        this.history = history.toAbsolutePath().normalize();
        this.trial = trial;
        for (String root : ROOTS) {
            try (Stream<Path> files = Files.walk(this.home.resolve(root))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    running.put(file, Files.readString(file));
                }
            }
        }
    }

    /** The folders a watcher of on-disk changes looks at. */
    public List<Path> roots() {
        return ROOTS.stream().map(home::resolve).sorted().toList();
    }

    public record FileInfo(String path, String version, long size, String rejected) {
    }

    /** What happened to a change: applied (and whether the hub must restart for it), or refused with why. */
    public record Outcome(boolean applied, boolean restartRequired, String detail, int historyVersion, String diff) {
    }

    /** From now on a change to this file is checked with the check and takes effect without a restart. */
    public void onChange(Path file, Check check, Reloader reloader) {
        checks.put(file.toAbsolutePath().normalize(), check);
        reloaders.put(file.toAbsolutePath().normalize(), reloader);
    }

    public List<FileInfo> list(String root) throws IOException {
        Path dir = resolve(root);
        List<FileInfo> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                String relative = home.relativize(file).toString();
                files.add(new FileInfo(relative, version(Files.readString(file)), Files.size(file), rejected.get(relative)));
            }
        }
        return files;
    }

    public Optional<String> read(String path) throws IOException {
        Path file = resolve(path);
        return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
    }

    /** Parses and compiles the content as the file's kind requires; empty when it is fine, else the reason. */
    public Optional<String> validate(String path, String content, CamelContext context) {
        if (content.getBytes(StandardCharsets.UTF_8).length > MAX_FILE_BYTES) {
            return Optional.of("larger than " + MAX_FILE_BYTES + " bytes");
        }
        if (content.isBlank()) {
            // no file of the hub means anything empty, and an empty one has been a body lost on the way (a form):
            // a file that is to hold nothing says so in a comment
            return Optional.of("the file would be empty; to leave it without settings, write a comment");
        }
        try {
            if (path.endsWith(".yaml") || path.endsWith(".yml")) {
                Resource resource = ResourceHelper.fromString("file:" + resolve(path), content);
                for (RoutesBuilder builder : PluginHelper.getRoutesLoader(context).findRoutesBuilders(resource)) {
                    if (builder instanceof org.apache.camel.builder.RouteBuilder routes) {
                        routes.setCamelContext(context);
                        routes.configure();
                    }
                }
            } else if (path.endsWith(".xsl")) {
                SealedXslt.transformerFactory().newTemplates(new StreamSource(new StringReader(content), resolve(path).toUri().toString()));
                Optional<MappingTrial.SampleResult> failed = trial(path, content).stream().filter(MappingTrial.SampleResult::failed).findFirst();
                if (failed.isPresent()) {
                    // a mapping that cannot map a sample would dead-letter that channel's messages: refused before it runs
                    return Optional.of("fails on sample " + failed.get().sample() + ": " + failed.get().problem());
                }
            } else if (path.endsWith(".xsd")) {
                SecureXml.standaloneSchemaFactory().newSchema(new StreamSource(new StringReader(content), resolve(path).toUri().toString()));
            } else if (checks.containsKey(resolve(path))) {
                checks.get(resolve(path)).check(content);
            } else if (path.endsWith(".properties")) {
                new Properties().load(new StringReader(content));
            } else if (path.endsWith(".xml")) {
                Optional<String> unqualified = SecureXml.unqualifiedName(SecureXml.documentBuilder()
                        .parse(new org.xml.sax.InputSource(new StringReader(content))).getDocumentElement());
                if (unqualified.isPresent()) {
                    return Optional.of("'" + unqualified.get() + "' is not a qualified name");
                }
            }
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of(MappingTrial.describe(e));
        }
    }

    /** For a channel mapping: the changed version run on the channel's samples next to the running version. */
    public List<MappingTrial.SampleResult> trial(String path, String content) throws Exception {
        Path file = resolve(path);
        Optional<String> current = running(file);
        if (!MappingTrial.isChannelMapping(file) || current.isEmpty()) {
            return List.of();
        }
        return trial.run(file, current.get(), content);
    }

    /**
     * Checks, keeps the history, writes atomically and applies; if any step fails, the file, what runs and the history
     * are as they were (see {@link #apply}).
     */
    public synchronized Outcome write(String path, String content, CamelContext context) throws Exception {
        Optional<String> invalid = validate(path, content, context);
        if (invalid.isPresent()) {
            return new Outcome(false, false, invalid.get(), 0, "");
        }
        Path file = resolve(path);
        return apply(path, file, content, running(file), true, context);
    }

    /**
     * Takes a change made on disk (an editor, a git pull) the way {@link #write} takes one from the API. A file that
     * does not pass the checks is not applied: the running version stays and the reason is reported until the file is
     * fixed. Nothing happens when the file holds what already runs.
     */
    public synchronized Optional<Outcome> adopt(Path file, CamelContext context) throws Exception {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String path = pathOf(file);
        String content = Files.readString(file);
        Optional<String> previous = running(file);
        if (previous.isPresent() && previous.get().equals(content)) {
            // back to what runs: whatever was refused before is no longer pending
            rejected.remove(path);
            return Optional.empty();
        }
        Optional<String> invalid = validate(path, content, context);
        if (invalid.isPresent()) {
            rejected.put(path, invalid.get());
            return Optional.of(new Outcome(false, false, invalid.get(), 0, ""));
        }
        return Optional.of(apply(path, file, content, previous, false, context));
    }

    /** A file's path as the admin API names it: relative to the hub's home. */
    public String pathOf(Path file) {
        return home.relativize(file.toAbsolutePath().normalize()).toString();
    }

    /** Files changed on disk that were refused, with why; the running version of each stays. */
    public Map<String, String> rejected() {
        return Map.copyOf(rejected);
    }

    /**
     * Puts the content into effect, all or nothing: its history version first, then the file (when the API writes it;
     * a change made on disk is there already) and what runs. When a step fails, its version is dropped from the history
     * and, once the file has changed, the previous content is put back on disk and into effect; a refused route or
     * setting is answered as such, anything else is thrown once the previous state is back.
     */
    private Outcome apply(String path, Path file, String content, Optional<String> previous, boolean write, CamelContext context)
            throws Exception {
        if (previous.isPresent() && versions(path).isEmpty()) {
            keep(path, previous.get());
        }
        int version = keep(path, content);
        boolean onDisk = !write;
        try {
            if (write) {
                replace(file, content);
                onDisk = true;
            }
            takeEffect(path, file, context);
        } catch (Exception failed) {
            Files.deleteIfExists(historyOf(path).resolve(String.valueOf(version)));
            if (onDisk) {
                putBack(path, file, previous, write, context);
            }
            if (!(failed instanceof Refused)) {
                throw failed;
            }
            rejected.put(path, failed.getMessage());
            return new Outcome(false, false, failed.getMessage(), 0, "");
        }
        running.put(file, content);
        rejected.remove(path);
        boolean live = isRouteFile(path) || path.endsWith(".xsl") || reloaders.containsKey(file);
        return new Outcome(true, !live, "applied", version, LineDiff.of(previous.orElse(""), content));
    }

    /** A route file's routes or a settings file's settings that the hub could not take. */
    private static final class Refused extends Exception {
        Refused(String reason, Exception cause) {
            super(reason + MappingTrial.describe(cause), cause);
        }
    }

    private void takeEffect(String path, Path file, CamelContext context) throws Exception {
        if (isRouteFile(path)) {
            try {
                PluginHelper.getRoutesLoader(context).updateRoutes(resource(file, context));
            } catch (Exception failed) {
                throw new Refused("the new routes did not start, the previous version runs: ", failed);
            }
        } else if (path.endsWith(".xsl")) {
            forgetCompiledMapping(context, file);
        } else if (reloaders.containsKey(file)) {
            try {
                reloaders.get(file).reload(file);
            } catch (Exception failed) {
                throw new Refused("the new settings could not be used, the previous ones stay: ", failed);
            }
        }
    }

    /** The previous content back on disk and in effect; a file the API created is removed again. */
    private void putBack(String path, Path file, Optional<String> previous, boolean written, CamelContext context)
            throws Exception {
        if (previous.isPresent()) {
            replace(file, previous.get());
            takeEffect(path, file, context);
        } else if (written) {
            Files.deleteIfExists(file);
        }
    }

    /** What runs: the content last applied, or what the file held when the hub started. */
    private Optional<String> running(Path file) throws IOException {
        if (!running.containsKey(file) && Files.isRegularFile(file)) {
            running.put(file, Files.readString(file));
        }
        return Optional.ofNullable(running.get(file));
    }

    public List<Integer> versions(String path) throws IOException {
        Path dir = historyOf(path);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> Integer.parseInt(p.getFileName().toString())).sorted().toList();
        }
    }

    public Optional<String> version(String path, int version) throws IOException {
        Path file = historyOf(path).resolve(String.valueOf(version));
        return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
    }

    private int keep(String path, String content) throws IOException {
        List<Integer> versions = versions(path);
        int next = versions.isEmpty() ? 1 : versions.get(versions.size() - 1) + 1;
        Files.createDirectories(historyOf(path));
        Files.writeString(historyOf(path).resolve(String.valueOf(next)), content);
        return next;
    }

    private Path historyOf(String path) {
        return history.resolve(resolve(path).toString().substring(home.toString().length() + 1));
    }

    private static void replace(Path file, String content) throws IOException {
        Path temporary = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        Files.writeString(temporary, content);
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The running XSLT endpoints and ingest mappings of this file compile it again on their next message. */
    private static void forgetCompiledMapping(CamelContext context, Path file) {
        ChannelMappings ingestMappings = context.getRegistry().findSingleByType(ChannelMappings.class);
        if (ingestMappings != null) {
            ingestMappings.forget(file);
        }
        for (Endpoint endpoint : context.getEndpoints()) {
            if (endpoint instanceof XsltEndpoint xslt && xslt.getResourceUri().endsWith(file.getFileName().toString())) {
                xslt.clearCachedStylesheet();
            }
        }
    }

    private boolean isRouteFile(String path) {
        return resolve(path).startsWith(home.resolve("routes")) && (path.endsWith(".yaml") || path.endsWith(".yml"));
    }

    /** Named as the relative routes-include-pattern named it at start, so the loader knows the file's routes. */
    private static Resource resource(Path file, CamelContext context) {
        return ResourceHelper.resolveResource(context, "file:" + Path.of("").toAbsolutePath().relativize(file));
    }

    /** Only files below routes/ and config/; anything that leaves them is refused. */
    Path resolve(String path) {
        if (path == null || path.isBlank() || path.length() > 300) {
            throw new IllegalArgumentException("give a path below routes/ or config/");
        }
        Path file = home.resolve(path).normalize();
        Path relative = home.relativize(file);
        if (!file.startsWith(home) || relative.getNameCount() == 0 || !ROOTS.contains(relative.getName(0).toString())) {
            throw new IllegalArgumentException("only files below routes/ and config/ can be read or changed");
        }
        return file;
    }

    static String version(String content) {
        return DigestUtils.sha256Hex(content).substring(0, 12);
    }
}
