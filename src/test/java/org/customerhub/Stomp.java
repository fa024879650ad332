package org.customerhub;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** STOMP 1.2 spoken by hand over a plain socket, as a channel system without a client library would. */
public final class Stomp implements AutoCloseable {
    private final Socket socket;

    /** Connects and sends CONNECT with the login (none when login is null); read the broker's answer with readUntil. */
    public Stomp(int port, String login, String passcode) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(15_000);
        frame("CONNECT\naccept-version:1.2\nhost:127.0.0.1\n" + (login == null ? "" : "login:" + login + "\npasscode:" + passcode + "\n") + "\n");
    }

    /** Sends a frame: command, headers, a blank line and the body; the terminating NUL is added. */
    public void frame(String frame) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        out.flush();
    }

    /** What the broker sent until the text appeared or it closed the connection. */
    public String readUntil(String end) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder received = new StringBuilder();
        byte[] buffer = new byte[8192];
        int read;
        while (!received.toString().contains(end) && (read = in.read(buffer)) > 0) {
            received.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
        }
        return received.toString();
    }

    /** What the broker sent until it was quiet for the given time (nothing when it stayed quiet). */
    public String readFor(Duration quiet) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder received = new StringBuilder();
        byte[] buffer = new byte[8192];
        socket.setSoTimeout((int) quiet.toMillis());
        try {
            for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
                received.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
            }
        } catch (SocketTimeoutException e) {
            // quiet that long: all there was
        } finally {
            socket.setSoTimeout(15_000);
        }
        return received.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
