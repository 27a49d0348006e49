package io.eldercare.events;

/** A record that cannot be read as an envelope or whose payload does not fit its declared type; never retried. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
