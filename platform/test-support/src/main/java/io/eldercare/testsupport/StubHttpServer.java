package io.eldercare.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A small real HTTP server on loopback that answers as another platform service would, for a service's own tests;
 * the system tests run the real thing.
 */
public final class StubHttpServer implements AutoCloseable {

    private final HttpServer server;
    // a handler that hangs must not hold up the others, nor close()
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final CountDownLatch closed = new CountDownLatch(1);

    private StubHttpServer(HttpServer server) {
        this.server = server;
        server.setExecutor(handlers);
    }

    public static StubHttpServer start() {
        try {
            StubHttpServer stub = new StubHttpServer(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
            stub.server.start();
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers every request under {@code path} with 200 and this JSON. */
    public StubHttpServer json(String path, String body) {
        return handle(path, exchange -> respond(exchange, 200, "application/json", body));
    }

    /** Takes every request under {@code path} and never answers it, as a service stuck on a lock or a full pool does. */
    public StubHttpServer hang(String path) {
        return handle(path, exchange -> {
            try {
                closed.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
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
        closed.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }
}
