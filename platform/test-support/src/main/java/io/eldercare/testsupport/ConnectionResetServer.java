package io.eldercare.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback port that accepts connections and resets them at once, before any answer, as a crashing service or a
 * proxy in between does.
 */
public final class ConnectionResetServer implements AutoCloseable {

    private final ServerSocket socket;
    private final AtomicInteger accepted = new AtomicInteger();

    private ConnectionResetServer(ServerSocket socket) {
        this.socket = socket;
        Thread acceptor = new Thread(this::resetEveryConnection, "connection-reset-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static ConnectionResetServer start() {
        try {
            return new ConnectionResetServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void resetEveryConnection() {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                accepted.incrementAndGet();
                connection.getInputStream().read(new byte[512]);
                // linger 0: close with a RST rather than a polite FIN
                connection.setSoLinger(true, 0);
            } catch (IOException closedOrReset) {
                // next connection, or the server was closed
            }
        }
    }

    public String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    /** How many connections were accepted (and reset). */
    public int accepted() {
        return accepted.get();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
