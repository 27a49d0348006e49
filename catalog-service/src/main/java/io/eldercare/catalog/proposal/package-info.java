/**
 * Operators' change proposals (new item, price, facility use) and the bureau's four-eyes decision on them
 * (第十条).
 */
package io.eldercare.catalog.proposal;
