/**
 * The dispatch service's copies of the catalog's facts (prices, contracts, suspensions, with the platform's copy of
 * the policy packs), and the quotes and provider checks it answers from them on the order path.
 */
package io.eldercare.workorder.catalog;
