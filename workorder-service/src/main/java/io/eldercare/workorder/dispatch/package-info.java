/**
 * Who makes the visit: matching the best caregiver, offers, accept and decline, escalation, caregivers' days off and
 * their live list (web.AssignmentStream). Above order; the order reaches it only through its Assignments port.
 */
package io.eldercare.workorder.dispatch;
