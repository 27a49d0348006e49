/**
 * The exceptions queue of visit verification: its detectors (at check-in, check-out, missing check-outs, absences),
 * the provider's explanation, the bureau's and the call centre's decisions, the counts.
 */
package io.eldercare.workorder.exceptions;
