/**
 * The elders this service may serve (approved by eligibility, copied from its events), who may act on them, and where
 * they live (the home's position, encrypted, and the geofence's distances). The bottom room: every other room uses it.
 */
package io.eldercare.workorder.elder;
