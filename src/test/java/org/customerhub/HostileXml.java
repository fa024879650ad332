package org.customerhub;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

/**
 * The hostile variants of a valid XML document that every door of the hub must refuse: entity expansion, external
 * entities and DTDs (file and http), XInclude, oversize, deep nesting, huge and countless attributes, bytes that are not
 * the declared encoding, truncation, and a name with an empty prefix. Anything fetched over http goes to a
 * {@link Tripwire}, which counts what reached it.
 */
public enum HostileXml {
    ENTITY_EXPANSION,
    FILE_ENTITY,
    HTTP_ENTITY,
    EXTERNAL_DTD,
    PARAMETER_ENTITY,
    XINCLUDE,
    OVERSIZE,
    DEEP_NESTING,
    HUGE_ATTRIBUTE,
    MANY_ATTRIBUTES,
    INVALID_ENCODING,
    TRUNCATED,
    EMPTY_PREFIX;

    /** Larger than the hub's default hub.ingest.max-bytes and hub.cxml.max-bytes (1 MiB). */
    public static final int OVERSIZE_BYTES = 1_100_000;
    private static final Pattern ROOT = Pattern.compile("<([A-Za-z_][\\w.:-]*)([^>]*?)(/?)>");
    private static final Pattern ATTRIBUTE = Pattern.compile("\\s+([\\w.:-]+)\\s*=\\s*\"([^\"]*)\"");

    /** The document made hostile; http references point at the tripwire. */
    public byte[] apply(String document, Tripwire tripwire) {
        Matcher root = ROOT.matcher(document);
        if (!root.find()) {
            throw new IllegalArgumentException("no root element");
        }
        String name = root.group(1);
        String before = document.substring(0, root.start());
        String startTag = root.group();
        String after = document.substring(root.end());
        String url = tripwire.url();
        return switch (this) {
            case ENTITY_EXPANSION -> utf8(before + laughs(name) + withContent(startTag, "&lol9;") + after);
            case FILE_ENTITY -> utf8(before + "<!DOCTYPE " + name + " [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                    + withContent(startTag, "&x;") + after);
            case HTTP_ENTITY -> utf8(before + "<!DOCTYPE " + name + " [<!ENTITY x SYSTEM \"" + url + "/entity\">]>"
                    + withContent(startTag, "&x;") + after);
            case EXTERNAL_DTD -> utf8(before + "<!DOCTYPE " + name + " SYSTEM \"" + url + "/dtd\">" + startTag + after);
            case PARAMETER_ENTITY -> utf8(before + "<!DOCTYPE " + name + " [<!ENTITY % p SYSTEM \"" + url + "/p\"> %p;]>"
                    + startTag + after);
            case XINCLUDE -> utf8(before + withContent(startTag, "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\""
                    + url + "/xinclude\"/><xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"file:///etc/passwd\""
                    + " parse=\"text\"/>") + after);
            case OVERSIZE -> utf8(before + withContent(startTag, "<!--" + "x".repeat(OVERSIZE_BYTES) + "-->") + after);
            case DEEP_NESTING -> utf8(before + withContent(startTag, "<a>".repeat(100_000) + "</a>".repeat(100_000)) + after);
            case HUGE_ATTRIBUTE -> utf8(before + hugeFirstAttribute(startTag, name) + after);
            case MANY_ATTRIBUTES -> utf8(before + withAttributes(startTag, name, manyAttributes()) + after);
            case INVALID_ENCODING -> invalidEncoding(before + withContent(startTag, "INVALID") + after);
            case TRUNCATED -> utf8(document.substring(0, document.length() / 2));
            case EMPTY_PREFIX -> utf8(before + withAttributes(startTag, name, " :x=\"1\"") + after);
        };
    }

    private static String laughs(String root) {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE " + root + " [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        return dtd.append("]>").toString();
    }

    /** The root start tag with content right after it (a self-closing root is opened and closed around it). */
    private static String withContent(String startTag, String content) {
        if (startTag.endsWith("/>")) {
            String name = startTag.substring(1).split("[\\s/>]", 2)[0];
            return startTag.substring(0, startTag.length() - 2) + ">" + content + "</" + name + ">";
        }
        return startTag + content;
    }

    private static String withAttributes(String startTag, String name, String attributes) {
        return "<" + name + attributes + startTag.substring(1 + name.length());
    }

    /** The root's first attribute that is no namespace declaration gets a huge value; a new one when there is none. */
    private static String hugeFirstAttribute(String startTag, String name) {
        String huge = "h".repeat(600_000);
        Matcher attribute = ATTRIBUTE.matcher(startTag);
        while (attribute.find()) {
            if (!attribute.group(1).startsWith("xmlns")) {
                return startTag.substring(0, attribute.start(2)) + huge + startTag.substring(attribute.end(2));
            }
        }
        return withAttributes(startTag, name, " huge=\"" + huge + "\"");
    }

    private static String manyAttributes() {
        StringBuilder attributes = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            attributes.append(" a").append(i).append("=\"\"");
        }
        return attributes.toString();
    }

    /** Declared UTF-8, but with bytes that are no UTF-8 at all in a text node. */
    private static byte[] invalidEncoding(String document) {
        String[] parts = document.split("INVALID", 2);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(utf8(parts[0]));
        bytes.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE});
        bytes.writeBytes(utf8(parts[1]));
        return bytes.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A local HTTP server that answers anything with a harmless entity and counts the requests that reached it. */
    public static final class Tripwire implements AutoCloseable {
        private final HttpServer server;
        private final AtomicInteger hits = new AtomicInteger();

        public Tripwire() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                hits.incrementAndGet();
                byte[] body = "<!ENTITY leak 'fetched'>".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        public String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        /** Requests that reached the tripwire so far. */
        public int hits() {
            return hits.get();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
