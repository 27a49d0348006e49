/**
 * The catalog's facts as events: every pack version whole, every price, every contract, suspension and contract end,
 * published through the outbox exactly once — whether a migration seeded it or the API made it.
 */
package io.eldercare.catalog.facts;
