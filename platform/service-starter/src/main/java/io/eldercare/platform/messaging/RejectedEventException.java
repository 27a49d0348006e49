package io.eldercare.platform.messaging;

/**
 * A handler refused an event for a reason a retry cannot change (a rule, bad data): the record is dead-lettered at
 * once instead of holding its topic up for minutes of retries; after a fix, the replay brings it back.
 */
public class RejectedEventException extends RuntimeException {

    public RejectedEventException(RuntimeException cause) {
        super(cause.getMessage(), cause);
    }
}
