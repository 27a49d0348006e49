package io.eldercare.workorder.dispatch.web;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import io.eldercare.workorder.dispatch.AssignmentNotices;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The caregiver app's live list (Server-Sent Events): a visit offered to her, or taken back (declined, unanswered,
 * cancelled), is pushed to her open streams at once, on whichever instance she is connected to. A change is announced
 * with PostgreSQL's NOTIFY in the transaction that makes it (so only what commits is announced, to every instance);
 * each instance LISTENs on a connection of its own and passes what concerns its connected caregivers on. The
 * announcing side is {@link AssignmentNotices}; this is the web side, the open streams.
 */
@Component
public class AssignmentStream {

    private static final Logger log = LoggerFactory.getLogger(AssignmentStream.class);
    private static final long STREAM_TIMEOUT_MS = 30 * 60 * 1000L;

    private final Map<UUID, List<SseEmitter>> streams = new ConcurrentHashMap<>();
    private final DataSourceProperties database;
    private volatile boolean running = true;
    private Thread listener;

    AssignmentStream(DataSourceProperties database) {
        this.database = database;
    }

    /** A caregiver's stream; a first "ready" event tells the app it is live (then it reloads its list once). */
    public SseEmitter open(UUID caregiver) {
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT_MS);
        List<SseEmitter> hers = streams.computeIfAbsent(caregiver, k -> new CopyOnWriteArrayList<>());
        hers.add(emitter);
        Runnable remove = () -> hers.remove(emitter);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        try {
            emitter.send(SseEmitter.event().name("ready").data("{\"staffId\":\"" + caregiver + "\"}"));
        } catch (IOException e) {
            remove.run();
        }
        return emitter;
    }

    private void deliver(String payload) {
        String[] parts = payload.split(" ");
        if (parts.length != 3) {
            return;
        }
        List<SseEmitter> hers = streams.get(UUID.fromString(parts[0]));
        if (hers == null) {
            return;
        }
        String data = "{\"orderId\":\"" + parts[1] + "\",\"change\":\"" + parts[2] + "\"}";
        for (SseEmitter emitter : hers) {
            try {
                emitter.send(SseEmitter.event().name("assignment").data(data));
            } catch (IOException | IllegalStateException e) {
                hers.remove(emitter);
            }
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    public void listen() {
        listener = new Thread(this::loop, "assignment-listener");
        listener.setDaemon(true);
        listener.start();
    }

    private void loop() {
        while (running) {
            try (Connection connection = DriverManager.getConnection(database.determineUrl(),
                    database.determineUsername(), database.determinePassword());
                    Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + AssignmentNotices.CHANNEL);
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            deliver(notification.getParameter());
                        }
                    }
                }
            } catch (Exception e) {
                if (running) {
                    log.warn("listening for assignments failed, again in a second: {}", e.toString());
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    /** Streams end when the instance stops (before its graceful shutdown waits for open requests). */
    @EventListener(ContextClosedEvent.class)
    @PreDestroy
    void stop() {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
        streams.values().forEach(list -> list.forEach(SseEmitter::complete));
        streams.clear();
    }
}
