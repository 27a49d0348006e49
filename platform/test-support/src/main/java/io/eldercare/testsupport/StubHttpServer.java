package io.eldercare.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A small real HTTP server on loopback that answers as another platform service would, for a service's own tests;
 * the system tests run the real thing.
 */
public final class StubHttpServer implements AutoCloseable {

    private final HttpServer server;

    private StubHttpServer(HttpServer server) {
        this.server = server;
    }

    public static StubHttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.start();
            return new StubHttpServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers every request under {@code path} with 200 and this JSON. */
    public StubHttpServer json(String path, String body) {
        return handle(path, exchange -> respond(exchange, 200, "application/json", body));
    }

    public StubHttpServer handle(String path, HttpHandler handler) {
        server.createContext(path, handler);
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
