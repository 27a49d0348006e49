/**
 * Providers and their contracts: registration, suspension, contract ends and the alert for contracts about to
 * expire.
 */
package io.eldercare.catalog.provider;
