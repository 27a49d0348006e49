package io.eldercare.platform.messaging;

import java.util.UUID;

/**
 * A type this service handles, at a version this build cannot read (a producer deployed first). Never retried: the
 * record is parked in the dead-letter topic until a build that reads it replays it.
 */
public class UnknownEventVersionException extends RuntimeException {

    private final String type;
    private final int version;

    public UnknownEventVersionException(String type, int version, UUID eventId) {
        super(type + " v" + version + " (event " + eventId + ") is handled here but this build cannot read that"
                + " version; parked for replay");
        this.type = type;
        this.version = version;
    }

    public String type() {
        return type;
    }

    public int version() {
        return version;
    }
}
