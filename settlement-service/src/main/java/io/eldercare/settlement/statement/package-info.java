/**
 * Monthly statements per provider: lines from captured funds, the month's close and its job, and the
 * statements' API.
 */
package io.eldercare.settlement.statement;
