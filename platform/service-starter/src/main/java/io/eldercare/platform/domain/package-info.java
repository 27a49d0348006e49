/**
 * What every service's domain shares and that knows no transport: {@link io.eldercare.platform.domain.Refusal}, the
 * refusal a rule throws (malformed, invalid, conflict, not found, gone, forbidden, unavailable), mapped to HTTP by the web layer only.
 */
package io.eldercare.platform.domain;
