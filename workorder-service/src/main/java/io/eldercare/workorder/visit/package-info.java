/**
 * The visit at the door and its proof: door codes, photos, check-in and check-out in the geofence, verified minutes
 * billed, and the elder's confirmation (kiosk face match, passkey, witnessed signature).
 */
package io.eldercare.workorder.visit;
