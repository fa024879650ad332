package org.customerhub.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;

/**
 * Refuses a SOAP request larger than the hub takes from any door (hub.ingest.max-bytes) before it is parsed: by its
 * Content-Length when it has one, else by counting while it is read. The caller gets a SOAP fault saying so.
 */
final class RequestSizeLimit extends AbstractPhaseInterceptor<Message> {
    private final long maxBytes;

    RequestSizeLimit(long maxBytes) {
        super(Phase.RECEIVE);
        this.maxBytes = maxBytes;
    }

    @Override
    public void handleMessage(Message message) {
        if (declaredLength(message) > maxBytes) {
            throw new Fault(new IOException(tooLarge()));
        }
        InputStream body = message.getContent(InputStream.class);
        if (body != null) {
            message.setContent(InputStream.class, new Counting(body));
        }
    }

    private static long declaredLength(Message message) {
        @SuppressWarnings("unchecked")
        Map<String, List<String>> headers = (Map<String, List<String>>) message.get(Message.PROTOCOL_HEADERS);
        if (headers == null) {
            return -1;
        }
        return headers.entrySet().stream().filter(header -> header.getKey().equalsIgnoreCase("Content-Length"))
                .flatMap(header -> header.getValue().stream()).mapToLong(RequestSizeLimit::parse).max().orElse(-1);
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private String tooLarge() {
        return "OVERSIZE: the request is larger than " + maxBytes + " bytes";
    }

    /** Fails the read once more than the limit has come in. */
    private final class Counting extends FilterInputStream {
        private long read;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > maxBytes) {
                throw new IOException(tooLarge());
            }
        }
    }
}
