package io.eldercare.workorder.order;

import java.util.UUID;

/**
 * What the order needs from dispatch, which sits above it: a placed order offered to a caregiver, and a caregiver told
 * that an order she had was cancelled. Implemented by {@code dispatch}; the order knows only this port.
 */
public interface Assignments {

    /** With automatic dispatch, offers a waiting visit to its best caregiver now (the matching pass retries later). */
    void offerIfAutomatic(UUID orderId);

    /** Tells the caregiver's live list, in the caller's transaction, that a visit she had was cancelled. */
    void cancelled(UUID caregiverId, UUID orderId);
}
