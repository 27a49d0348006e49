/**
 * Callbacks to elders after witnessed visits: opened from VisitConfirmed, calls recorded with their outcome,
 * CallbackCompleted announced.
 */
package io.eldercare.feedback.callback;
