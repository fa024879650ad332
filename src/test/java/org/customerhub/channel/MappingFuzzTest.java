package org.customerhub.channel;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.xml.transform.TransformerException;
import javax.xml.transform.dom.DOMSource;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.customerhub.canonical.query.CustomerQuery;
import org.customerhub.store.AttributeCodec;
import org.customerhub.xml.DocumentFormat;
import org.customerhub.xml.InboundGuard;
import org.customerhub.xml.RejectedMessageException;
import org.customerhub.xml.SecureXml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.w3c.dom.Document;

/**
 * Fuzzes what an inbound message meets before the store: the guard (size, prolog, safe parse, schema), then for a
 * channel its mapping (sealed, as the routes run it) and the canonical unmarshal, for a query the query unmarshal.
 * Whatever the bytes, the only failures are those the hub answers with a reason: RejectedMessageException, the
 * mapping's TransformerException and JAXB's refusal (MAPPING_FAILED). Anything else would be retried as if the hub were
 * at fault and end as PROCESSING_FAILED; a hang would hold a consumer. The first byte of an input picks the format and
 * whether the body is text or bytes. Without JAZZER_FUZZ=1 this runs the seeds in MappingFuzzTestInputs as a regression
 * test; with it, Jazzer fuzzes for the duration below. Each input has a bounded time: a hang is a finding too.
 */
class MappingFuzzTest {
    private static final List<String> CHANNELS = List.of("catalogue", "retail", "directsales", "web");
    private static final String QUERY = "query";
    private static final int TEXT_BODY = 0x80;
    private static InboundGuard guard;
    private static ChannelMappings mappings;
    private static JAXBContext queries;
    /** Inputs run on this thread, so that one that never ends is reported rather than holding the test forever. */
    private static final ExecutorService WORKER = Executors.newSingleThreadExecutor();
    private static final int MAX_SECONDS_PER_INPUT = 10;

    @BeforeAll
    static void load() throws Exception {
        Map<String, DocumentFormat> formats = new LinkedHashMap<>();
        for (String channel : CHANNELS) {
            formats.put(channel, DocumentFormat.load(channel, Path.of("xsd/channels", channel + ".xsd")));
        }
        formats.put(QUERY, DocumentFormat.load(QUERY, Path.of("xsd/query/customer-query.xsd")));
        guard = new InboundGuard(formats, 1_048_576, 4000);
        mappings = new ChannelMappings(Path.of("config/mappings"), AttributeCodec.canonicalContext(),
                SecureXml.schemaFactory().newSchema(Path.of("xsd/canonical/customer.xsd").toFile()));
        queries = JAXBContext.newInstance(CustomerQuery.class);
    }

    @AfterAll
    static void stop() {
        WORKER.shutdownNow();
    }

    @FuzzTest(maxDuration = "60s")
    void parseValidateMap(byte[] input) throws Throwable {
        Future<?> run = WORKER.submit(() -> {
            check(input);
            return null;
        });
        try {
            run.get(MAX_SECONDS_PER_INPUT, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            run.cancel(true);
            throw new AssertionError("an input kept the hub busy for more than " + MAX_SECONDS_PER_INPUT + " s");
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    private static void check(byte[] input) throws Exception {
        int selector = input.length == 0 ? 0 : Byte.toUnsignedInt(input[0]);
        int pick = (selector & ~TEXT_BODY) % (CHANNELS.size() + 1);
        String format = pick < CHANNELS.size() ? CHANNELS.get(pick) : QUERY;
        byte[] message = input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
        Object body = (selector & TEXT_BODY) != 0 ? new String(message, StandardCharsets.UTF_8) : message;
        try {
            Document document = guard.accept(format, body);
            if (format.equals(QUERY)) {
                queries.createUnmarshaller().unmarshal(document, CustomerQuery.class);
                return;
            }
            mappings.map(Path.of("config/mappings", format + "-to-canonical.xsl"), new DOMSource(document));
        } catch (RejectedMessageException | TransformerException | JAXBException declared) {
            // dead-lettered (or answered) with its reason: the outcome the hub promises for a bad message
        }
    }
}
